// The Host header allow-list, the DNS-rebinding defence: a page on evil.example whose name is rebound to 127.0.0.1
// still sends `Host: evil.example`, so only the names this server is meant to be reached by get an answer.
import type { RequestHandler } from "express";
import type { Config } from "../config.js";
import { sendProblem } from "./problem.js";

export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"] as const;
const WILDCARD_BINDS = new Set(["0.0.0.0", "::", "[::]"]);

interface HostName {
  name: string;
  /** null: any port. */
  port: string | null;
}

export interface HostAllowList {
  any: boolean;
  hosts: HostName[];
}

/** `name[:port]` (an IPv6 address in brackets) to a lower-case name without a trailing dot; null when malformed. */
export function parseHost(value: string): HostName | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  return { name: m[1].toLowerCase().replace(/(?<=.)\.$/, ""), port: m[2] ?? null };
}

/** Loopback names with any port, HOST unless it binds every interface, and ALLOWED_HOSTS (`*`: any host). */
export function allowedHosts(config: Pick<Config, "HOST" | "ALLOWED_HOSTS">): HostAllowList {
  const entries = (config.ALLOWED_HOSTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bind = config.HOST.trim();
  const hosts: HostName[] = LOOPBACK_HOSTS.map((name) => ({ name, port: null }));
  if (!WILDCARD_BINDS.has(bind)) entries.push(bind.includes(":") && !bind.startsWith("[") ? `[${bind}]` : bind);
  for (const entry of entries) {
    const host = entry === "*" ? null : parseHost(entry);
    if (host) hosts.push(host);
  }
  return { any: entries.includes("*"), hosts };
}

export function isHostAllowed(list: HostAllowList, header: string | undefined): boolean {
  if (list.any) return true;
  const host = header === undefined ? null : parseHost(header);
  if (!host) return false;
  return list.hosts.some((h) => h.name === host.name && (h.port === null || h.port === host.port));
}

export function checkHost(config: Pick<Config, "HOST" | "ALLOWED_HOSTS">): RequestHandler {
  const list = allowedHosts(config);
  return (req, res, next) => {
    if (isHostAllowed(list, req.headers.host)) return next();
    sendProblem(
      res,
      "misdirected_request",
      "this server does not answer for that Host header: reach it by a loopback name, or add the name to ALLOWED_HOSTS",
    );
  };
}
