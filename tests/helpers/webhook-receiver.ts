import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got: method, path, headers and the raw body bytes as text. */
export interface ReceivedHook {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver answers for one request: a status and body, or a delay (for timeouts). */
export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface WebhookReceiver {
  url: (path?: string) => string;
  port: number;
  received: ReceivedHook[];
  /** Replies for the next requests, in order; then `fallback`. */
  script(...replies: Reply[]): void;
  fallback: Reply;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that records every webhook POST and answers
 * as scripted (SPEC §7: a loopback receiver for webhooks).
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const queue: Reply[] = [];
  const received: ReceivedHook[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const receiver: Partial<WebhookReceiver> & { fallback: Reply } = { fallback: { status: 200, body: "ok" } };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const reply = queue.shift() ?? receiver.fallback;
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { "Content-Type": "text/plain", ...reply.headers });
        res.end(reply.body ?? "");
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          answer();
        }, reply.delayMs);
        timers.add(t);
      } else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    port,
    received,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    script: (...replies: Reply[]) => void queue.push(...replies),
    close: async () => {
      timers.forEach(clearTimeout);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }) as WebhookReceiver;
}
