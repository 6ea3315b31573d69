import { randomUUID } from "node:crypto";
import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import type { ErrorCode } from "../lib/errors";
import { logger } from "../lib/logger";

/**
 * Requests Node refuses before Express sees them (headers over Node's limit,
 * malformed HTTP) get Node's bare status line with no body. This answers them
 * with the SPEC §3 envelope instead, written straight to the socket (there is
 * no request or response object yet), then closes the connection.
 */

const answers: Record<string, { status: number; code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: "HEADERS_TOO_LARGE", message: "The request headers (or the URL) are larger than the server accepts" },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, code: "PAYLOAD_TOO_LARGE", message: "Chunk extensions are larger than the server accepts" },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: "REQUEST_TIMEOUT", message: "The request took too long to arrive" },
};
const malformed = { status: 400, code: "BAD_REQUEST" as const, message: "The request is not well-formed HTTP" };

/** The raw HTTP/1.1 response for a refused request: the JSON error envelope, then the connection closes. */
export function clientErrorResponse(err: NodeJS.ErrnoException, requestId = randomUUID(), now = new Date()): string {
  const { status, code, message } = answers[err.code ?? ""] ?? malformed;
  const body = JSON.stringify({ error: { code, message }, meta: { requestId, timestamp: now.toISOString() } });
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    "X-Content-Type-Options: nosniff",
    "Cache-Control: no-store",
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/** Installs the handler on a server (call right after http.createServer). */
export function handleClientErrors(server: Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset connection cannot be answered; nor can one whose response has already begun.
    const responding = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (err.code === "ECONNRESET" || !socket.writable || responding) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    logger.http("client error", { requestId, code: err.code, err: err.message });
    socket.end(clientErrorResponse(err, requestId));
  });
}
