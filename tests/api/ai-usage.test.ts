import request from "supertest";
import { createTestApp, expectError, testConfig, type TestApp } from "../helpers/app";
import { refusedUrl, startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { eventually } from "../helpers/eventually";
import { createTeam, type Team } from "../helpers/team";
import { aiChat, type AiCallInput } from "../../src/modules/ai";

/**
 * Usage, cost and budgets of AI calls against a scripted OpenAI-compatible
 * server: the reservation that stops a call before anything is sent, the 80 %
 * warning, concurrent calls at the edge of the budget, the response cache, the
 * hourly limit, /ai/status, the usage report, and the honest 503 without a
 * provider.
 */

let server: ScriptedAiServer;
/** Priced model (1000 per million tokens = 1000 micro-units per token), Redis when the run has it. */
let t: TestApp;
let n = 0;

const PRICED = { AI_PROVIDER: "openai-compatible", AI_MODEL: "scripted-gpt", AI_PRICES: JSON.stringify({ "scripted-gpt": { input: 1000, output: 1000 } }), AI_TIMEOUT_MS: "5000", AI_MAX_RETRIES: "0" };

beforeAll(async () => {
  server = await startOpenAiServer();
  t = await createTestApp({ redis: true, env: { ...PRICED, AI_BASE_URL: server.baseUrl, AI_RATE_LIMIT_PER_HOUR: "100000" } });
});

beforeEach(() => server.reset());

afterAll(async () => {
  await t?.close();
  await server?.close();
});

const input = (team: Team, extra: Partial<AiCallInput> = {}): AiCallInput => ({
  workspaceId: team.workspaceId,
  userId: team.member.id,
  feature: "test",
  messages: [{ role: "user", content: `q${++n}` }],
  maxTokens: 20,
  ...extra,
});

const setBudget = (app: TestApp, team: Team, amount: number | null, as = team.owner) => request(app.app).put(`/api/v1/workspaces/${team.workspaceId}/ai/budget`).set(as.auth).send({ amount });
const month = () => new Date().toISOString().slice(0, 7);
const spentOf = async (app: TestApp, team: Team) => {
  const row = await app.ctx.db.aiBudgetMonth.findUnique({ where: { workspaceId_month: { workspaceId: team.workspaceId, month: month() } } });
  return { spent: Number(row?.spentMicros ?? 0), reserved: Number(row?.reservedMicros ?? 0) };
};

describe("budget", () => {
  it("only owners set it; in AI_CURRENCY; null removes it", async () => {
    const team = await createTeam(t.app, "AI budget rights");
    expectError(await setBudget(t, team, 10, team.admin), 403, "FORBIDDEN");
    expectError(await request(t.app).put(`/api/v1/workspaces/${team.workspaceId}/ai/budget`).set(team.owner.auth).send({ amount: 10, currency: "EUR" }), 400, "VALIDATION_ERROR");
    expectError(await setBudget(t, team, 10, team.outsider), 404, "NOT_FOUND");
    const set = await setBudget(t, team, 12.5);
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ budget: { amount: 12.5, currency: "USD" }, spent: 0, reserved: 0, remaining: 12.5, month: month() });
    const removed = await setBudget(t, team, null);
    expect(removed.body.data).toMatchObject({ budget: null, remaining: null });
    expect(await t.ctx.db.aiBudget.count({ where: { workspaceId: team.workspaceId } })).toBe(0);
  });

  it("once spent, refuses with 429 AI_BUDGET_EXCEEDED and sends the provider nothing; owners were warned at 80 % once", async () => {
    const team = await createTeam(t.app, "AI budget spent");
    expect((await setBudget(t, team, 0.05)).status).toBe(200); // 50 000 micro-units
    // 10 + 30 tokens = 40 000: 80 % of the budget.
    server.script({ kind: "answer", text: "first", usage: { input: 10, output: 30 } });
    const first = await aiChat(t.ctx, input(team));
    expect(first.costMicros).toBe(40_000);
    expect(await spentOf(t, team)).toEqual({ spent: 40_000, reserved: 0 });
    const warning = await eventually(
      async () => {
        await t.ctx.events.drain();
        return (await t.ctx.db.notification.findFirst({ where: { userId: team.owner.id, type: "AI_BUDGET_WARNING" } })) ?? false;
      },
      { what: "the owner's 80 % budget warning" },
    );
    expect(warning.title).toContain("80 %");
    expect(warning.body).toContain("0.04 of 0.05 USD");
    // Another call takes the spend to 100 %: no second warning this month.
    server.script({ kind: "answer", text: "second", usage: { input: 5, output: 5 } });
    await aiChat(t.ctx, input(team, { maxTokens: 2 }));
    expect((await spentOf(t, team)).spent).toBe(50_000);
    const before = server.requests.length;
    await expect(aiChat(t.ctx, input(team))).rejects.toMatchObject({ code: "AI_BUDGET_EXCEEDED", status: 429, message: expect.stringContaining("is spent") });
    expect(server.requests.length).toBe(before);
    await t.ctx.events.drain();
    expect(await t.ctx.db.notification.count({ where: { userId: team.owner.id, type: "AI_BUDGET_WARNING" } })).toBe(1);
    expect(await t.ctx.db.notification.count({ where: { userId: team.member.id, type: "AI_BUDGET_WARNING" } })).toBe(0);
    const usage = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/ai/usage`).set(team.owner.auth);
    expect(usage.body.data.budget).toMatchObject({ budget: { amount: 0.05 }, spent: 0.05, remaining: 0 });
    expect(usage.body.data.budget.warnedAt).toEqual(expect.any(String));
  });

  it("refuses a call whose worst case does not fit in what is left", async () => {
    const team = await createTeam(t.app, "AI budget edge");
    await setBudget(t, team, 0.01); // 10 000: a call with maxTokens 20 reserves about 21 000
    const before = server.requests.length;
    await expect(aiChat(t.ctx, input(team))).rejects.toMatchObject({ code: "AI_BUDGET_EXCEEDED", message: expect.stringContaining("more than is left") });
    expect(server.requests.length).toBe(before);
    expect(await spentOf(t, team)).toEqual({ spent: 0, reserved: 0 });
  });

  it("concurrent calls near the budget cannot overspend: the reservation is atomic", async () => {
    const team = await createTeam(t.app, "AI budget race");
    await setBudget(t, team, 1); // 1 000 000
    // Every call reserves its worst case (~101 000 at maxTokens 100) and costs 110 000: 20 at once would spend 2.2 M.
    server.setDefault({ kind: "answer", text: "slow", usage: { input: 10, output: 100 }, delayMs: 300 });
    try {
      const before = server.requests.length;
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => aiChat(t.ctx, input(team, { maxTokens: 100, cache: false }))));
      const ok = results.filter((r) => r.status === "fulfilled").length;
      const refused = results.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "AI_BUDGET_EXCEEDED").length;
      expect(ok + refused).toBe(20);
      expect(ok).toBeGreaterThan(0);
      expect(ok).toBeLessThanOrEqual(9);
      expect(refused).toBeGreaterThanOrEqual(11);
      expect(server.requests.length - before).toBe(ok);
      const { spent, reserved } = await spentOf(t, team);
      expect(reserved).toBe(0);
      expect(spent).toBe(ok * 110_000);
      expect(spent).toBeLessThanOrEqual(1_000_000);
    } finally {
      server.setDefault({ kind: "answer", text: "ok", usage: { input: 10, output: 5 } });
    }
  });
});

describe("response cache", () => {
  it("answers an identical request from the cache: a cache-hit row, cost 0, nothing sent, nothing spent", async () => {
    const team = await createTeam(t.app, "AI cache");
    await setBudget(t, team, 5);
    const req = input(team, { messages: [{ role: "user", content: "cache me" }] });
    server.script({ kind: "answer", text: "cached answer", usage: { input: 10, output: 5 } });
    const first = await aiChat(t.ctx, req);
    const sent = server.requests.length;
    const spent = await spentOf(t, team);
    const second = await aiChat(t.ctx, req);
    expect(second).toMatchObject({ text: "cached answer", cacheHit: true, costMicros: 0, provider: "openai-compatible", model: first.model });
    expect(server.requests.length).toBe(sent);
    expect(await spentOf(t, team)).toEqual(spent);
    const rows = await t.ctx.db.aiUsage.findMany({ where: { workspaceId: team.workspaceId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.cacheHit, Number(r.costMicros)])).toEqual([
      [false, 15_000],
      [true, 0],
    ]);
    // Another workspace asking the same never gets this one's answer.
    const other = await createTeam(t.app, "AI cache other");
    const theirs = await aiChat(t.ctx, { ...req, workspaceId: other.workspaceId, userId: other.member.id });
    expect(theirs.cacheHit).toBe(false);
  });
});

describe("usage report", () => {
  it("totals, per day, feature, model and user; members read it, others get 404", async () => {
    const team = await createTeam(t.app, "AI usage report");
    server.script({ kind: "answer", usage: { input: 100, output: 50 } }, { kind: "answer", usage: { input: 10, output: 10 } }, { kind: "answer", usage: { input: 1, output: 2 } });
    await aiChat(t.ctx, input(team, { feature: "alpha" }));
    await aiChat(t.ctx, input(team, { feature: "alpha" }));
    const repeated = input(team, { feature: "beta", userId: team.owner.id });
    await aiChat(t.ctx, repeated);
    await aiChat(t.ctx, repeated); // cache hit
    const res = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/ai/usage?month=${month()}`).set(team.viewer.auth);
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.currency).toBe("USD");
    expect(d.totals).toMatchObject({ calls: 4, cacheHits: 1, fallbackCalls: 0, inputTokens: 111, outputTokens: 62, costMicros: 173_000, cost: 0.173, unpricedCalls: 0 });
    expect(d.perDay).toEqual([expect.objectContaining({ day: new Date().toISOString().slice(0, 10), calls: 4 })]);
    expect(d.perFeature).toEqual([expect.objectContaining({ feature: "alpha", calls: 2, costMicros: 170_000 }), expect.objectContaining({ feature: "beta", calls: 2, cacheHits: 1, costMicros: 3_000 })]);
    expect(d.perModel).toEqual([expect.objectContaining({ provider: "openai-compatible", model: "scripted-gpt", priced: true, calls: 4 })]);
    const byName = Object.fromEntries(d.perUser.map((u: { name: string; calls: number }) => [u.name, u.calls]));
    expect(byName).toEqual({ "Mia Member": 2, "Olive Owner": 2 });
    expect(d.budget).toMatchObject({ budget: null, spent: 0.173 });

    const old = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/ai/usage?month=2020-01`).set(team.owner.auth);
    expect(old.body.data.totals.calls).toBe(0);
    expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/ai/usage?month=2020-13`).set(team.owner.auth), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/ai/usage`).set(team.outsider.auth), 404, "NOT_FOUND");
  });

  it("shows an unknown model as not priced, at cost 0", async () => {
    const team = await createTeam(t.app, "AI unpriced");
    server.script({ kind: "answer", model: "mystery-model-7b", usage: { input: 10, output: 10 } });
    const answer = await aiChat(t.ctx, input(team));
    expect(answer).toMatchObject({ model: "mystery-model-7b", priced: false, costMicros: 0 });
    const res = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/ai/usage`).set(team.owner.auth);
    expect(res.body.data.perModel).toEqual([expect.objectContaining({ model: "mystery-model-7b", priced: false, unpricedCalls: 1, cost: 0 })]);
  });

  it("viewers cannot use AI (ai:use is for contributors)", async () => {
    const team = await createTeam(t.app, "AI viewer");
    await expect(aiChat(t.ctx, input(team, { userId: team.viewer.id }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(aiChat(t.ctx, input(team, { userId: team.outsider.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("hourly AI limit", () => {
  it.each([
    ["in memory", false],
    ["in Redis (when the run has it)", true],
  ])("answers RATE_LIMITED with the seconds to wait after AI_RATE_LIMIT_PER_HOUR calls of a workspace, counted %s", async (_where, redis) => {
    const limited = await createTestApp({ redis, env: { ...PRICED, AI_BASE_URL: server.baseUrl, AI_RATE_LIMIT_PER_HOUR: "3" } });
    try {
      const [team, other] = [await createTeam(limited.app, "AI limited"), await createTeam(limited.app, "AI not limited")];
      for (let i = 0; i < 3; i++) await aiChat(limited.ctx, input(team));
      const before = server.requests.length;
      const err = await aiChat(limited.ctx, input(team)).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "RATE_LIMITED", status: 429, extra: { retryAfter: expect.any(Number) } });
      const retryAfter = (err as { extra: { retryAfter: number } }).extra.retryAfter;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(server.requests.length).toBe(before);
      // Per workspace: another one still has its calls.
      await expect(aiChat(limited.ctx, input(other))).resolves.toMatchObject({ cacheHit: false });
    } finally {
      await limited.close();
    }
  });
});

describe("status and configuration", () => {
  it("/ai/status: a reachable primary and an unreachable fallback, never a key, probed at most once a minute", async () => {
    const s = await createTestApp({
      env: { ...PRICED, AI_BASE_URL: server.baseUrl, AI_API_KEY: "sk-secret-primary", AI_FALLBACK_PROVIDER: "anthropic", AI_FALLBACK_BASE_URL: await refusedUrl(""), AI_FALLBACK_API_KEY: "sk-ant-secret", AI_FALLBACK_MODEL: "claude-haiku-4-5" },
    });
    try {
      const team = await createTeam(s.app, "AI status");
      const probes = server.probes;
      const res = await request(s.app).get("/api/v1/ai/status").set(team.member.auth);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        configured: true,
        providers: [
          { role: "primary", kind: "openai-compatible", model: "scripted-gpt", baseUrl: server.baseUrl, reachable: true, checkedAt: expect.any(String) },
          { role: "fallback", kind: "anthropic", model: "claude-haiku-4-5", reachable: false, error: "connection refused" },
        ],
      });
      expect(JSON.stringify(res.body)).not.toMatch(/sk-secret|sk-ant/);
      expect(server.probes).toBe(probes + 1);
      const again = await request(s.app).get("/api/v1/ai/status").set(team.member.auth);
      expect(again.body.data.providers[0].checkedAt).toBe(res.body.data.providers[0].checkedAt);
      expect(server.probes).toBe(probes + 1);
      expectError(await request(s.app).get("/api/v1/ai/status"), 401, "UNAUTHORIZED");
    } finally {
      await s.close();
    }
  });

  it("without a provider: /ai/status says so, AI calls answer 503 AI_NOT_CONFIGURED naming the variables, usage still reads", async () => {
    const u = await createTestApp();
    try {
      const team = await createTeam(u.app, "AI unconfigured");
      const res = await request(u.app).get("/api/v1/ai/status").set(team.member.auth);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ configured: false, providers: [], message: expect.stringContaining("AI_PROVIDER") });
      const err = await aiChat(u.ctx, input(team)).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "AI_NOT_CONFIGURED", status: 503 });
      for (const v of ["AI_PROVIDER", "AI_MODEL", "AI_API_KEY", "AI_BASE_URL", "AI_FALLBACK_PROVIDER"]) expect((err as Error).message).toContain(v);
      const usage = await request(u.app).get(`/api/v1/workspaces/${team.workspaceId}/ai/usage`).set(team.owner.auth);
      expect(usage.status).toBe(200);
      expect(usage.body.data.totals.calls).toBe(0);
    } finally {
      await u.close();
    }
  });

  it.each([
    [{ AI_PROVIDER: "openai-compatible", AI_MODEL: "llama3.1" }, "AI_BASE_URL: required when AI_PROVIDER=openai-compatible"],
    [{ AI_PROVIDER: "anthropic", AI_MODEL: "claude-sonnet-4-5" }, "AI_API_KEY: required when AI_PROVIDER=anthropic"],
    [{ AI_PROVIDER: "openai", AI_API_KEY: "sk-x" }, "AI_MODEL: required when AI_PROVIDER=openai"],
    [{ AI_MODEL: "gpt-4o" }, "AI_PROVIDER: required when AI_MODEL is set"],
    [{ AI_PROVIDER: "openai", AI_API_KEY: "k", AI_MODEL: "m", AI_FALLBACK_PROVIDER: "openai-compatible", AI_FALLBACK_MODEL: "m" }, "AI_FALLBACK_BASE_URL: required"],
    [{ AI_PROVIDER: "gemini" }, "AI_PROVIDER"],
    [{ AI_PRICES: "{not json" }, "AI_PRICES: must be JSON"],
  ])("refuses configuration %j at start with a clear message", (env, message) => {
    expect(() => testConfig(env)).toThrow(message);
  });
});
