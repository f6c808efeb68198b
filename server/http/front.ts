// The server's two processes (front-process.ts says how): a small front process listens on PORT, answers
// /api/health itself from the app's last health answer, and sends every other connection's socket to this process,
// whose HTTP server serves it as when it listened itself. Health then answers whatever holds this process's event
// loop. Measured before, on a 300k-event store: health waited behind imports (runs of 200-350 ms of CSV parsing, IPC
// writes and garbage collection on the main thread: p99 123-180 ms during a 20k-row import). A front thread that
// passed every request (parsed, or as bytes) cost 0.42-0.77 or 0.23-0.46 ms of CPU per request against 0.16-0.31 ms,
// and its own work queued health under load; a handed-over socket costs the front nothing afterwards.
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import http from "node:http";
import type net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Express } from "express";
import type { FromFront, FrontOptions } from "./front-process.js";

const TSX = createRequire(import.meta.url).resolve("tsx");
const ENTRY = fileURLToPath(new URL("./front-process.ts", import.meta.url));

export interface Front {
  /** The port the front listens on. */
  port: number;
  /** The front process (its pid for memory readings). */
  process: ChildProcess;
  /** Stops taking connections (the front's and the app's), then ends the front process. */
  close(): Promise<void>;
}

/**
 * Starts the front process at once (its start-up overlaps the store's opening); `serve(app)` then serves `app` on the
 * sockets it hands over (and on a private Unix socket, for its health checks) and resolves once the front listens,
 * after the app's first health answer.
 */
export function startFront(options: { port: number; host: string; allowedHosts?: string; stallMs: number }): {
  serve(app: Express): Promise<Front>;
} {
  const dir = mkdtempSync(path.join(tmpdir(), "faultlines-"));
  const socketPath = path.join(dir, "app.sock");
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeDir);
  const data: FrontOptions = { ...options, socketPath };
  const front = fork(ENTRY, [JSON.stringify(data)], {
    execArgv: ["--import", TSX],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let closing = false;
  const listening = new Promise<number>((resolve, reject) => {
    front.on("message", (m: FromFront) => {
      if (m.type === "listening") resolve(m.port);
      if (m.type === "error") reject(new Error(`cannot listen on ${options.host}:${options.port}: ${m.message}`));
    });
    front.once("error", reject);
    front.once("exit", (code) => reject(new Error(`the front process ended (${code}) before it listened`)));
  });
  // Not awaited until serve(): a failure before then is reported there.
  listening.catch(() => {});
  return {
    async serve(app) {
      const appServer = http.createServer(app);
      front.on("message", (m: FromFront, handle: unknown) => {
        if (m.type !== "connection" || !handle) return;
        const socket = handle as net.Socket;
        // As sockets the server accepts itself: a client's half-close does not cut the answer it is owed.
        socket.allowHalfOpen = true;
        const head = Buffer.from(m.head, "base64");
        if (head.length) socket.unshift(head);
        appServer.emit("connection", socket);
      });
      await new Promise<void>((resolve, reject) => {
        appServer.once("error", reject);
        appServer.listen(socketPath, () => resolve());
      });
      const port = await listening;
      front.once("exit", (code, signal) => {
        if (closing) return;
        // Without its front the server cannot be reached: end, and let the supervisor start it again.
        console.error(`the front process ended (${signal ?? code}); the server stops`);
        process.kill(process.pid, "SIGTERM");
      });
      return {
        port,
        process: front,
        async close() {
          closing = true;
          await new Promise<void>((resolve) => {
            if (front.exitCode !== null || !front.connected) return resolve();
            const done = setTimeout(() => {
              front.kill("SIGKILL");
              resolve();
            }, 2_000);
            front.once("exit", () => {
              clearTimeout(done);
              resolve();
            });
            front.send({ type: "close" });
          });
          appServer.close();
          appServer.closeIdleConnections();
          removeDir();
        },
      };
    },
  };
}

/** startFront(options).serve(app): the front and the app, started one after the other (tests). */
export function listenWithFront(
  app: Express,
  options: { port: number; host: string; allowedHosts?: string; stallMs: number },
): Promise<Front> {
  return startFront(options).serve(app);
}
