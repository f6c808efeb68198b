// Request bodies spooled to disk (CSV imports): one temp directory per upload, named with the server's pid, removed
// when the request ends whatever happens; directories a killed server left behind are swept by the next one.
import { createWriteStream, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Request } from "express";
import { RequestProblem } from "./problem.js";

export const UPLOAD_PREFIX = "faultlines-upload-";

export function createUploadDir(root = tmpdir()): string {
  return mkdtempSync(path.join(root, `${UPLOAD_PREFIX}${process.pid}-`));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the upload directories of servers that are no longer running; returns their paths. */
export function sweepStaleUploads(root = tmpdir()): string[] {
  const swept: string[] = [];
  for (const name of readdirSync(root)) {
    const pid = Number(/^faultlines-upload-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    const dir = path.join(root, name);
    rmSync(dir, { recursive: true, force: true });
    swept.push(dir);
  }
  return swept;
}

const tooLarge = (maxBytes: number) =>
  new RequestProblem("payload_too_large", `the upload is larger than the cap of ${maxBytes} bytes (IMPORT_MAX_BYTES)`, {
    limit: maxBytes,
  });

/**
 * Streams the request body to `file`, refusing (payload_too_large) a declared or actual length over `maxBytes`
 * and rejecting when the client goes away mid-body. The request is never destroyed here, so that the caller can
 * still answer; it should answer with `Connection: close` when the body was not read to its end.
 */
export async function spoolBody(req: Request, file: string, maxBytes: number): Promise<number> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") {
    throw new RequestProblem("unsupported_media_type", `send the file uncompressed (Content-Encoding: ${encoding})`);
  }
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  const onError = (err: Error) => counted.destroy(err);
  const onClose = () => {
    if (!req.complete)
      counted.destroy(Object.assign(new Error("the client closed the upload"), { code: "ECONNRESET" }));
  };
  req.on("error", onError);
  req.on("close", onClose);
  req.pipe(counted);
  try {
    await pipeline(counted, createWriteStream(file));
    return bytes;
  } finally {
    req.unpipe(counted);
    req.off("error", onError);
    req.off("close", onClose);
  }
}
