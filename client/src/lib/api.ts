/**
 * The one HTTP client of the app. Speaks the API envelope
 * (`{data, meta, links}` / `{error: {code, message, details}}`), keeps the
 * access token in memory only (the refresh token is an httpOnly cookie), and
 * transparently refreshes the access token once when a call answers 401. Only
 * a 401 from the refresh itself signs the user out.
 */

import type { components, paths } from "./api-schema";

export const API_BASE = "/api/v1";

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Seconds to wait before retrying, from `Retry-After` (429). */
  readonly retryAfter: number | null;
  /** The resource as it is now, sent with a version conflict (409). */
  readonly current: unknown;

  constructor(init: { status: number; code: string; message: string; details?: ErrorDetail[]; retryAfter?: number | null; current?: unknown }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.retryAfter = init.retryAfter ?? null;
    this.current = init.current ?? null;
  }
}

/** Named shapes of the API's OpenAPI document: `Schema<"Task">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

export type PageMeta = Schema<"PaginationMeta">;

interface Envelope<T, M = Record<string, unknown>> {
  data: T;
  meta?: M;
}

/** One page of a paginated list, as the API answers it. */
export interface Paged<T> {
  data: T[];
  meta: PageMeta;
  links: Schema<"PaginationLinks">;
}

type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

// ---------------------------------------------------------------------------
// Access token (memory only) and session-expiry hook

let accessToken: string | null = null;
let onSessionExpired: (() => void) | null = null;

export function getAccessToken(): string | null {
  return accessToken;
}

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/** Called when the refresh after a 401 answers 401 too: the session is gone. */
export function setSessionExpiredHandler(handler: (() => void) | null): void {
  onSessionExpired = handler;
}

/** Runs the session-expiry handling (for callers outside `request`, e.g. the socket). */
export function expireSession(): void {
  onSessionExpired?.();
}

// Calls that must never trigger the refresh-and-retry dance.
const NO_REFRESH = /^\/auth\/(login|register|refresh)(\?|$)/;

let refreshInFlight: Promise<string | null> | null = null;

const postRefresh = () => fetch(`${API_BASE}/auth/refresh`, { method: "POST", credentials: "include", headers: { Accept: "application/json" } });

/**
 * Runs `exchange` while holding a lock shared by every tab of this origin (Web
 * Locks), so the tabs' refreshes take turns: each one then sends the cookie the
 * one before it received. Where the browser has no Web Locks, it just runs.
 */
async function oneTabAtATime<T>(exchange: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  return locks ? ((await locks.request("teamflow-refresh", exchange)) as T) : exchange();
}

/** Longest single wait between refresh attempts, whatever `Retry-After` says. */
const MAX_REFRESH_WAIT_MS = 30_000;
/** How long one refresh keeps trying before it gives up for now (the session stays; a later call tries again). */
const REFRESH_GIVE_UP_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long to wait before refresh attempt `attempt + 1` after `res` (null: no
 * answer at all). A 429 waits its `Retry-After`; a 409 (another tab rotated the
 * cookie a moment ago) a quarter second per try; anything else backs off
 * exponentially from one second. Capped, with a little jitter so the tabs of an
 * office behind one address do not all come back in the same instant.
 */
function refreshDelay(res: Response | null, attempt: number): number {
  const retryAfter = Number(res?.headers.get("Retry-After"));
  let ms: number;
  if (res?.status === 429 && Number.isFinite(retryAfter) && retryAfter >= 0) ms = retryAfter * 1000;
  else if (res?.status === 409) ms = 250 * attempt;
  else ms = 1000 * 2 ** Math.min(attempt - 1, 5);
  return Math.min(ms, MAX_REFRESH_WAIT_MS) + Math.floor(Math.random() * 250);
}

/** Why a refresh could not finish just now (not a sign-out); it consumes `res`'s body. */
async function refreshUnavailable(res: Response | null): Promise<ApiError> {
  if (res) return toApiError(res);
  return new ApiError({ status: 0, code: "NETWORK_ERROR", message: "Can't reach the server. Check your connection and try again." });
}

/** A refresh waiting to try again: why, and for how many seconds. */
export interface RefreshWait {
  error: ApiError;
  seconds: number;
}

let onRefreshWait: ((wait: RefreshWait | null) => void) | null = null;

/** Tells `handler` each time a refresh waits out a rate limit or an outage, and null once it is through. */
export function setRefreshWaitHandler(handler: ((wait: RefreshWait | null) => void) | null): void {
  onRefreshWait = handler;
}

/**
 * Exchanges the refresh cookie for a new access token. Resolves the token, or
 * null when the server answers 401: the session is over, and that is the only
 * answer that ends it. A 429 (rate limit), a 5xx, a network error or a 409
 * (another tab's rotation) is waited out and retried, honouring `Retry-After`;
 * after about a minute of that it rejects with the `ApiError`, and the session
 * stays for the next try.
 *
 * The server rotates the cookie on every refresh and takes a rotated one sent
 * again for a stolen one (the whole session is revoked), so two refreshes must
 * never race with one cookie: callers in this tab share one request, and tabs
 * take turns. Where they cannot (no Web Locks), or a refresh's answer was lost
 * to a navigation, the server takes the same browser's rotated cookie within
 * seconds as a race and answers with a successor; an older server answered 409,
 * still waited out here.
 */
export function refreshAccessToken(): Promise<string | null> {
  if (!refreshInFlight) {
    refreshInFlight = oneTabAtATime(async () => {
      const giveUpAt = Date.now() + REFRESH_GIVE_UP_MS;
      try {
        for (let attempt = 1; ; attempt++) {
          let res: Response | null = null;
          try {
            res = await postRefresh();
          } catch {
            // No answer (offline, server restarting): retried below like a 5xx.
          }
          if (res?.ok) {
            const body = (await res.json()) as Envelope<{ accessToken: string }>;
            accessToken = body.data.accessToken;
            onRefreshWait?.(null);
            return accessToken;
          }
          if (res?.status === 401) {
            accessToken = null;
            onRefreshWait?.(null);
            return null;
          }
          const error = await refreshUnavailable(res);
          const wait = refreshDelay(res, attempt);
          if (Date.now() + wait > giveUpAt) throw error;
          onRefreshWait?.({ error, seconds: Math.max(1, Math.round(wait / 1000)) });
          await sleep(wait);
        }
      } finally {
        refreshInFlight = null;
      }
    });
  }
  return refreshInFlight;
}

// ---------------------------------------------------------------------------
// Requests

function buildUrl(path: string, query?: Query): string {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  return fetch(buildUrl(path, opts.query), {
    method,
    headers,
    credentials: "include",
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
}

async function toApiError(res: Response): Promise<ApiError> {
  const retryHeader = res.headers.get("Retry-After");
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : null;
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // Not JSON (proxy error page, empty body): fall through to a generic message.
  }
  const error = (payload as { error?: { code?: string; message?: string; details?: ErrorDetail[]; current?: unknown } } | null)?.error;
  if (error?.code) {
    return new ApiError({
      status: res.status,
      code: error.code,
      message: error.message || res.statusText || "Request failed",
      details: Array.isArray(error.details) ? error.details : [],
      retryAfter,
      current: error.current,
    });
  }
  return new ApiError({
    status: res.status,
    code: res.status >= 500 ? "INTERNAL_ERROR" : "HTTP_ERROR",
    message: res.status >= 500 ? "The server ran into a problem. Please try again." : `Request failed (${res.status})`,
    retryAfter,
  });
}

/** Sends a request and returns the whole envelope (`undefined` for 204). */
async function request<T, M = Record<string, unknown>>(
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<Envelope<T, M>> {
  let res: Response;
  try {
    res = await send(method, path, opts);
    if (res.status === 401 && !NO_REFRESH.test(path)) {
      // Rejects (an ApiError, kept as it is below) when the server could not refresh right now: this call fails, the session stays.
      const token = await refreshAccessToken();
      if (!token) {
        onSessionExpired?.();
        throw await toApiError(res);
      }
      res = await send(method, path, opts);
    }
  } catch (err) {
    if (err instanceof ApiError || (err instanceof DOMException && err.name === "AbortError")) throw err;
    throw new ApiError({ status: 0, code: "NETWORK_ERROR", message: "Can't reach the server. Check your connection and try again." });
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as unknown as Envelope<T, M>;
  return (await res.json()) as Envelope<T, M>;
}

// ---------------------------------------------------------------------------
// Typed calls: paths, parameters, bodies and answers from the API's own
// OpenAPI document (api-schema.d.ts, generated by `npm run gen:api`).

type Method = "get" | "post" | "put" | "patch" | "delete";
type ApiPaths = { [P in keyof paths as P extends `${typeof API_BASE}${infer Rest}` ? Rest : never]: paths[P] };
type Operation<M extends Method, P extends keyof ApiPaths> = NonNullable<ApiPaths[P][M]>;

/** The API paths (below /api/v1, with `{param}` placeholders) that answer `method`. */
export type PathsOf<M extends Method> = { [P in keyof ApiPaths]: ApiPaths[P][M] extends { responses: unknown } ? P : never }[keyof ApiPaths];

type JsonContent<R> = R extends { content: { "application/json": infer B } } ? B : undefined;
type OperationParams<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = OperationParams<O> extends { path: infer T } ? T : never;
type QueryParams<O> = OperationParams<O> extends { query?: infer T } ? Exclude<T, undefined> : never;
type RequestBody<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : never;
type IsNever<T> = [T] extends [never] ? true : false;

/** The success body (2xx) of an operation as documented; `undefined` for 204. */
export type SuccessBody<O> = O extends { responses: infer R } ? { [S in keyof R]: S extends 200 | 201 | 202 | 204 ? JsonContent<R[S]> : never }[keyof R] : never;
/** The `data` of a success body. */
type DataOf<B> = B extends { data: infer D } ? D : B;

/** A call's parameters: `path` for `{param}`s, `query`, `body`, each only where the operation has them. */
export type CallInit<O> = (IsNever<PathParams<O>> extends true ? unknown : { path: PathParams<O> }) &
  (IsNever<QueryParams<O>> extends true ? unknown : OperationParams<O> extends { query: unknown } ? { query: QueryParams<O> } : { query?: QueryParams<O> }) &
  (IsNever<RequestBody<O>> extends true ? unknown : { body: RequestBody<O> }) & { signal?: AbortSignal; headers?: Record<string, string> };
type InitArgs<O> = object extends CallInit<O> ? [init?: CallInit<O>] : [init: CallInit<O>];

/** The documented answer of `method path` (body and data). */
export type ApiResponse<M extends Method, P extends PathsOf<M>> = SuccessBody<Operation<M, P>>;
export type ApiData<M extends Method, P extends PathsOf<M>> = DataOf<ApiResponse<M, P>>;
/** The documented JSON body of `method path`. */
export type ApiBody<M extends Method, P extends PathsOf<M>> = RequestBody<Operation<M, P>>;
/** The documented query of `method path`. */
export type ApiQuery<M extends Method, P extends PathsOf<M>> = QueryParams<Operation<M, P>>;

function fillPath(template: string, params: Record<string, string | number> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** Sends a typed call and returns its whole success body (`{data, meta, links}`; `undefined` for 204). */
export async function call<M extends Method, P extends PathsOf<M>>(method: M, path: P, ...[init]: InitArgs<Operation<M, P>>): Promise<ApiResponse<M, P>> {
  const { path: params, query, body, signal, headers } = (init ?? {}) as { path?: Record<string, string>; query?: Query; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> };
  const res = await request<unknown>(method.toUpperCase(), fillPath(path, params), { query, body, signal, headers });
  return res as ApiResponse<M, P>;
}

const dataOf = <M extends Method>(method: M) =>
  async <P extends PathsOf<M>>(path: P, ...init: InitArgs<Operation<M, P>>): Promise<DataOf<ApiResponse<M, P>>> => {
    const body = (await call(method, path, ...init)) as { data?: unknown } | undefined;
    return body?.data as DataOf<ApiResponse<M, P>>;
  };

/** Typed shorthands returning only `data` (`undefined` for 204); `call` gives the whole body (`meta`, `links`). */
export const api = {
  get: dataOf("get"),
  post: dataOf("post"),
  patch: dataOf("patch"),
  put: dataOf("put"),
  delete: dataOf("delete"),
};

/**
 * Every item of a paginated list: pages fetched one after the other through
 * `page(n)` (ask for large ones, e.g. perPage 100) until the last, at most `maxPages`.
 */
export async function fetchAllPages<T>(page: (n: number) => Promise<{ data: T[]; meta?: { totalPages: number } }>, maxPages = 50): Promise<T[]> {
  const items: T[] = [];
  for (let n = 1; n <= maxPages; n++) {
    const res = await page(n);
    items.push(...res.data);
    if (n >= (res.meta?.totalPages ?? 1)) break;
  }
  return items;
}

// ---------------------------------------------------------------------------
// Helpers for showing errors

/** Field errors keyed by field name (first message wins). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const d of error.details) {
      if (d.field && !out[d.field]) out[d.field] = d.message;
    }
  }
  return out;
}

/** A human sentence for any thrown value. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (error instanceof ApiError) {
    if (error.code === "RATE_LIMITED" && error.retryAfter) {
      const wait = error.retryAfter >= 90 ? `${Math.ceil(error.retryAfter / 60)} minutes` : `${error.retryAfter} seconds`;
      return `${error.message.replace(/\.?$/, ".")} Try again in ${wait}.`;
    }
    return error.message;
  }
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

/**
 * The message to show above a form: the error message, unless every detail
 * is already shown next to one of `knownFields`.
 */
export function formMessage(error: unknown, knownFields: readonly string[]): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.details.length > 0) {
    const unshown = error.details.filter((d) => !d.field || !knownFields.includes(d.field));
    if (unshown.length === 0) return null;
    if (error.code === "VALIDATION_ERROR") return unshown.map((d) => d.message).join(" ");
  }
  return errorMessage(error);
}
