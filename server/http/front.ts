// The server's two threads (front-worker.ts says why): the app listens on a Unix socket in a private directory, and a
// front thread listens on PORT, answers /api/health from the app's last health answer, and passes everything else to
// the app. Measured before (scale bench, 300k events): health waited on the one event loop behind imports (runs of
// 200-350 ms of CSV parsing, IPC writes and garbage collection on the main thread: p99 123-180 ms during a 20k-row
// import) and behind the other answers' serialization.
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Express } from "express";
import { startTsWorker } from "../services/worker-pool.js";
import type { FrontOptions } from "./front-worker.js";

/** The client's address as the front saw it, on each request it passes (the app's throttle of wrong tokens counts by it). */
export const CLIENT_HEADER = "x-faultlines-client";

export interface Front {
  /** The port the front listens on. */
  port: number;
  /** Stops taking connections (the front's and the app's), then ends the front thread. */
  close(): Promise<void>;
}

/**
 * Listens with `app` on a private Unix socket and starts the front thread on `port`/`host`; resolves once the front
 * listens (after the app's first health answer).
 */
export async function listenWithFront(
  app: Express,
  options: { port: number; host: string; allowedHosts?: string; stallMs: number },
): Promise<Front> {
  const dir = mkdtempSync(path.join(tmpdir(), "faultlines-"));
  const socketPath = path.join(dir, "app.sock");
  const appServer: Server = await new Promise((resolve, reject) => {
    const s = app.listen(socketPath, () => resolve(s));
    s.once("error", reject);
  });
  const data: FrontOptions = { ...options, socketPath };
  const worker = startTsWorker(new URL("./front-worker.ts", import.meta.url).href, { data });
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeDir);
  const port = await new Promise<number>((resolve, reject) => {
    worker.on("message", (m: { type: string; port?: number; message?: string }) => {
      if (m.type === "listening") resolve(m.port!);
      if (m.type === "error") reject(new Error(`cannot listen on ${options.host}:${options.port}: ${m.message}`));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the front thread ended (${code}) before it listened`)));
  });
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => {
        const done = setTimeout(resolve, 2_000);
        worker.on("message", (m: { type: string }) => {
          if (m.type === "closed") {
            clearTimeout(done);
            resolve();
          }
        });
        worker.postMessage({ type: "close" });
      });
      appServer.close();
      appServer.closeIdleConnections();
      await worker.terminate();
      removeDir();
    },
  };
}
