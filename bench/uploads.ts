/**
 * Upload figures (issue 12, SPEC §4.7): throughput of a 10 MB file next to a
 * same-run baseline (the same 10 MB copied to disk with a stream pipeline, and
 * with fs.copyFile), and memory while 10 uploads of 10 MB run at once (flat
 * when files stream: peak − start well under 10 × 10 MB).
 *  - the storage driver path (`createLocalStorage().put`, in this process);
 *  - the real endpoint (`POST /api/v1/attachments`, multipart, on the bench
 *    server), when the server has it; RSS from the server's own /metrics.
 * Measures; never asserts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createLocalStorage } from "../src/modules/files/storage/local";

type Record = (figure: string, value: string, budget: string, ok?: boolean) => void;

const MB = 1024 * 1024;
const SIZE = 10 * MB;
const RUNS = 5;
const PARALLEL = 10;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = (ms: number) => SIZE / MB / (ms / 1000);

async function timedRuns(run: (i: number) => Promise<unknown>): Promise<number> {
  await run(-1); // warm-up (page cache, JIT, first connection)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Samples `rss()` every 20 ms while `work` runs; start and peak in MB. */
async function sampled(rss: () => Promise<number>, work: () => Promise<unknown>) {
  const start = await rss();
  let peak = start;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await rss());
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await sampler;
  }
  peak = Math.max(peak, await rss());
  return { start, peak };
}

const memoryVerdict = (m: { start: number; peak: number }) => ({
  value: `start ${m.start.toFixed(0)} MB, peak ${m.peak.toFixed(0)} MB: +${(m.peak - m.start).toFixed(0)} MB for ${PARALLEL} × ${SIZE / MB} MB in flight`,
  ok: m.peak - m.start < (PARALLEL * SIZE) / MB / 2,
});
const MEMORY_BUDGET = `peak − start well under ${(PARALLEL * SIZE) / MB} MB (flat: < ${(PARALLEL * SIZE) / MB / 2} MB)`;

async function serverRss(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = text.match(/^teamflow_process_resident_memory_bytes(?:\{[^}]*\})? (\d+(\.\d+)?)/m);
  return m ? Number(m[1]) / MB : NaN;
}

async function api(url: string, method: string, pathname: string, token?: string, body?: unknown) {
  const res = await fetch(url + pathname, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One multipart upload of the file at `file` to a task; resolves when the server answered 201. */
async function upload(url: string, token: string, taskId: string, file: string, name: string) {
  const form = new FormData();
  form.append("entityType", "task");
  form.append("entityId", taskId);
  form.append("file", await fs.openAsBlob(file, { type: "application/pdf" }), name);
  const res = await fetch(`${url}/api/v1/attachments`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /api/v1/attachments: ${res.status} ${text.slice(0, 300)}`);
}

export async function uploads(url: string, record: Record): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-bench-uploads-"));
  try {
    // A 10 MB "PDF": the magic number the type check reads, then incompressible bytes (no thumbnail job competes for the CPU).
    const source = path.join(dir, "source.pdf");
    const head = Buffer.from("%PDF-1.7\n");
    const tail = Buffer.from("\n%%EOF\n");
    fs.writeFileSync(source, Buffer.concat([head, crypto.randomBytes(SIZE - head.length - tail.length), tail]));

    // Baselines: the same bytes copied on the same disk.
    const piped = await timedRuns((i) => pipeline(fs.createReadStream(source), fs.createWriteStream(path.join(dir, `pipe-${i}`))));
    const copied = await timedRuns((i) => fs.promises.copyFile(source, path.join(dir, `copy-${i}`)));
    const base = mbps(piped);
    record("baseline: 10 MB to disk, stream pipeline (median of 5)", `${base.toFixed(0)} MB/s (${piped.toFixed(1)} ms); fs.copyFile ${mbps(copied).toFixed(0)} MB/s (${copied.toFixed(1)} ms)`, "—");

    // The storage driver path: what the upload service does with each file's stream.
    const storage = createLocalStorage(path.join(dir, "uploads"));
    const ws = crypto.randomUUID();
    const put = () => storage.put(`${ws}/${crypto.randomUUID()}`, fs.createReadStream(source), { contentType: "application/octet-stream" });
    const driver = await timedRuns(put);
    record("Storage driver (local) put of 10 MB (median of 5)", `${mbps(driver).toFixed(0)} MB/s (${driver.toFixed(1)} ms) = ${(mbps(driver) / base).toFixed(2)} × baseline`, "— (≈ 1 × baseline: one extra rename)");
    const driverMemory = memoryVerdict(await sampled(async () => process.memoryUsage().rss / MB, () => Promise.all(Array.from({ length: PARALLEL }, () => put()))));
    record(`Storage driver: RSS of this process, ${PARALLEL} puts of 10 MB at once`, driverMemory.value, MEMORY_BUDGET, driverMemory.ok);

    // The real endpoint, when the server has it (the upload service lands with the attachments API).
    const probe = await fetch(`${url}/api/v1/attachments`, { method: "POST" });
    const body = (await probe.json().catch(() => ({}))) as { error?: { code?: string } };
    if (probe.status === 404) {
      record("POST /api/v1/attachments, 10 MB", `not measured: the server answers ${probe.status} ${body.error?.code ?? ""} (no upload endpoint in this build)`, "—");
      return;
    }
    const owner = await api(url, "POST", "/api/v1/auth/register", undefined, { email: `bench-u-${crypto.randomUUID()}@example.com`, password: "Bench-password-1", name: "Bench" });
    const token = owner.data.accessToken as string;
    const workspaceId = (await api(url, "POST", "/api/v1/workspaces", token, { name: "Bench uploads" })).data.id as string;
    const projectId = (await api(url, "POST", `/api/v1/workspaces/${workspaceId}/projects`, token, { name: "Uploads", key: "UPL" })).data.id as string;
    const taskId = (await api(url, "POST", `/api/v1/projects/${projectId}/tasks`, token, { title: "Uploads" })).data.id as string;

    const endpoint = await timedRuns((i) => upload(url, token, taskId, source, `run-${i + 1}.pdf`));
    record(
      "POST /api/v1/attachments, one 10 MB file (multipart, median of 5)",
      `${mbps(endpoint).toFixed(0)} MB/s (${endpoint.toFixed(0)} ms) = ${(mbps(endpoint) / base).toFixed(2)} × baseline (stream pipeline to disk)`,
      "— (SPEC §8 sets none)",
    );
    const serverMemory = memoryVerdict(await sampled(() => serverRss(url), () => Promise.all(Array.from({ length: PARALLEL }, (_, i) => upload(url, token, taskId, source, `parallel-${i}.pdf`)))));
    record(`Server RSS, ${PARALLEL} uploads of 10 MB at once`, serverMemory.value, MEMORY_BUDGET, serverMemory.ok);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
