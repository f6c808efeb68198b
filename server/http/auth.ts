// Bearer-token guard for write endpoints: refused outright when no API_TOKEN is configured; a client address that
// keeps sending wrong tokens is answered 429 for a while, so that the token cannot be guessed at line speed.
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { Config } from "../config.js";
import { sendProblem } from "./problem.js";

export interface FailureThrottleOptions {
  /** Failed attempts allowed per client within `windowMs`; the next one is answered 429. */
  limit?: number;
  windowMs?: number;
  /** Client addresses remembered at most (the oldest is forgotten first), so that memory stays bounded. */
  maxClients?: number;
  now?: () => number;
}

export interface FailureThrottle {
  /** Milliseconds until `client` may try again; 0 when it may now. */
  retryAfterMs(client: string): number;
  recordFailure(client: string): void;
}

/** A sliding window of failure times per client. */
export function createFailureThrottle(options: FailureThrottleOptions = {}): FailureThrottle {
  const { limit = 10, windowMs = 60_000, maxClients = 10_000, now = Date.now } = options;
  const failures = new Map<string, number[]>();
  const recent = (client: string, t: number) => (failures.get(client) ?? []).filter((at) => at > t - windowMs);
  return {
    retryAfterMs(client) {
      const t = now();
      const times = recent(client, t);
      if (times.length === 0) failures.delete(client);
      return times.length < limit ? 0 : times[times.length - limit] + windowMs - t;
    },
    recordFailure(client) {
      const t = now();
      const times = [...recent(client, t), t].slice(-limit);
      failures.delete(client);
      failures.set(client, times);
      if (failures.size > maxClients) failures.delete(failures.keys().next().value!);
    },
  };
}

/** The credentials of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(header: string | undefined): string | null {
  const m = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return m ? m[1] : null;
}

// Digests of equal length, so the comparison takes the same time whatever the given token's length.
const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

export function createTokenGuard(config: Config, throttle: FailureThrottle = createFailureThrottle()): RequestHandler {
  const expected = config.API_TOKEN === undefined ? null : digest(config.API_TOKEN);
  return (req, res, next) => {
    if (!expected) {
      sendProblem(res, "forbidden", "write endpoints are disabled: the server has no API_TOKEN configured");
      return;
    }
    const client = req.socket.remoteAddress ?? "unknown";
    const wait = throttle.retryAfterMs(client);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      res.setHeader("Retry-After", String(seconds));
      sendProblem(res, "too_many_requests", `too many wrong tokens from this address: try again in ${seconds} s`);
      return;
    }
    const given = bearerToken(req.get("authorization"));
    if (given === null || !timingSafeEqual(digest(given), expected)) {
      // Only a presented credential counts as a guess; a request without one is a mistake, not an attack.
      if (req.get("authorization")?.trim()) throttle.recordFailure(client);
      sendProblem(res, "unauthorized", "send 'Authorization: Bearer <API_TOKEN>'");
      return;
    }
    next();
  };
}
