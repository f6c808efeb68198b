// Bearer-token guard for write endpoints: refused outright when no API_TOKEN is configured.
import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { Config } from "../config.js";
import { sendProblem } from "./problem.js";

export function requireToken(config: Config): RequestHandler {
  return (req, res, next) => {
    if (!config.API_TOKEN) {
      sendProblem(res, "forbidden", "write endpoints are disabled: the server has no API_TOKEN configured");
      return;
    }
    const header = req.get("authorization") ?? "";
    const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
    const expected = Buffer.from(config.API_TOKEN);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      sendProblem(res, "unauthorized", "send 'Authorization: Bearer <API_TOKEN>'");
      return;
    }
    next();
  };
}
