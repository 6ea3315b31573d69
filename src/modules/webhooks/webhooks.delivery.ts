import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import { guardedLookup, refusedAddress, refusedLiteral, WebhookTargetRefused, type Resolver } from "./webhooks.ssrf";

/** One HTTP attempt of a delivery: what the log records. */
export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  body: string | null;
  durationMs: number;
  error: string | null;
  /** The target was refused (SSRF): retrying cannot help. */
  refused: boolean;
}

export const RESPONSE_EXCERPT_CHARS = 2000;
/** Bytes of a response read at most; the rest is not waited for. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** `sha256=<hex HMAC-SHA256(body, secret)>`: the X-TeamFlow-Signature header. */
export const signatureOf = (body: string, secret: string) => `sha256=${crypto.createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  resolve: Resolver;
}

/**
 * POSTs `body` to `url` once: redirects are not followed (a 3xx is a failure),
 * the whole exchange is cut at `timeoutMs`, and unless private targets are
 * allowed the connection goes only to an address checked by the SSRF guard
 * (names through the guarded lookup; IP literals and the connected socket's
 * remote address checked here).
 */
export function sendWebhook(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<AttemptOutcome> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  return new Promise((resolve) => {
    let settled = false;
    const clock: { timer?: NodeJS.Timeout } = {};
    const finish = (o: Omit<AttemptOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(clock.timer);
      resolve({ ...o, durationMs: elapsed() });
    };
    const fail = (error: string, refused = false) => finish({ ok: false, status: null, body: null, error, refused });

    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return fail("The URL is not valid");
    }
    if (!options.allowPrivate) {
      const why = refusedLiteral(target);
      if (why) return fail(`Refused: ${why} (set WEBHOOK_ALLOW_PRIVATE=true to allow private targets)`, true);
    }
    const client = target.protocol === "https:" ? https : http;
    const req = client.request(target, {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)), "User-Agent": "TeamFlow-Webhooks/1" },
      agent: false,
      lookup: guardedLookup(options.resolve, options.allowPrivate) as never,
    });
    clock.timer = setTimeout(() => {
      req.destroy(new Error(`Timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on("socket", (socket) => {
      if (options.allowPrivate) return;
      // The address actually connected to, whatever resolved it.
      socket.once("connect", () => {
        const remote = socket.remoteAddress;
        const why = remote ? refusedAddress(remote) : "unknown";
        if (why) req.destroy(new WebhookTargetRefused(`connected address ${remote} is ${why}; refused`));
      });
    });
    req.on("error", (err) => {
      const refused = err instanceof WebhookTargetRefused;
      fail(refused ? `Refused: ${err.message} (set WEBHOOK_ALLOW_PRIVATE=true to allow private targets)` : err.message || String(err), refused);
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_EXCERPT_CHARS);
        const redirect = status >= 300 && status < 400;
        const error = redirect ? `Redirect to ${res.headers.location ?? "(no Location)"} not followed: answer the webhook URL itself with 2xx` : status >= 200 && status < 300 ? null : `The receiver answered ${status}`;
        finish({ ok: status >= 200 && status < 300, status, body: text, error, refused: false });
        res.destroy();
      };
      res.on("data", (c: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(c);
        size += c.length;
        if (size >= MAX_RESPONSE_BYTES) done();
      });
      res.on("end", done);
      res.on("error", (err) => fail(err.message));
    });
    req.end(body);
  });
}
