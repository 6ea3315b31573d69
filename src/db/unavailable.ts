/**
 * Whether an error means "the database is not there right now" (stopped,
 * restarting, crashed, unreachable, out of connections) rather than a bug:
 * such a request answers 503 SERVICE_UNAVAILABLE and works again once the
 * server is back (SPEC §6). The same outage reaches us in several shapes,
 * all seen in tests/resilience: Prisma's P-codes, the driver adapter's error
 * kinds (with or without a SQLSTATE), pg's DatabaseError, Node socket errors,
 * and pg's own code-less errors for a connection that broke.
 */

/** SQLSTATEs: connection exceptions (class 08), shutdown/startup/crash (57P01–57P05), too many connections. */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-5]|53300)$/;
/** Prisma: can't reach, timed out, server closed the connection, connection pool timeout, too many connections. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** @prisma/adapter-pg error kinds for the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
/** pg and pg-pool errors without a code: the connection ended under a query, or never came within connectionTimeoutMillis. */
const PG_MESSAGES =
  /Connection terminated unexpectedly|Connection terminated due to connection timeout|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Unable to start a transaction in the given time/;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: { kind?: unknown; originalCode?: unknown; code?: unknown };
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
}

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as ErrorLike;
  const adapter = e.meta?.driverAdapterError?.cause ?? e.cause;
  const sqlState = [adapter?.originalCode, e.code].find((c): c is string => typeof c === "string" && /^[0-9A-Z]{5}$/.test(c));
  if (sqlState && SQLSTATE.test(sqlState)) return true;
  if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || SOCKET_CODES.has(e.code))) return true;
  if (typeof adapter?.kind === "string" && ADAPTER_KINDS.has(adapter.kind)) return true;
  return typeof e.message === "string" && PG_MESSAGES.test(e.message);
}
