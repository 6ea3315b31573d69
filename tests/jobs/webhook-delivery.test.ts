import crypto from "node:crypto";
import request from "supertest";
import { addMember, createTestApp, createWorkspace, registerUser, type TestApp, type TestUser } from "../helpers/app";
import { eventually } from "../helpers/eventually";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { testEnv } from "../setup/services";
import { deliverWebhookJob, enqueueDeliveries, resumeStuckDeliveries } from "../../src/modules/webhooks/webhooks.service";

const deliverJob = (t: TestApp) => deliverWebhookJob(t.ctx);

/**
 * Webhook deliveries end to end: a real change commits, the event becomes a
 * job in the `webhooks` queue, and the job POSTs to a real HTTP receiver on
 * loopback (so this file allows private targets, except the rebinding case).
 */

const BASE_MS = 100;
const TIMEOUT_MS = 600;
const env = { WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_BASE_MS: String(BASE_MS), WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), WEBHOOK_DISABLE_AFTER_FAILURES: "2" };
const api = (path: string) => `/api/v1${path}`;
const hmac = (body: string, secret: string) => `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
  receiver.fallback = { status: 200, body: "ok" };
});

interface Setup {
  owner: TestUser;
  workspaceId: string;
  projectId: string;
  hook: { id: string; secret: string };
}

async function setUp(t: TestApp, path: string, events = ["task.created"]): Promise<Setup> {
  const owner = await registerUser(t.app);
  const workspaceId = await createWorkspace(t.app, owner, "Hooks");
  const projectId = (await request(t.app).post(api(`/workspaces/${workspaceId}/projects`)).set(owner.auth).send({ name: "Hooked", key: "HK" }).expect(201)).body.data.id;
  const hook = (await request(t.app).post(api(`/workspaces/${workspaceId}/webhooks`)).set(owner.auth).send({ url: receiver.url(path), events }).expect(201)).body.data;
  return { owner, workspaceId, projectId, hook };
}

const newTask = async (t: TestApp, s: Setup, title = "Hello hooks") =>
  (await request(t.app).post(api(`/projects/${s.projectId}/tasks`)).set(s.owner.auth).send({ title }).expect(201)).body.data;

const deliveriesOf = (t: TestApp, s: Setup) => t.ctx.db.webhookDelivery.findMany({ where: { endpointId: s.hook.id }, orderBy: { createdAt: "asc" } });
const receivedAt = (path: string) => receiver.received.filter((r) => r.path === path);

function deliveryCases(name: string, options: { redis?: boolean }) {
  describe(name, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env, redis: options.redis });
    });
    afterAll(() => t.close());

    it("a committed change is POSTed with the SPEC payload and headers; the signature verifies with the secret", async () => {
      const slug = name.replace(/\W+/g, "-");
      const s = await setUp(t, `/sig-${slug}`);
      const task = await newTask(t, s);
      const [hit] = await eventually(() => receivedAt(`/sig-${slug}`).length === 1 && receivedAt(`/sig-${slug}`), { what: "the task.created delivery" });
      expect(hit.method).toBe("POST");
      expect(hit.headers["content-type"]).toBe("application/json");
      expect(hit.headers["x-teamflow-event"]).toBe("task.created");
      expect(hit.headers["x-teamflow-signature"]).toBe(hmac(hit.body, s.hook.secret));
      expect(hit.headers["x-teamflow-signature"]).not.toBe(hmac(hit.body, "another secret"));
      expect(Math.abs(Number(hit.headers["x-teamflow-timestamp"]) - Date.now() / 1000)).toBeLessThan(30);
      const payload = JSON.parse(hit.body);
      expect(Object.keys(payload).sort()).toEqual(["data", "event", "timestamp", "workspaceId"]);
      expect(payload).toMatchObject({ event: "task.created", workspaceId: s.workspaceId, data: { id: task.id, title: "Hello hooks" } });
      const deliveryId = hit.headers["x-teamflow-delivery"] as string;
      const row = await eventually(async () => {
        const d = await t.ctx.db.webhookDelivery.findUnique({ where: { id: deliveryId } });
        return d?.status === "SUCCEEDED" && d;
      }, { what: "the delivery logged as succeeded" });
      expect(row).toMatchObject({ endpointId: s.hook.id, attempts: 1, responseStatus: 200, responseBody: "ok", error: null });
      expect(row.body).toBe(hit.body);
      // project.created was published before task.created and is not subscribed: nothing else came.
      expect(await deliveriesOf(t, s)).toHaveLength(1);
      const log = await request(t.app).get(api(`/webhooks/${s.hook.id}/deliveries`)).set(s.owner.auth).expect(200);
      expect(log.body.meta.total).toBe(1);
      expect(log.body.data[0]).toMatchObject({ id: deliveryId, status: "SUCCEEDED", attempts: 1, responseStatus: 200, payload: { event: "task.created" } });
      expect(log.body.data[0].durationMs).toEqual(expect.any(Number));
    });

    it("retries after a 500 with backoff, then succeeds: same delivery id, same signed bytes", async () => {
      const path = `/retry-${name.replace(/\W+/g, "-")}`;
      const s = await setUp(t, path);
      receiver.script({ status: 500, body: "boom" });
      await newTask(t, s);
      const d = await eventually(async () => {
        const [row] = await deliveriesOf(t, s);
        return row?.status === "SUCCEEDED" && row;
      }, { what: "the delivery to succeed on its second try" });
      expect(d.attempts).toBe(2);
      const hits = receivedAt(path);
      expect(hits).toHaveLength(2);
      expect(hits[1].headers["x-teamflow-delivery"]).toBe(hits[0].headers["x-teamflow-delivery"]);
      expect(hits[1].body).toBe(hits[0].body);
      expect(hits[1].headers["x-teamflow-signature"]).toBe(hmac(hits[0].body, s.hook.secret));
      expect(hits[1].at - hits[0].at).toBeGreaterThanOrEqual(BASE_MS - 10);
    });
  });
}

deliveryCases("in-process queue", {});
if (testEnv.redisUrl) deliveryCases("BullMQ queue", { redis: true });

describe("failures, disabling, redeliver, test-send", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env });
  });
  afterAll(() => t.close());

  it("a receiver slower than WEBHOOK_TIMEOUT_MS times out; all 4 tries after 1x, 2x, 4x the base", async () => {
    const path = "/slow";
    const s = await setUp(t, path);
    receiver.fallback = { status: 200, body: "late", delayMs: TIMEOUT_MS * 3 };
    await newTask(t, s);
    const d = await eventually(async () => {
      const [row] = await deliveriesOf(t, s);
      return row?.status === "FAILED" && row;
    }, { what: "the delivery to fail after its retries", timeoutMs: 20_000 });
    expect(d.attempts).toBe(4);
    expect(d.error).toBe(`Timed out after ${TIMEOUT_MS} ms`);
    expect(d.responseStatus).toBeNull();
    expect(d.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(d.durationMs).toBeLessThan(TIMEOUT_MS * 3);
    const hits = receivedAt(path);
    expect(hits).toHaveLength(4);
    const gaps = hits.slice(1).map((h, i) => h.at - hits[i].at);
    // Each gap is the timeout plus the backoff: 1x, 2x, 4x BASE_MS.
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(TIMEOUT_MS + BASE_MS * 2 ** i - 20));
    expect((await t.ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: s.hook.id } })).consecutiveFailures).toBe(1);
  });

  it("a redirect is not followed", async () => {
    const path = "/moved";
    const s = await setUp(t, path);
    receiver.fallback = { status: 302, headers: { Location: receiver.url("/elsewhere") } };
    await newTask(t, s);
    const d = await eventually(async () => {
      const [row] = await deliveriesOf(t, s);
      return row?.status === "FAILED" && row;
    }, { what: "the redirected delivery to fail" });
    expect(d.responseStatus).toBe(302);
    expect(d.error).toContain("not followed");
    expect(receivedAt(path)).toHaveLength(4);
    expect(receivedAt("/elsewhere")).toHaveLength(0);
  });

  it("is switched off after WEBHOOK_DISABLE_AFTER_FAILURES failed deliveries, owners and admins are notified; redeliver and test-send still work", async () => {
    const path = "/down";
    const s = await setUp(t, path);
    const admin = await registerUser(t.app);
    const member = await registerUser(t.app);
    await addMember(t.app, s.owner, s.workspaceId, admin, "ADMIN");
    await addMember(t.app, s.owner, s.workspaceId, member, "MEMBER");
    receiver.fallback = { status: 503, body: "down for maintenance" };
    await newTask(t, s, "one");
    await newTask(t, s, "two");
    const endpoint = await eventually(async () => {
      const w = await t.ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: s.hook.id } });
      return !w.active && w;
    }, { what: "the endpoint to be switched off", timeoutMs: 20_000 });
    expect(endpoint.consecutiveFailures).toBe(2);
    expect(endpoint.disabledReason).toContain("2 deliveries in a row failed");
    expect(endpoint.disabledReason).toContain("503");
    const notified = await eventually(async () => {
      const rows = await t.ctx.db.notification.findMany({ where: { workspaceId: s.workspaceId, type: "WEBHOOK_DISABLED" } });
      return rows.length >= 2 && rows;
    }, { what: "the owner's and the admin's notifications" });
    expect(notified.map((n) => n.userId).sort()).toEqual([s.owner.id, admin.id].sort());
    expect(notified[0].link).toBe(`/w/${s.workspaceId}/settings/webhooks`);
    const api404 = await request(t.app).get(api(`/webhooks/${s.hook.id}`)).set(s.owner.auth).expect(200);
    expect(api404.body.data).toMatchObject({ active: false, disabledReason: expect.stringContaining("failed") });

    // Switched off: a new event makes no delivery (checked once the subscribers have run).
    await newTask(t, s, "three");
    await t.ctx.events.drain();
    expect(await deliveriesOf(t, s)).toHaveLength(2);
    expect(await t.ctx.db.notification.count({ where: { userId: member.id, type: "WEBHOOK_DISABLED" } })).toBe(0);

    // The receiver is fixed: a test-send answers with the receiver's reply at once.
    receiver.fallback = { status: 200, body: "back" };
    const test = (await request(t.app).post(api(`/webhooks/${s.hook.id}/test`)).set(s.owner.auth).expect(200)).body.data;
    expect(test).toMatchObject({ event: "webhook.test", status: "SUCCEEDED", responseStatus: 200, responseBody: "back", test: true, attempts: 1 });
    const testHit = receivedAt(path).at(-1)!;
    expect(testHit.headers["x-teamflow-event"]).toBe("webhook.test");
    expect(testHit.headers["x-teamflow-delivery"]).toBe(test.id);
    expect(testHit.headers["x-teamflow-signature"]).toBe(hmac(testHit.body, s.hook.secret));

    // Redeliver the first failed delivery: a new delivery id, the same payload.
    const [first] = await deliveriesOf(t, s);
    const again = (await request(t.app).post(api(`/webhook-deliveries/${first.id}/redeliver`)).set(admin.auth).expect(202)).body.data;
    expect(again).toMatchObject({ redeliveryOfId: first.id, event: "task.created" });
    expect(again.id).not.toBe(first.id);
    const done = await eventually(async () => {
      const d = await t.ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: again.id } });
      return d.status === "SUCCEEDED" && d;
    }, { what: "the redelivery to succeed" });
    expect(done.body).toBe(first.body);
    const redelivered = receivedAt(path).find((h) => h.headers["x-teamflow-delivery"] === again.id)!;
    expect(redelivered.body).toBe(first.body);
    expect(JSON.parse(redelivered.body).data.title).toBe("one");

    // Switching it on again starts a new run of failures.
    const on = await request(t.app).patch(api(`/webhooks/${s.hook.id}`)).set(s.owner.auth).send({ active: true }).expect(200);
    expect(on.body.data).toMatchObject({ active: true, consecutiveFailures: 0, disabledReason: null });
  });

  it("a test-send to a receiver that answers 404 is logged as failed with the response, not retried", async () => {
    const path = "/missing";
    const s = await setUp(t, path);
    receiver.fallback = { status: 404, body: "x".repeat(5000) };
    const test = (await request(t.app).post(api(`/webhooks/${s.hook.id}/test`)).set(s.owner.auth).expect(200)).body.data;
    expect(test).toMatchObject({ status: "FAILED", responseStatus: 404, attempts: 1, error: "The receiver answered 404" });
    expect(test.responseBody).toHaveLength(2000);
    expect(receivedAt(path)).toHaveLength(1);
    expect((await t.ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: s.hook.id } })).consecutiveFailures).toBe(0);
  });
});

describe("SSRF at delivery (WEBHOOK_ALLOW_PRIVATE off)", () => {
  let t: TestApp;
  let lookups = 0;
  beforeAll(async () => {
    t = await createTestApp({ env: { ...env, WEBHOOK_ALLOW_PRIVATE: "false" } });
    // Scripted DNS: the name is public when the endpoint is created, then answers loopback (DNS rebinding).
    t.ctx.resolveHost = async (name) => {
      if (name !== "rebind.example") throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: "ENOTFOUND" });
      return lookups++ === 0 ? [{ address: "93.184.216.34", family: 4 }] : [{ address: "127.0.0.1", family: 4 }];
    };
  });
  afterAll(() => t.close());

  it("a name allowed at creation that resolves to loopback at delivery is refused before connecting, and not retried", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    const projectId = (await request(t.app).post(api(`/workspaces/${workspaceId}/projects`)).set(owner.auth).send({ name: "Rebind", key: "RB" }).expect(201)).body.data.id;
    const url = `http://rebind.example:${receiver.port}/rebind`;
    const hook = (await request(t.app).post(api(`/workspaces/${workspaceId}/webhooks`)).set(owner.auth).send({ url, events: ["task.created"] }).expect(201)).body.data;
    expect(lookups).toBe(1);

    await request(t.app).post(api(`/projects/${projectId}/tasks`)).set(owner.auth).send({ title: "rebound" }).expect(201);
    const d = await eventually(async () => {
      const row = await t.ctx.db.webhookDelivery.findFirst({ where: { endpointId: hook.id } });
      return row?.status === "FAILED" && row;
    }, { what: "the rebound delivery to be refused" });
    expect(d.attempts).toBe(1);
    expect(d.error).toContain("Refused");
    expect(d.error).toContain("127.0.0.1");
    expect(d.responseStatus).toBeNull();

    const test = (await request(t.app).post(api(`/webhooks/${hook.id}/test`)).set(owner.auth).expect(200)).body.data;
    expect(test).toMatchObject({ status: "FAILED", error: expect.stringContaining("loopback") });
    expect(receivedAt("/rebind")).toHaveLength(0);
  });

  it("an IP-literal private URL already stored (e.g. from a time the guard was off) is refused at delivery", async () => {
    const owner = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]", "localhost"]) {
      const w = await t.ctx.db.webhookEndpoint.create({ data: { workspaceId, url: `http://${host}:${receiver.port}/literal`, events: ["task.created"], secret: "whsec_test" } });
      const res = await request(t.app).post(api(`/webhooks/${w.id}/test`)).set(owner.auth);
      expect([host, res.status, res.body.error]).toEqual([host, 200, undefined]);
      const test = res.body.data;
      expect(test).toMatchObject({ status: "FAILED", error: expect.stringContaining("Refused") });
    }
    expect(receivedAt("/literal")).toHaveLength(0);
  });
});

describe("deliveries whose job was lost (an embedded install restarted with its in-process queue)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env });
  });
  afterAll(() => t.close());

  it("the sweep resumes a never-tried and an overdue retrying delivery at their next attempt, each sent once; a fresh one is left to its job", async () => {
    const path = "/lost";
    const s = await setUp(t, path);
    const old = new Date(Date.now() - 10 * 60_000);
    const row = (extra: object) => t.ctx.db.webhookDelivery.create({ data: { endpointId: s.hook.id, workspaceId: s.workspaceId, event: "task.created", body: JSON.stringify({ lost: extra }), ...extra } });
    const neverTried = await row({ createdAt: old });
    const retrying = await row({ createdAt: old, status: "RETRYING", attempts: 2, lastAttemptAt: old, nextAttemptAt: old });
    const fresh = await row({});

    // Two sweeps at once (two instances, or a slow one overlapping the next).
    await Promise.all([resumeStuckDeliveries(t.ctx), resumeStuckDeliveries(t.ctx)]);
    const done = await eventually(async () => {
      const rows = await t.ctx.db.webhookDelivery.findMany({ where: { id: { in: [neverTried.id, retrying.id] } } });
      return rows.every((r) => r.status === "SUCCEEDED") && rows;
    }, { what: "both stuck deliveries to be sent" });
    expect(Object.fromEntries(done.map((r) => [r.id, r.attempts]))).toEqual({ [neverTried.id]: 1, [retrying.id]: 3 });
    expect(receivedAt(path).map((r) => r.headers["x-teamflow-delivery"]).sort()).toEqual([neverTried.id, retrying.id].sort());

    await resumeStuckDeliveries(t.ctx);
    await new Promise((r) => setTimeout(r, 300));
    expect(receivedAt(path)).toHaveLength(2);
    expect(await t.ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ status: "PENDING", attempts: 0 });
  });

  it("a fan-out run twice for one event (a retry after its rows were written) makes one delivery per endpoint", async () => {
    const path = "/fan-out-twice";
    const s = await setUp(t, path);
    const event = { key: crypto.randomUUID(), type: "task.created", workspaceId: s.workspaceId, at: new Date().toISOString(), data: { id: crypto.randomUUID() } };
    await enqueueDeliveries(t.ctx, event);
    await enqueueDeliveries(t.ctx, event);
    await eventually(async () => (await deliveriesOf(t, s)).every((d) => d.status === "SUCCEEDED") && receivedAt(path).length === 1, { what: "the one delivery" });
    await new Promise((r) => setTimeout(r, 300));
    expect(await deliveriesOf(t, s)).toHaveLength(1);
    expect(receivedAt(path)).toHaveLength(1);
  });

  it("an attempt already made is not made again when a second job for it runs", async () => {
    const path = "/claimed";
    const s = await setUp(t, path);
    const d = await t.ctx.db.webhookDelivery.create({ data: { endpointId: s.hook.id, workspaceId: s.workspaceId, event: "task.created", body: "{}" } });
    await Promise.all([1, 2, 3].map(() => t.ctx.jobs.enqueue(deliverJob(t), { deliveryId: d.id })));
    await eventually(async () => (await t.ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).status === "SUCCEEDED", { what: "the delivery" });
    await new Promise((r) => setTimeout(r, 300));
    expect(receivedAt(path)).toHaveLength(1);
  });
});
