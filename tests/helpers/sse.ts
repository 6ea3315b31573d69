import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/**
 * A real SSE client for tests: opens a request on a listening server, parses
 * `id:`/`event:`/`data:` frames as they arrive (and counts heartbeat
 * comments), and can drop the connection mid-stream like a closed tab.
 */

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  heartbeats: number;
  /** Resolves with the events when the server ends the stream. */
  ended: Promise<SseEvent[]>;
  /** Resolves when an event matching `pred` arrived (rejects if the stream ends first). */
  until(pred: (e: SseEvent) => boolean): Promise<SseEvent>;
  /** Drops the connection. */
  abort(): void;
}

export async function listen(app: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function openSse(url: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(url, { method: options.method ?? "GET", headers: { accept: "text/event-stream", ...(body ? { "content-type": "application/json" } : {}), ...options.headers } });
    req.on("error", reject);
    req.on("response", (res) => {
      const events: SseEvent[] = [];
      const waiters: Array<{ pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void; reject: (err: Error) => void }> = [];
      let buffer = "";
      let finished = false;
      let endedResolve!: (e: SseEvent[]) => void;
      const ended = new Promise<SseEvent[]>((r) => (endedResolve = r));
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        heartbeats: 0,
        ended,
        until(pred) {
          const found = events.find(pred);
          if (found) return Promise.resolve(found);
          if (finished) return Promise.reject(new Error(`stream ended without the event; got ${events.map((e) => e.event).join(",")}`));
          return new Promise((res2, rej) => waiters.push({ pred, resolve: res2, reject: rej }));
        },
        abort() {
          req.destroy();
          res.destroy();
        },
      };
      const frame = (raw: string) => {
        let id: string | undefined;
        let event = "message";
        const data: string[] = [];
        let comment = false;
        for (const line of raw.split("\n")) {
          if (line.startsWith(":")) comment = true;
          else if (line.startsWith("id:")) id = line.slice(3).trim();
          else if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).trim());
        }
        if (comment && !data.length) return void stream.heartbeats++;
        if (!data.length) return;
        const e = { id, event, data: JSON.parse(data.join("\n")) as Record<string, unknown> };
        events.push(e);
        for (const w of [...waiters]) if (w.pred(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      };
      // A proxy may compress the stream (the app never does): read it as it is inflated, piece by piece.
      const body = res.headers["content-encoding"] === "gzip" ? res.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH })) : res;
      body.setEncoding("utf8");
      body.on("data", (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf("\n\n")) >= 0) {
          frame(buffer.slice(0, at));
          buffer = buffer.slice(at + 2);
        }
      });
      const finish = () => {
        if (finished) return;
        finished = true;
        for (const w of waiters) w.reject(new Error(`stream ended without the event; got ${events.map((e) => e.event).join(",")}`));
        endedResolve(events);
      };
      body.on("end", finish);
      body.on("close", finish);
      body.on("error", finish);
      // Cut off mid-stream (abort): the inflater never ends by itself.
      res.on("close", () => (body !== res && !res.complete ? finish() : undefined));
      resolve(stream);
    });
    if (body) req.write(body);
    req.end();
  });
}
