import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { ZodType } from "zod";
import { AppError, type ErrorDetail } from "../lib/errors";
import { z } from "../lib/zod";

/** Who is calling: a signed-in session (access JWT) or a personal API token. */
export interface AuthContext {
  userId: string;
  email: string;
  kind: "session" | "token";
  /** Refresh-token family the access token belongs to (sessions only). */
  sessionFamilyId?: string;
  /** Personal API token id and scope (tokens only). */
  tokenId?: string;
  scope: "read" | "read-write";
}

declare module "express-serve-static-core" {
  interface Request {
    auth?: AuthContext;
    requestId: string;
  }
}

export type AuthMode = "none" | "required" | "optional";

export interface Reply {
  status?: number;
  body?: unknown;
}

export interface HandlerContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  /** Present when `auth` is "required". */
  auth: AuthContext;
}

export interface ResponseSpec {
  description: string;
  schema?: ZodType;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Mount point; default "/api/v1" (operations routes use "/api"). */
  base?: string;
  /** Express path below the base, e.g. `/workspaces/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: AuthMode;
  /** Session only: personal API tokens cannot call it (e.g. managing tokens). */
  sessionOnly?: boolean;
  /**
   * Which rate limit applies (SPEC §3); default the general API limit (per user, else per IP).
   * `credentials`: the strict per-IP limit that counts failed attempts only (login, register, change password).
   * `session`: the generous per-IP limit of token refresh, which has no user to count by.
   * `upload`: uploads per hour per user, counted after authentication (and besides the general limit); a route that also takes JSON (`request.body` + `multipart`) counts its multipart requests only.
   * `publicForm`: the public job listing page and form, per IP per hour (no account to count by).
   */
  rateLimit?: "credentials" | "session" | "upload" | "publicForm";
  request?: { params?: ZodType<P>; query?: ZodType<Q>; body?: ZodType<B> };
  /**
   * A `multipart/form-data` body, documented with this schema (file parts as
   * `format: binary`) and read by the handler itself, streaming: it is not
   * parsed into `body`, and the JSON-only rule lets it through.
   */
  multipart?: ZodType;
  responses: Record<number, ResponseSpec>;
  handler: (ctx: HandlerContext<P, Q, B>) => Promise<Reply | void>;
}

/** Declares a route: the same object mounts the Express handler and documents it in OpenAPI. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  def: RouteDef<P, Q, B>,
): RouteDef<P, Q, B> {
  return def;
}

// Erases the generics so routes of different shapes fit in one list.
export type AnyRoute = RouteDef<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function fieldErrors(error: z.ZodError, location: string): ErrorDetail[] {
  return error.issues.map((issue) => {
    const fieldPath = issue.path.join(".");
    if (issue.code === "unrecognized_keys") {
      // Named with their path, like every other issue: "0.color", not "color", inside an array.
      return { field: issue.keys.map((key) => [...issue.path, key].join(".")).join(", "), message: `unknown field${issue.keys.length > 1 ? "s" : ""} in ${location}` };
    }
    return { field: fieldPath || location, message: issue.message };
  });
}

function parsePart<T>(schema: ZodType<T> | undefined, value: unknown, location: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (location === "body" ? undefined : {}));
  if (!result.success) {
    throw new AppError("VALIDATION_ERROR", `Invalid request ${location}`, fieldErrors(result.error, location));
  }
  return result.data;
}

/**
 * Checks a reply against the response schema its route documents (as JSON, the
 * way a client receives it). On in tests, so every API test also checks that
 * /openapi.json tells the truth; a mismatch is a 500 naming the fields.
 */
function checkReply(def: AnyRoute, status: number, body: unknown): void {
  const schema = def.responses[status]?.schema;
  if (!schema) return;
  const result = schema.safeParse(JSON.parse(JSON.stringify(body)));
  if (result.success) return;
  const issues = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new Error(`${def.method.toUpperCase()} ${def.path} answered ${status} with a body its documented schema refuses: ${issues}`);
}

/** Validates params, query and body, runs the handler and writes its reply (checked against its schema when `checkReplies`). */
export function toHandler(def: AnyRoute, checkReplies = false): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const params = parsePart(def.request?.params, req.params, "path");
      const query = parsePart(def.request?.query, req.query, "query");
      // A route that takes both (JSON or an upload) parses the JSON body only when it is not multipart.
      const body = def.request?.body && !(def.multipart && req.is("multipart/form-data")) ? parsePart(def.request.body, req.body, "body") : undefined;
      const reply = await def.handler({ req, res, params, query, body, auth: req.auth! });
      if (res.headersSent || !reply) return;
      const status = reply.status ?? 200;
      if (reply.body === undefined) return void res.status(status).end();
      if (checkReplies) checkReply(def, status, reply.body);
      res.status(status).json(reply.body);
    } catch (err) {
      next(err);
    }
  };
}

export const ok = (data: unknown, extra?: Record<string, unknown>): Reply => ({ status: 200, body: { data, ...extra } });
export const created = (data: unknown): Reply => ({ status: 201, body: { data } });
export const noContent = (): Reply => ({ status: 204 });

/** The version to check for optimistic concurrency: the body's, else a numeric If-Match header (others are ignored). */
export function requestedVersion(req: Request, bodyVersion: number | undefined): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const ifMatch = Number(req.get("if-match")?.replace(/"/g, ""));
  return Number.isInteger(ifMatch) && ifMatch > 0 && ifMatch <= 2_147_483_647 ? ifMatch : undefined;
}

