import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { isDatabaseUnavailable } from "../db/unavailable";
import { AppError, type ErrorCode, type ErrorDetail } from "../lib/errors";
import { logger } from "../lib/logger";

export function sendError(req: Request, res: Response, status: number, code: ErrorCode | string, message: string, details?: ErrorDetail[], extra?: Record<string, unknown>) {
  res.status(status).json({
    error: { code, message, ...(details && details.length ? { details } : {}), ...extra },
    meta: { requestId: req.requestId, timestamp: new Date().toISOString() },
  });
}

interface PgLikeError {
  code?: string;
  meta?: { target?: unknown; modelName?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string; constraint?: unknown } } };
  cause?: { originalCode?: string; code?: string; kind?: string };
  type?: string;
  status?: number;
  statusCode?: number;
}

/** Maps body-parser, Prisma and PostgreSQL errors to the SPEC §3 codes. */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as PgLikeError;
  // body-parser (express.json)
  if (e?.type === "entity.parse.failed") return new AppError("INVALID_JSON", "Request body is not valid JSON");
  if (e?.type === "entity.too.large") return new AppError("PAYLOAD_TOO_LARGE", "Request body is larger than the 1 MB limit");
  if (e?.type === "encoding.unsupported" || e?.type === "charset.unsupported")
    return new AppError("UNSUPPORTED_MEDIA_TYPE", "Unsupported body encoding or charset; send UTF-8 JSON");
  // Prisma known request errors and raw PostgreSQL codes behind the driver adapter
  const pgCode = e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.cause?.originalCode ?? (typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined);
  if (e?.code === "P2002" || pgCode === "23505") return new AppError("CONFLICT", "A record with these values already exists");
  if (e?.code === "P2025") return new AppError("NOT_FOUND", "Resource not found");
  if (e?.code === "P2003" || pgCode === "23503") return new AppError("CONFLICT", "A related record does not exist or is still referenced");
  if (pgCode === "23P01") return new AppError("CONFLICT", "Overlaps an existing record");
  // Text PostgreSQL cannot store (a NUL byte, or a character the database encoding lacks). The
  // request schemas refuse both first (`text` in lib/zod); this covers a string they missed.
  if (pgCode === "22021" || pgCode === "22P05")
    return new AppError("VALIDATION_ERROR", "The request contains text that cannot be stored (a NUL character or invalid Unicode)");
  if (e?.code === "P2034" || pgCode === "40001" || pgCode === "40P01")
    return new AppError("CONFLICT", "The request conflicted with a concurrent change; retry it");
  if (isDatabaseUnavailable(err)) return new AppError("SERVICE_UNAVAILABLE", "The database is unavailable; try again shortly");
  // http-errors from Express internals (serve-static, etc.)
  const status = e?.status ?? e?.statusCode;
  if (status === 404) return new AppError("NOT_FOUND", "Not found");
  if (status === 413) return new AppError("PAYLOAD_TOO_LARGE", "Request body is too large");
  if (status === 415) return new AppError("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type");
  if (status === 400) return new AppError("VALIDATION_ERROR", "Bad request");
  return undefined;
}

/** The one error handler: every error becomes the JSON envelope; 500s never leak their message. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const appError = toAppError(err);
  if (appError) {
    if (appError.status >= 500) logger.warn("request failed", { requestId: req.requestId, code: appError.code, err: (err as Error).message });
    // A limiter that knows its window's end says so in `retryAfter` (seconds); others get a minute.
    if (appError.code === "RATE_LIMITED" && !res.getHeader("Retry-After")) res.setHeader("Retry-After", String(appError.extra?.retryAfter ?? 60));
    return sendError(req, res, appError.status, appError.code, appError.message, appError.details, appError.extra);
  }
  logger.error("unhandled error", { requestId: req.requestId, err: err instanceof Error ? { message: err.message, stack: err.stack } : err });
  sendError(req, res, 500, "INTERNAL_ERROR", "Something went wrong on our side. Try again; if it keeps happening, report the request id.");
};

/** JSON 404 for unknown /api routes (never the SPA's HTML). */
export const apiNotFound: RequestHandler = (req, res) =>
  sendError(req, res, 404, "NOT_FOUND", `No API route for ${req.method} ${req.originalUrl.split("?")[0]}. See /docs for the API reference.`);
