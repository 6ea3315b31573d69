/**
 * `npm run bench`: the performance figures of SPEC §8, each printed next to its
 * budget and next to baselines measured in the same run (an Express "hello"
 * route and a raw `pg` query), so results compare across machines.
 * Measures; never asserts. Needs PostgreSQL (DATABASE_URL or 127.0.0.1:5432);
 * uses Redis (REDIS_URL or 127.0.0.1:6379) when it answers.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import express from "express";
import { Client, Pool } from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { applyMigrations } from "../src/db/migrate";
import { assistant, assistantServerEnv, startScriptedProvider } from "./assistant";
import { calendarPage } from "./calendar-page";
import { rateLimitCost } from "./rate-limit";
import { uploads } from "./uploads";
import { portAnswers } from "../tests/setup/services";
import { listTasks } from "../src/modules/tasks/task-list";

const root = path.resolve(__dirname, "..");
const rows: Array<{ figure: string; value: string; "× hello": string; "× baseline": string; budget: string; verdict: string }> = [];
const record = (figure: string, value: string, budget: string, ok?: boolean, vsHello = "", vsBaseline = "") =>
  rows.push({ figure, value, "× hello": vsHello, "× baseline": vsBaseline, budget, verdict: ok === undefined ? "" : ok ? "within" : "OVER" });
const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function hey(url: string, opts: Partial<autocannon.Options> = {}) {
  return autocannon({ url, connections: 50, duration: 5, ...opts });
}

/** The same-run baselines' latencies, for the ratios printed next to figures that have only absolute budgets. */
const base = { helloP975: NaN, pgP95: NaN, helloRps: NaN, listRps: undefined as number | undefined };
let helloServer: http.Server | undefined;
let helloUrl = "";
const ratio = (ms: number) => `= ${(ms / base.helloP975).toFixed(1)} × hello p97.5, ${(ms / base.pgP95).toFixed(1)} × pg SELECT 1 p95`;

async function baselines(databaseUrl: string) {
  const app = express();
  app.get("/hello", (_req, res) => res.json({ hello: "world" }));
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await hey(`http://127.0.0.1:${port}/hello`, { duration: 2 }); // warm-up
  const r = await hey(`http://127.0.0.1:${port}/hello`);
  base.helloP975 = r.latency.p97_5;
  base.helloRps = r.requests.average;
  record("baseline: Express hello route (50 conns)", `${Math.round(r.requests.average)} req/s, p95 ${r.latency.p97_5 ?? r.latency.p99} ms (p97.5)`, "—");
  helloServer = server;
  helloUrl = `http://127.0.0.1:${port}/hello`;

  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const latencies: number[] = [];
  const end = Date.now() + 5000;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        await pool.query("SELECT 1");
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  base.pgP95 = p(latencies, 0.95);
  record("baseline: raw pg SELECT 1 (50 concurrent, pool 10)", `${Math.round(latencies.length / 5)} q/s, p95 ${p(latencies, 0.95).toFixed(1)} ms`, "—");
  await pool.end();
}

/** The server as production runs it: compiled (`npm run build:server`, a few seconds), under plain node. */
function buildServer(): void {
  const result = spawnSync("npm", ["run", "build:server"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build:server failed");
}

/** The web app, for the calendar page figure (a production build, as users get it). */
function buildClient(): void {
  const result = spawnSync("npm", ["run", "build:client"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("npm run build:client failed");
}

function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "dist/server/index.js"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(/TeamFlow is running at (http:\/\/\S+)/);
      if (m) resolve({ child, url: m[1] });
      if (process.env.BENCH_VERBOSE) process.stderr.write(d);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      console.error(`bench server exited with ${code}:\n${out.slice(-3000)}`);
      reject(new Error(`server exited ${code}`));
    });
  });
}

async function api(url: string, method: string, pathname: string, token?: string, body?: unknown) {
  const res = await fetch(url + pathname, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 204) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : ((await res.json()) as { data: any }); // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function openSockets(url: string, token: string, room: string, n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, async () => {
        const s = connect(url, { path: "/socket.io", auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
        await new Promise<void>((resolve, reject) => {
          s.once("connect", () => resolve());
          s.once("connect_error", reject);
        });
        await s.timeout(10_000).emitWithAck("join", [room]);
        return s;
      }),
    );
    sockets.push(...batch);
  }
  return sockets;
}

/** The server's memory in MB, from its own /metrics. */
async function memory(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mb = (metric: string) => {
    const m = text.match(new RegExp(`^teamflow_${metric}(?:\\{[^}]*\\})? (\\d+(\\.\\d+)?)`, "m"));
    return m ? Number(m[1]) / 1024 / 1024 : NaN;
  };
  return { rss: mb("process_resident_memory_bytes"), heapUsed: mb("nodejs_heap_size_used_bytes") };
}

async function fanOut(url: string) {
  const owner = await api(url, "POST", "/api/v1/auth/register", undefined, { email: `bench-${crypto.randomUUID()}@example.com`, password: "Bench-password-1", name: "Bench" });
  const token = owner!.data.accessToken as string;
  const ws = await api(url, "POST", "/api/v1/workspaces", token, { name: "Bench" });
  const workspaceId = ws!.data.id as string;
  const room = `workspace:${workspaceId}`;

  // This server was started for this section alone (main): no earlier section's uploads or caches in its heap.
  const before = await memory(url);
  const sockets = await openSockets(url, token, room, 500);
  const latencies: number[] = [];
  const afterResponse: number[] = [];
  for (let round = 0; round < 20; round++) {
    const name = `Bench ${round}`;
    const arrivals = sockets.map(
      (s) =>
        new Promise<number>((resolve) => {
          const h = (e: { data: { name: string } }) => {
            if (e.data.name !== name) return;
            s.off("workspace.updated", h);
            resolve(performance.now());
          };
          s.on("workspace.updated", h);
        }),
    );
    const sent = performance.now();
    await api(url, "PATCH", `/api/v1/workspaces/${workspaceId}`, token, { name });
    const responded = performance.now();
    const times = await Promise.all(arrivals);
    latencies.push(...times.map((t) => t - sent));
    afterResponse.push(...times.map((t) => Math.max(0, t - responded)));
  }
  latencies.sort((a, b) => a - b);
  afterResponse.sort((a, b) => a - b);
  const p95 = p(afterResponse, 0.95);
  record(
    "Socket.IO: event to 500 sockets in a room (20 events)",
    `after response p95 ${p95.toFixed(1)} ms; after request sent p95 ${p(latencies, 0.95).toFixed(1)} ms, p50 ${p(latencies, 0.5).toFixed(1)} ms`,
    "p95 < 100 ms after response",
    p95 < 100,
  );

  const more = await openSockets(url, token, room, 500);
  const after = await memory(url);
  const perSocketKb = ((after.rss - before.rss) * 1024) / 1000;
  record(
    "Server RSS with 1,000 open sockets (a fresh server of its own)",
    `${after.rss.toFixed(0)} MB with them, ${before.rss.toFixed(0)} MB before = +${(after.rss - before.rss).toFixed(0)} MB, ${perSocketKb.toFixed(0)} KB per socket (heap used ${before.heapUsed.toFixed(0)} → ${after.heapUsed.toFixed(0)} MB; 20 fan-out events sent on 500 of them in between)`,
    "< 300 MB",
    after.rss < 300,
  );
  [...sockets, ...more].forEach((s) => s.close());
}

/** Task list (50 tasks with assignees and labels) and create-task throughput against the real stack. */
async function tasks(url: string, databaseUrl: string, uncachedUrl?: string) {
  const owner = await api(url, "POST", "/api/v1/auth/register", undefined, { email: `bench-t-${crypto.randomUUID()}@example.com`, password: "Bench-password-1", name: "Bench" });
  const token = owner!.data.accessToken as string;
  const userId = owner!.data.user.id as string;
  const ws = (await api(url, "POST", "/api/v1/workspaces", token, { name: "Bench tasks" }))!.data.id as string;
  const project = (await api(url, "POST", `/api/v1/workspaces/${ws}/projects`, token, { name: "Bench", key: "BEN" }))!.data.id as string;
  const labels = await Promise.all(["bug", "ux", "backend"].map(async (name) => (await api(url, "POST", `/api/v1/workspaces/${ws}/labels`, token, { name }))!.data.id as string));
  for (let i = 0; i < 50; i++) {
    await api(url, "POST", `/api/v1/projects/${project}/tasks`, token, { title: `Task ${i}`, assigneeIds: [userId], labelIds: [labels[i % 3]], storyPoints: (i % 8) + 1 });
  }
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const listUrl = `${url}/api/v1/projects/${project}/tasks?perPage=50`;
  // The same list from a second server with CACHE_READS=off (same database, same data): the cache's gain, same-run.
  const uncachedListUrl = uncachedUrl && `${uncachedUrl}/api/v1/projects/${project}/tasks?perPage=50`;

  // The `pg list` baseline (SPEC §8): an Express route that runs the task list's own SQL (listTasks) through a raw
  // `pg` pool of the server's size (10) and returns its rows, in this process; same data, same 50 connections.
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const app = express();
  app.get("/pg-list", (_req, res, next) => {
    listTasks(pool, { projectId: project, readerId: userId }, { page: 1, perPage: 50, sort: "position" }).then(
      (page) => res.json({ data: page.rows, meta: { total: page.total, page: 1, perPage: 50 } }),
      next,
    );
  });
  const pgServer = http.createServer(app);
  await new Promise<void>((r) => pgServer.listen(0, "127.0.0.1", r));
  const pgListUrl = `http://127.0.0.1:${(pgServer.address() as AddressInfo).port}/pg-list`;
  const sameRows = (await (await fetch(pgListUrl)).json()) as { data: Array<{ id: string }> };
  const served = (await (await fetch(listUrl, { headers })).json()) as { data: Array<{ id: string }> };
  if (sameRows.data.length !== 50 || sameRows.data.map((t) => t.id).join() !== served.data.map((t) => t.id).join()) throw new Error("pg list and the API list differ");

  // Warm-up of every route, then RUNS rounds of hello / pg list / API list back to back, so each ratio is same-run.
  await Promise.all([hey(helloUrl, { duration: 2 }), hey(pgListUrl, { duration: 2 }), hey(listUrl, { headers, duration: 2 })]);
  const RUNS = Number(process.env.BENCH_RUNS || 3);
  if (uncachedListUrl) await hey(uncachedListUrl, { headers, duration: 2 });
  const runs: Array<{ hello: number; helloP: number; pg: number; pgP: number; list: number; listP: number; listP50: number; errors: number; off?: autocannon.Result }> = [];
  for (let i = 0; i < RUNS; i++) {
    const h = await hey(helloUrl);
    const g = await hey(pgListUrl, { duration: 8 });
    const l = await hey(listUrl, { headers, duration: 8 });
    const off = uncachedListUrl ? await hey(uncachedListUrl, { headers, duration: 8 }) : undefined;
    runs.push({ hello: h.requests.average, helloP: h.latency.p97_5, pg: g.requests.average, pgP: g.latency.p97_5, list: l.requests.average, listP: l.latency.p97_5, listP50: l.latency.p50, errors: l.non2xx + l.errors + g.non2xx + g.errors, off });
  }
  // The same list at a load that does not queue (5 connections): what one request costs end to end.
  // At 50 connections a p95 under 25 ms needs more than 50 / 0.025 s = 2,000 req/s (Little's law), which
  // is more than Express hello does on a small machine: there the latency bound can only hold unqueued.
  const light = { hello: await hey(helloUrl, { connections: 5, duration: 5 }), list: await hey(listUrl, { headers, connections: 5, duration: 5 }) };
  pgServer.close();
  await pool.end();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const spread = (xs: number[], d = 0) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
  const vsHello = runs.map((r) => r.list / r.hello);
  const vsPg = runs.map((r) => r.list / r.pg);
  const listP95 = med(runs.map((r) => r.listP));
  const listErrors = runs.reduce((n, r) => n + r.errors, 0);
  base.listRps = med(runs.map((r) => r.list));
  record(
    `baseline: pg list (listTasks SQL via raw pg pool 10), 50 conns, ${RUNS} runs`,
    `${Math.round(med(runs.map((r) => r.pg)))} req/s (runs ${spread(runs.map((r) => r.pg))}), p97.5 ${med(runs.map((r) => r.pgP))} ms`,
    "—",
    undefined,
    `${med(runs.map((r) => r.pg / r.hello)).toFixed(3)} (${spread(runs.map((r) => r.pg / r.hello), 3)})`,
  );
  record(
    `GET task list (50 tasks + assignees + labels), 50 conns, ${RUNS} runs`,
    `${Math.round(med(runs.map((r) => r.list)))} req/s (runs ${spread(runs.map((r) => r.list))}), p97.5 ${listP95} ms, p50 ${med(runs.map((r) => r.listP50))} ms, errors ${listErrors}`,
    ">= 0.13 × hello, >= 1.0 × pg list, p95 < 25 ms",
    med(vsHello) >= 0.13 && med(vsPg) >= 1 && listP95 < 25 && listErrors === 0,
    `${med(vsHello).toFixed(3)} (${spread(vsHello, 3)})`,
    `${med(vsPg).toFixed(2)} × pg list (${spread(vsPg, 2)}); Express hello itself: p97.5 ${med(runs.map((r) => r.helloP))} ms at 50 conns`,
  );
  const lightErrors = light.list.non2xx + light.list.errors;
  record(
    "GET task list at a light load (5 conns, not queued)",
    `${Math.round(light.list.requests.average)} req/s, p97.5 ${light.list.latency.p97_5} ms, p50 ${light.list.latency.p50} ms, errors ${lightErrors}; Express hello at 5 conns: p97.5 ${light.hello.latency.p97_5} ms`,
    "p95 < 25 ms",
    light.list.latency.p97_5 < 25 && lightErrors === 0,
    (light.list.requests.average / light.hello.requests.average).toFixed(3),
  );
  const offRuns = runs.flatMap((r) => (r.off ? [{ ...r, off: r.off }] : []));
  if (offRuns.length) {
    const offRps = offRuns.map((r) => r.off.requests.average);
    record(
      `GET task list, read cache off (CACHE_READS=off, second server), 50 conns, ${RUNS} runs`,
      `${Math.round(med(offRps))} req/s (runs ${spread(offRps)}), p97.5 ${med(offRuns.map((r) => r.off.latency.p97_5))} ms, errors ${offRuns.reduce((n, r) => n + r.off.non2xx + r.off.errors, 0)}; cache on = ${med(offRuns.map((r) => r.list / r.off.requests.average)).toFixed(2)} × off`,
      "— (the cache's gain)",
      undefined,
      med(offRuns.map((r) => r.off.requests.average / r.hello)).toFixed(3),
      `${med(offRuns.map((r) => r.off.requests.average / r.pg)).toFixed(2)} × pg list`,
    );
  }
  await hey(`${url}/api/v1/projects/${project}/tasks`, { headers, method: "POST", body: JSON.stringify({ title: "Bench warm-up" }), duration: 2 });
  const creates: Array<{ rps: number; hello: number; p: number; p50: number; errors: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    const h = await hey(helloUrl);
    const c = await hey(`${url}/api/v1/projects/${project}/tasks`, { headers, method: "POST", body: JSON.stringify({ title: "Bench create" }), duration: 8 });
    creates.push({ rps: c.requests.average, hello: h.requests.average, p: c.latency.p97_5, p50: c.latency.p50, errors: c.non2xx + c.errors });
  }
  const lightCreate = await hey(`${url}/api/v1/projects/${project}/tasks`, { headers, method: "POST", body: JSON.stringify({ title: "Bench create" }), connections: 5, duration: 5 });
  const cHello = creates.map((c) => c.rps / c.hello);
  const createP95 = med(creates.map((c) => c.p));
  const createErrors = creates.reduce((n, c) => n + c.errors, 0);
  record(
    `POST create task, 50 conns, ${RUNS} runs`,
    `${Math.round(med(creates.map((c) => c.rps)))} req/s (runs ${spread(creates.map((c) => c.rps))}), p97.5 ${createP95} ms, p50 ${med(creates.map((c) => c.p50))} ms, errors ${createErrors}`,
    ">= 0.07 × hello, p95 < 50 ms",
    med(cHello) >= 0.07 && createP95 < 50 && createErrors === 0,
    `${med(cHello).toFixed(3)} (${spread(cHello, 3)})`,
    `${(med(creates.map((c) => c.rps)) / med(runs.map((r) => r.pg))).toFixed(2)} × pg list`,
  );
  const lightCreateErrors = lightCreate.non2xx + lightCreate.errors;
  record(
    "POST create task at a light load (5 conns, not queued)",
    `${Math.round(lightCreate.requests.average)} req/s, p97.5 ${lightCreate.latency.p97_5} ms, p50 ${lightCreate.latency.p50} ms, errors ${lightCreateErrors}`,
    "p95 < 50 ms",
    lightCreate.latency.p97_5 < 50 && lightCreateErrors === 0,
  );
}

const statusCounts = (statuses: number[]) => Object.entries(statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {})).map(([s, n]) => `${n}×${s}`).join(", ");

/** Times `n` runs of `run`, one after another; the sorted durations in ms. */
async function timed(n: number, run: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Bookings (SPEC §8): 50 parallel creates of one slot (contendedCreate: exactly
 * one winner per round), the resource calendar's API for 100 artists × 4 weeks
 * with 2,000 bookings (seeded in one SQL insert), and the availability check for
 * 50 artists (bookingReads). Each in a workspace of its own owner (benchOwner).
 */
async function benchOwner(url: string) {
  const owner = await api(url, "POST", "/api/v1/auth/register", undefined, { email: `bench-b-${crypto.randomUUID()}@example.com`, password: "Bench-password-1", name: "Bench" });
  const token = owner!.data.accessToken as string;
  const ws = (await api(url, "POST", "/api/v1/workspaces", token, { name: "Bench bookings" }))!.data.id as string;
  return { token, ws, userId: owner!.data.user.id as string, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } };
}

async function contendedCreate(url: string) {
  const { token, ws, headers } = await benchOwner(url);
  // (a) Contention: 20 rounds of 50 parallel CONFIRMED bookings of the same artist and slot.
  const artist = (await api(url, "POST", `/api/v1/workspaces/${ws}/artists`, token, { name: "Contended", timezone: "UTC" }))!.data.id as string;
  const round = async (day: number) => {
    const start = new Date(Date.UTC(2028, 0, 3 + day, 9)).toISOString();
    const end = new Date(Date.UTC(2028, 0, 3 + day, 17)).toISOString();
    const body = JSON.stringify({ artistId: artist, title: `Round ${day}`, start, end, status: "CONFIRMED" });
    return Promise.all(
      Array.from({ length: 50 }, async () => {
        const t0 = performance.now();
        const res = await fetch(`${url}/api/v1/workspaces/${ws}/bookings`, { method: "POST", headers, body });
        await res.arrayBuffer();
        return { status: res.status, ms: performance.now() - t0 };
      }),
    );
  };
  // A server that has just started is about three times slower here: it opens its database connections
  // and V8 compiles the request path over the first few thousand requests (server CPU per contended
  // request, measured per 1,000: 1.4 ms, 0.84, 0.63, 0.61, 0.51, 0.48). The budget is for the steady
  // state, after 80 warm-up rounds; the first 20 rounds of the just-started server are reported as "cold".
  const WARMUP = 80;
  const ROUNDS = 20;
  const cold: number[] = [];
  for (let day = 0; day < WARMUP; day++) {
    const results = await round(day);
    if (day < ROUNDS) cold.push(...results.map((r) => r.ms));
  }
  const latencies: number[] = [];
  const statuses: number[] = [];
  let roundsWithOneWinner = 0;
  for (let day = WARMUP; day < WARMUP + ROUNDS; day++) {
    const results = await round(day);
    latencies.push(...results.map((r) => r.ms));
    statuses.push(...results.map((r) => r.status));
    if (results.filter((r) => r.status === 201).length === 1 && results.filter((r) => r.status === 409).length === 49) roundsWithOneWinner++;
  }
  cold.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  const contendedP95 = p(latencies, 0.95);
  record(
    `Booking create, 50 parallel for one slot × ${ROUNDS} rounds`,
    `p95 ${contendedP95.toFixed(1)} ms (${ratio(contendedP95)}), p50 ${p(latencies, 0.5).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms after ${WARMUP} warm-up rounds (a just-started server's first ${ROUNDS} rounds: p95 ${p(cold, 0.95).toFixed(1)} ms); exactly one 201 + 49 × 409 in ${roundsWithOneWinner}/${ROUNDS} rounds (${statusCounts(statuses)})`,
    "p95 < 60 ms, one winner per round",
    contendedP95 < 60 && roundsWithOneWinner === ROUNDS,
  );
}

async function bookingReads(url: string, databaseUrl: string) {
  const { ws, userId, headers } = await benchOwner(url);
  // (b) The resource calendar: 100 artists (a third each in UTC, London, New York; Mon–Fri 09:00–17:00),
  // 20 bookings each over 4 weeks (2,000: holds, pencils, confirmed), in one insert each.
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const from = "2027-03-01T00:00:00.000Z";
  const to = "2027-03-29T00:00:00.000Z";
  let artistIds: string[];
  try {
    artistIds = (
      await pg.query<{ id: string }>(
        `INSERT INTO artists (id, workspace_id, name, timezone, skills, color, updated_at)
         SELECT gen_random_uuid(), $1::uuid, 'Artist ' || lpad(i::text, 3, '0'), (ARRAY['UTC', 'Europe/London', 'America/New_York'])[1 + i % 3], ARRAY['comp'], '#0ea5e9', now()
           FROM generate_series(1, 100) AS i
         RETURNING id`,
        [ws],
      )
    ).rows.map((r) => r.id);
    await pg.query(
      `INSERT INTO working_hours (id, artist_id, weekday, start_time, end_time)
       SELECT gen_random_uuid(), a, d, '09:00', '17:00' FROM unnest($1::uuid[]) AS a, generate_series(1, 5) AS d`,
      [artistIds],
    );
    const { rowCount } = await pg.query(
      `INSERT INTO bookings (id, workspace_id, artist_id, title, start_time, end_time, status, created_by_id, updated_at)
       SELECT gen_random_uuid(), $1::uuid, a.id, 'Job ' || a.n || '-' || d,
              $2::timestamptz + (floor(d * 1.4)::int * interval '1 day') + interval '9 hours',
              $2::timestamptz + (floor(d * 1.4)::int * interval '1 day') + interval '17 hours',
              (CASE WHEN (a.n + d) % 10 < 2 THEN 'HOLD' WHEN (a.n + d) % 10 < 5 THEN 'PENCIL' ELSE 'CONFIRMED' END)::"BookingStatus",
              $3::uuid, now()
         FROM unnest($4::uuid[]) WITH ORDINALITY AS a(id, n), generate_series(0, 19) AS d`,
      [ws, from, userId, artistIds],
    );
    if (rowCount !== 2000) throw new Error(`seeded ${rowCount} bookings, not 2,000`);
  } finally {
    await pg.end();
  }
  const page = (n: number) => `${url}/api/v1/workspaces/${ws}/bookings?from=${from}&to=${to}&perPage=100&page=${n}`;

  const onePage = await hey(page(1), { headers, connections: 10, duration: 5 });
  record(
    "Calendar API: GET bookings 4 weeks, 1 page of 100 (of 2,000), 10 conns",
    `${Math.round(onePage.requests.average)} req/s, p97.5 ${onePage.latency.p97_5} ms (${ratio(onePage.latency.p97_5)}), p50 ${onePage.latency.p50} ms, errors ${onePage.non2xx + onePage.errors}`,
    "p95 < 100 ms",
    onePage.latency.p97_5 < 100 && onePage.non2xx + onePage.errors === 0,
  );
  // What the calendar page asks for: one request with the 100 artists (hours, time off) and all 2,000 bookings with ranks.
  const calendarUrl = `${url}/api/v1/workspaces/${ws}/calendar?from=${from}&to=${to}`;
  const calendarBody = (await (await fetch(calendarUrl, { headers })).json()) as { data: { artists: unknown[]; bookings: unknown[] } };
  if (calendarBody.data.artists.length !== 100 || calendarBody.data.bookings.length !== 2000) throw new Error(`calendar answered ${calendarBody.data.artists.length} artists, ${calendarBody.data.bookings.length} bookings`);
  const serial = await timed(20, async () => void (await (await fetch(calendarUrl, { headers })).arrayBuffer()));
  const cal = await hey(calendarUrl, { headers, connections: 10, duration: 5 });
  record(
    "Calendar API: GET /calendar, 100 artists × 4 weeks, 2,000 bookings, 10 conns",
    `${Math.round(cal.requests.average)} req/s, p97.5 ${cal.latency.p97_5} ms (${ratio(cal.latency.p97_5)}), p50 ${cal.latency.p50} ms, errors ${cal.non2xx + cal.errors}; one at a time: p95 ${p(serial, 0.95).toFixed(1)} ms, p50 ${p(serial, 0.5).toFixed(1)} ms`,
    "p95 < 100 ms",
    cal.latency.p97_5 < 100 && cal.non2xx + cal.errors === 0,
  );

  // (c) Availability check for 50 artists at once (with the next free slot of 8 hours within 30 days).
  const check = JSON.stringify({ artistIds: artistIds.slice(0, 50), start: "2027-03-10T10:00:00Z", end: "2027-03-10T12:00:00Z", durationMinutes: 480 });
  const avail = await hey(`${url}/api/v1/workspaces/${ws}/availability/check`, { headers, method: "POST", body: check, connections: 10, duration: 5 });
  record(
    "Availability check, 50 artists (next free 8 h slot), 10 conns",
    `${Math.round(avail.requests.average)} req/s, p97.5 ${avail.latency.p97_5} ms (${ratio(avail.latency.p97_5)}), p50 ${avail.latency.p50} ms, errors ${avail.non2xx + avail.errors}`,
    "— (SPEC §8 sets none; < 100 ms like the calendar)",
    avail.latency.p97_5 < 100 && avail.non2xx + avail.errors === 0,
  );
}

async function main() {
  const adminUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  if (!process.env.DATABASE_URL && !(await portAnswers("127.0.0.1", 5432))) throw new Error("bench needs PostgreSQL: set DATABASE_URL or run one on 127.0.0.1:5432");
  const redisUrl = process.env.REDIS_URL || ((await portAnswers("127.0.0.1", 6379)) ? "redis://127.0.0.1:6379" : undefined);
  const dbName = `teamflow_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  let server: { child: ChildProcess; url: string } | undefined;
  let uncached: { child: ChildProcess; url: string } | undefined;
  let sockets: { child: ChildProcess; url: string } | undefined;
  let provider: Awaited<ReturnType<typeof startScriptedProvider>> | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-bench-data-"));
  try {
    await applyMigrations(databaseUrl);
    console.log(`bench: PostgreSQL ${url.host}, Redis ${redisUrl ?? "none (in-memory mode)"}, ${new Date().toISOString()}`);
    await baselines(databaseUrl);
    // BENCH_ONLY=bookings (comma list of health, tasks, bookings (contention is its first part alone), ratelimit, calendar, uploads, assistant, sockets) runs some parts only; the baselines always run.
    const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
    const runs = (part: string) => !only || only.includes(part);
    buildServer();
    if (runs("calendar")) buildClient();
    if (runs("assistant")) provider = await startScriptedProvider();
    const serverEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      JWT_SECRET: crypto.randomBytes(32).toString("hex"),
      // Production refuses to start without the documents' at-rest key (SPEC §4.6).
      ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl ?? "",
      PORT: "0",
      LOG_LEVEL: "warn",
      RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
      RATE_LIMIT_API_PER_MINUTE: "1000000",
      // The calendar page figure opens the web app in Chromium; the API figures do not touch it.
      SERVE_CLIENT: runs("calendar") ? "true" : "false",
      // Uploads: their own directory; 16 files of 10 MB go to one task (limits are not what is measured).
      DATA_DIR: dataDir,
      UPLOAD_MAX_FILE_MB: "11",
      UPLOAD_MAX_ENTITY_MB: "1024",
      RATE_LIMIT_UPLOADS_PER_HOUR: "100000",
      // The assistant figures: the scripted OpenAI-compatible provider in this process (bench/assistant.ts).
      ...(provider ? assistantServerEnv(provider) : {}),
    };
    server = await startServer(serverEnv);
    if (runs("health")) {
      const health = await hey(`${server.url}/api/health`);
      record("TeamFlow GET /api/health (full middleware stack)", `${Math.round(health.requests.average)} req/s, p97.5 ${health.latency.p97_5} ms`, "—", undefined, (health.requests.average / base.helloRps).toFixed(3));
    }
    if (runs("tasks")) {
      uncached = await startServer({ ...serverEnv, CACHE_READS: "off", SERVE_CLIENT: "false" });
      await tasks(server.url, databaseUrl, uncached.url);
    }
    if (runs("ratelimit")) await rateLimitCost(redisUrl, record, base.listRps, base.helloRps);
    if (runs("bookings") || runs("contention")) await contendedCreate(server.url);
    if (runs("bookings")) await bookingReads(server.url, databaseUrl);
    if (runs("calendar")) await calendarPage(server.url, record);
    if (runs("uploads")) await uploads(server.url, record);
    if (runs("assistant")) await assistant(server.url, provider!, { api, memory, record });
    if (runs("sockets")) {
      // Its own freshly started server, so the RSS figure is not the earlier sections' uploads and caches.
      sockets = await startServer({ ...serverEnv, SERVE_CLIENT: "false" });
      await fanOut(sockets.url);
    }
  } finally {
    helloServer?.close();
    for (const s of [server, uncached, sockets]) {
      if (!s) continue;
      s.child.removeAllListeners("exit");
      const exited = new Promise((r) => s.child.once("exit", r));
      s.child.kill("SIGTERM");
      await exited;
    }
    await provider?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  console.log("");
  console.table(rows);
  console.log("autocannon reports p97.5, the percentile closest to p95 it offers; it is compared with the p95 budgets.");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
