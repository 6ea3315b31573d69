/**
 * What the API rate limiter's store round trip costs per request (issue 15): the same Express route
 * without a limiter, with express-rate-limit on its memory store, and on the Redis store the server
 * uses (rate-limit-redis over ioredis, as src/http/rate-limit.ts builds it), measured back to back in
 * this process with autocannon. The difference of the inverse throughputs is the limiter's cost in
 * time of the one Node thread per request; it is printed next to the task list's per-request time.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import express from "express";
import { rateLimit } from "express-rate-limit";
import { Redis } from "ioredis";
import { RedisStore, type RedisReply } from "rate-limit-redis";

type RecordFn = (figure: string, value: string, budget: string, ok?: boolean, vsHello?: string, vsBaseline?: string) => void;

export async function rateLimitCost(redisUrl: string | undefined, record: RecordFn, listRps: number | undefined, helloRps: number) {
  const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  // ioredis can send the commands of one event-loop tick in one write (enableAutoPipelining): with
  // 50 requests in flight their counters travel together. Measured beside the plain client.
  const pipelined = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true }) : undefined;
  const app = express();
  const body = { data: Array.from({ length: 5 }, (_, i) => ({ id: i, title: `Task ${i}` })) };
  const limiter = (store?: RedisStore) =>
    rateLimit({ windowMs: 60_000, limit: 1_000_000_000, standardHeaders: "draft-7", legacyHeaders: false, store, passOnStoreError: true, keyGenerator: () => `u:bench-${Math.floor(Math.random() * 50)}` });
  app.get("/plain", (_req, res) => res.json(body));
  app.get("/memory", limiter(), (_req, res) => res.json(body));
  if (redis) {
    const store = new RedisStore({ prefix: `tf:bench:rl:${process.pid}:`, sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply> });
    app.get("/redis", limiter(store), (_req, res) => res.json(body));
    const piped = new RedisStore({ prefix: `tf:bench:rlp:${process.pid}:`, sendCommand: (command: string, ...args: string[]) => pipelined!.call(command, ...args) as Promise<RedisReply> });
    app.get("/redis-pipelined", limiter(piped), (_req, res) => res.json(body));
  }
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const routes = redis ? ["plain", "memory", "redis", "redis-pipelined"] : ["plain", "memory"];
  const hey = (route: string, duration: number) => autocannon({ url: `${base}/${route}`, connections: 50, duration });
  for (const r of routes) await hey(r, 1); // warm-up
  const runs: Record<string, number[]> = Object.fromEntries(routes.map((r) => [r, []]));
  const p975: Record<string, number[]> = Object.fromEntries(routes.map((r) => [r, []]));
  const RUNS = Number(process.env.BENCH_RUNS || 3);
  for (let i = 0; i < RUNS; i++) {
    for (const r of routes) {
      const res = await hey(r, 4);
      runs[r]!.push(res.requests.average);
      p975[r]!.push(res.latency.p97_5);
    }
  }
  server.close();
  await redis?.quit();
  await pipelined?.quit();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const costUs = (r: string) => 1e6 / med(runs[r]!) - 1e6 / med(runs.plain!);
  const listUs = listRps ? 1e6 / listRps : NaN;
  for (const r of routes) {
    const extra = r === "plain" ? "" : `; limiter cost ${costUs(r).toFixed(0)} µs per request${listRps ? ` = ${((100 * costUs(r)) / listUs).toFixed(1)} % of one task-list request (${listUs.toFixed(0)} µs at ${Math.round(listRps)} req/s)` : ""}`;
    record(
      `Rate limiter: Express JSON route, ${r === "plain" ? "no limiter" : r === "memory" ? "express-rate-limit, memory store" : r === "redis" ? "express-rate-limit, Redis store" : "express-rate-limit, Redis store, auto-pipelined client"}, 50 conns, ${RUNS} runs`,
      `${Math.round(med(runs[r]!))} req/s (runs ${Math.min(...runs[r]!).toFixed(0)}–${Math.max(...runs[r]!).toFixed(0)}), p97.5 ${med(p975[r]!)} ms${extra}`,
      "— (issue 15: is the store round trip worth removing?)",
      undefined,
      (med(runs[r]!) / helloRps).toFixed(3),
    );
  }
}
