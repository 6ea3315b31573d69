import request from "supertest";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp, type TestUser } from "../helpers/app";

/** Webhook endpoints through the API: CRUD, secrets, permissions, tenancy, and the SSRF refusals with WEBHOOK_ALLOW_PRIVATE off. */

let t: TestApp;
let owner: TestUser;
let workspaceId: string;
const api = (path: string) => `/api/v1${path}`;

beforeAll(async () => {
  // The SSRF guard is on (the default): this file never delivers anything.
  t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: "false", WEBHOOK_RETRY_BASE_MS: "1500", WEBHOOK_TIMEOUT_MS: "4000", WEBHOOK_DISABLE_AFTER_FAILURES: "7" } });
  owner = await registerUser(t.app);
  workspaceId = await createWorkspace(t.app, owner);
});
afterAll(() => t.close());

const create = (user: TestUser, body: Record<string, unknown>, ws = workspaceId) => request(t.app).post(api(`/workspaces/${ws}/webhooks`)).set(user.auth).send(body);

describe("webhook endpoints", () => {
  it("create shows the secret once; list and get never do; update, rotate, delete", async () => {
    const events = (await request(t.app).get(api("/webhook-events")).set(owner.auth).expect(200)).body.data.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(["task.created", "task.updated", "booking.created", "comment.created"]));
    expect(events).not.toContain("session.revoked");
    expect(events).not.toContain("invitation.created");

    const res = await create(owner, { url: "http://8.8.8.8/hook", events: ["task.created", "task.moved"], description: "CI" }).expect(201);
    const hook = res.body.data;
    expect(hook).toMatchObject({ url: "http://8.8.8.8/hook", events: ["task.created", "task.moved"], active: true, description: "CI", consecutiveFailures: 0, version: 1 });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(hook.secretHint).toBe(hook.secret.slice(-4));

    const listed = await request(t.app).get(api(`/workspaces/${workspaceId}/webhooks`)).set(owner.auth).expect(200);
    expect(listed.body.meta).toMatchObject({ page: 1, perPage: 20, total: 1 });
    expect(listed.body.data[0].id).toBe(hook.id);
    expect(listed.body.data[0]).not.toHaveProperty("secret");
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);
    const got = await request(t.app).get(api(`/webhooks/${hook.id}`)).set(owner.auth).expect(200);
    expect(got.body.data).not.toHaveProperty("secret");

    const updated = await request(t.app).patch(api(`/webhooks/${hook.id}`)).set(owner.auth).send({ events: ["comment.created"], active: false, version: 1 }).expect(200);
    expect(updated.body.data).toMatchObject({ events: ["comment.created"], active: false, version: 2 });
    const stale = await request(t.app).patch(api(`/webhooks/${hook.id}`)).set(owner.auth).send({ description: "late", version: 1 });
    expectError(stale, 409, "CONFLICT");
    expect(stale.body.error.current.version).toBe(2);

    const rotated = await request(t.app).post(api(`/webhooks/${hook.id}/rotate-secret`)).set(owner.auth).expect(200);
    expect(rotated.body.data.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.secret).not.toBe(hook.secret);
    const row = await t.ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(row.secret).toBe(rotated.body.data.secret);

    await request(t.app).delete(api(`/webhooks/${hook.id}`)).set(owner.auth).expect(204);
    expectError(await request(t.app).get(api(`/webhooks/${hook.id}`)).set(owner.auth), 404, "NOT_FOUND");
    expect(await t.ctx.db.webhookEndpoint.count({ where: { id: hook.id } })).toBe(0);
  });

  it("the delivery policy says what is configured (the webhooks page explains it from this)", async () => {
    const policy = (await request(t.app).get(api("/webhook-policy")).set(owner.auth).expect(200)).body.data;
    expect(policy).toEqual({ timeoutMs: 4000, attempts: 4, retryDelaysMs: [1500, 3000, 6000], disableAfterFailures: 7 });
    await request(t.app).get(api("/webhook-policy")).expect(401);
  });

  it("rejects bad input naming the field, and changes nothing", async () => {
    const before = await t.ctx.db.webhookEndpoint.count({ where: { workspaceId } });
    for (const [body, field] of [
      [{ url: "ftp://8.8.8.8/x", events: ["task.created"] }, "url"],
      [{ url: "not a url", events: ["task.created"] }, "url"],
      [{ url: "http://user:pw@8.8.8.8/x", events: ["task.created"] }, "url"],
      [{ url: "http://8.8.8.8/x", events: [] }, "events"],
      [{ url: "http://8.8.8.8/x", events: ["session.revoked"] }, "events.0"],
      [{ url: "http://8.8.8.8/x", events: ["task.created", "task.created"] }, "events"],
      [{ url: "http://8.8.8.8/x", events: ["task.created"], secret: "mine" }, "secret"],
    ] as const) {
      const res = await create(owner, body);
      expectError(res, 400, "VALIDATION_ERROR");
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await t.ctx.db.webhookEndpoint.count({ where: { workspaceId } })).toBe(before);
  });

  it.each([
    ["http://127.0.0.1:8080/hook", "loopback"],
    ["http://127.1.2.3/hook", "loopback"],
    ["http://10.0.0.1/hook", "private"],
    ["http://192.168.1.10/hook", "private"],
    ["http://172.16.0.5/hook", "private"],
    ["http://169.254.169.254/latest/meta-data", "cloud metadata"],
    ["http://169.254.10.1/hook", "link-local"],
    ["http://[::1]/hook", "loopback"],
    ["http://[::ffff:127.0.0.1]/hook", "loopback"],
    ["http://[::ffff:10.0.0.1]/hook", "private"],
    ["http://[fd00:ec2::254]/hook", "cloud metadata"],
    ["http://[fe80::1]/hook", "link-local"],
    ["http://0.0.0.0/hook", "unspecified"],
    ["http://224.0.0.1/hook", "multicast"],
    ["http://2130706433/hook", "loopback"],
    ["http://localhost:3000/hook", "loopback"],
    ["http://api.localhost/hook", "loopback"],
    // IPv6 that a gateway turns into an IPv4 address: NAT64, 6to4, Teredo, IPv4-translated.
    ["http://[64:ff9b::7f00:1]/hook", "loopback"],
    ["http://[64:ff9b::10.0.0.1]/hook", "private"],
    ["http://[64:ff9b:1::a9fe:a9fe]/hook", "cloud metadata"],
    ["http://[2002:a9fe:a9fe::1]/hook", "cloud metadata"],
    ["http://[2002:c0a8:101::]/hook", "private"],
    ["http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook", "loopback"],
    ["http://[::ffff:0:7f00:1]/hook", "loopback"],
  ])("refuses %s (%s) at create and at change, naming url", async (url, kind) => {
    const res = await create(owner, { url, events: ["task.created"] });
    expectError(res, 400, "VALIDATION_ERROR");
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: "url" })]);
    expect(res.body.error.details[0].message).toContain(kind);

    const ok = (await create(owner, { url: "https://8.8.4.4/ok", events: ["task.created"] }).expect(201)).body.data;
    const change = await request(t.app).patch(api(`/webhooks/${ok.id}`)).set(owner.auth).send({ url });
    expectError(change, 400, "VALIDATION_ERROR");
    expect(change.body.error.details[0].field).toBe("url");
    expect((await t.ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: ok.id } })).url).toBe("https://8.8.4.4/ok");
    await request(t.app).delete(api(`/webhooks/${ok.id}`)).set(owner.auth).expect(204);
  });

  it.each(["http://[64:ff9b::808:808]/hook", "http://[2002:808:808::1]/hook", "http://[2001:4860:4860::8888]/hook"])("accepts %s (IPv6 reaching a public address)", async (url) => {
    const made = (await create(owner, { url, events: ["task.created"] }).expect(201)).body.data;
    await request(t.app).delete(api(`/webhooks/${made.id}`)).set(owner.auth).expect(204);
  });

  it("refuses a name that resolves to a private address (scripted DNS)", async () => {
    const previous = t.ctx.resolveHost;
    t.ctx.resolveHost = async (name) => (name === "hooks.internal.example" ? [{ address: "93.184.216.34", family: 4 }, { address: "10.1.2.3", family: 4 }] : [{ address: "93.184.216.34", family: 4 }]);
    try {
      const res = await create(owner, { url: "https://hooks.internal.example/x", events: ["task.created"] });
      expectError(res, 400, "VALIDATION_ERROR");
      expect(res.body.error.details[0]).toMatchObject({ field: "url", message: expect.stringContaining("10.1.2.3") });
      const fine = await create(owner, { url: "https://hooks.public.example/x", events: ["task.created"] }).expect(201);
      await request(t.app).delete(api(`/webhooks/${fine.body.data.id}`)).set(owner.auth).expect(204);
    } finally {
      t.ctx.resolveHost = previous;
    }
  });

  it("owners and admins only; another workspace's webhooks are 404", async () => {
    const admin = await registerUser(t.app);
    const member = await registerUser(t.app);
    await addMember(t.app, owner, workspaceId, admin, "ADMIN");
    await addMember(t.app, owner, workspaceId, member, "MEMBER");
    const hook = (await create(admin, { url: "http://8.8.8.8/a", events: ["task.created"] }).expect(201)).body.data;

    expectError(await create(member, { url: "http://8.8.8.8/m", events: ["task.created"] }), 403, "FORBIDDEN");
    expectError(await request(t.app).get(api(`/workspaces/${workspaceId}/webhooks`)).set(member.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).get(api(`/webhooks/${hook.id}`)).set(member.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).patch(api(`/webhooks/${hook.id}`)).set(member.auth).send({ active: false }), 403, "FORBIDDEN");
    expectError(await request(t.app).post(api(`/webhooks/${hook.id}/rotate-secret`)).set(member.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).get(api(`/webhooks/${hook.id}/deliveries`)).set(member.auth), 403, "FORBIDDEN");

    const stranger = await registerUser(t.app);
    const otherWs = await createWorkspace(t.app, stranger, "Elsewhere");
    expectError(await request(t.app).get(api(`/webhooks/${hook.id}`)).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).patch(api(`/webhooks/${hook.id}`)).set(stranger.auth).send({ active: false }), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(api(`/webhooks/${hook.id}`)).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).post(api(`/webhooks/${hook.id}/test`)).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).post(api(`/webhooks/${hook.id}/rotate-secret`)).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(api(`/webhooks/${hook.id}/deliveries`)).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(api(`/workspaces/${workspaceId}/webhooks`)).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await create(stranger, { url: "http://8.8.8.8/s", events: ["task.created"] }, workspaceId), 404, "NOT_FOUND");
    expect((await request(t.app).get(api(`/workspaces/${otherWs}/webhooks`)).set(stranger.auth).expect(200)).body.data).toEqual([]);

    const d = await t.ctx.db.webhookDelivery.create({ data: { endpointId: hook.id, workspaceId, event: "task.created", body: "{}" } });
    expectError(await request(t.app).post(api(`/webhook-deliveries/${d.id}/redeliver`)).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(api(`/webhook-deliveries/${d.id}`)).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).post(api(`/webhook-deliveries/${d.id}/redeliver`)).set(member.auth), 403, "FORBIDDEN");
    expect(await t.ctx.db.webhookDelivery.count({ where: { endpointId: hook.id } })).toBe(1);
    expect((await t.ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } })).active).toBe(true);
  });
});
