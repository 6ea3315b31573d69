/** Error codes of SPEC §3 and their HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  /** Not well-formed HTTP (answered by http/client-error.ts, before Express). */
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Headers (or the URL) over Node's limit (http/client-error.ts). */
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  /** The workspace's monthly AI budget is spent (or this call would pass it). */
  AI_BUDGET_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  AI_UNAVAILABLE: 502,
  /** The model answered twice without matching the required JSON (a synchronous AI call; jobs record it as their failure). */
  AI_INVALID_OUTPUT: 502,
  AI_NOT_CONFIGURED: 503,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/** The only error type services throw on purpose; the error handler turns it into the envelope. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra top-level data for the envelope, e.g. the current resource on a version conflict. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what = "Resource") => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You do not have permission to do this") => new AppError("FORBIDDEN", message);
export const unauthorized = (message = "Authentication required") => new AppError("UNAUTHORIZED", message);
export const conflict = (message: string, details?: ErrorDetail[], extra?: Record<string, unknown>) =>
  new AppError("CONFLICT", message, details, extra);
