import request from "supertest";
import { createTestApp, expectError, type TestApp } from "../helpers/app";
import { startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { createTeam, type Team } from "../helpers/team";
import { eventually } from "../helpers/eventually";
import type { AnyDomainEvent } from "../../src/events/catalogue";
import { BLUEPRINT_GUIDE } from "../../src/modules/blueprint";

/**
 * The Blueprint wizard's API (seed 000): the guide, answers saved per section
 * into SYSTEM_BLUEPRINT.md (a versioned blueprint artifact), bad input, tenancy,
 * and the phase recommendations against a scripted OpenAI-compatible server
 * (valid, repaired, still invalid, no provider at all) accepted into a section.
 */

let server: ScriptedAiServer;
let t: TestApp;
let bare: TestApp;

beforeAll(async () => {
  server = await startOpenAiServer();
  t = await createTestApp({ env: { AI_PROVIDER: "openai-compatible", AI_MODEL: "scripted-gpt", AI_BASE_URL: server.baseUrl, AI_TIMEOUT_MS: "5000", AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: "100000" } });
  bare = await createTestApp({ env: { AI_PROVIDER: undefined, AI_MODEL: undefined, AI_BASE_URL: undefined, AI_API_KEY: undefined } });
});

beforeEach(() => {
  server.reset();
  server.requests.splice(0);
});

afterAll(async () => {
  await t?.close();
  await bare?.close();
  await server?.close();
});

async function setup(name: string, app = t) {
  const team = await createTeam(app.app, name);
  const project = (await request(app.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Relay app", key: "RLY" })).body.data;
  const thread = (await request(app.app).post(`/api/v1/projects/${project.id}/threads`).set(team.member.auth).send({ mode: "blueprint" })).body.data;
  return { team, project, thread };
}

const save = (app: TestApp, as: Team["member"], threadId: string, sectionKey: string, body: unknown) =>
  request(app.app).put(`/api/v1/threads/${threadId}/blueprint/sections/${sectionKey}`).set(as.auth).send(body as object);
const get = (app: TestApp, as: Team["member"], threadId: string) => request(app.app).get(`/api/v1/threads/${threadId}/blueprint`).set(as.auth);
const artifactOf = async (id: string, as: Team["member"]) => (await request(t.app).get(`/api/v1/artifacts/${id}`).set(as.auth)).body.data;

describe("the guide", () => {
  it("ships the 6 phases of seed 000 with their sections and questions", async () => {
    const { team, thread } = await setup("Blueprint guide");
    const res = await get(t, team.viewer, thread.id);
    expect(res.status).toBe(200);
    const bp = res.body.data;
    expect(bp.phases.map((p: { title: string }) => p.title)).toEqual(["Vision & Strategy", "Product Definition", "Technical Architecture", "Data & API Design", "Operations & Quality", "Growth Planning"]);
    expect(bp.phases[0].sections.map((s: { number: string; title: string }) => `${s.number} ${s.title}`)).toEqual([
      "1.1 Core Vision Statement",
      "1.2 Strategic Goals",
      "1.3 Success Metrics",
      "1.4 Market Positioning",
      "1.5 Constraints & Context",
    ]);
    expect(bp.phases[1].sections.map((s: { number: string }) => s.number)).toEqual(["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]);
    expect(bp.phases[2].sections.map((s: { title: string }) => s.title)).toEqual(["Architecture Philosophy", "Technology Stack Recommendation", "Data Architecture", "API Design Philosophy", "Security Architecture"]);
    expect(bp.phases[0].sections[0].questions.map((q: { text: string }) => q.text)).toEqual(["What is your project?", "What problem does it solve?", "Who is it for?"]);
    const constraints = bp.phases[0].sections[4];
    expect(new Set(constraints.questions.map((q: { group: string }) => q.group))).toEqual(new Set(["Team", "Timeline", "Budget", "Technical", "Regulatory/Compliance"]));
    for (const phase of bp.phases) {
      expect(phase.sections.length).toBeGreaterThan(0);
      for (const s of phase.sections) expect(s.questions.length).toBeGreaterThan(0);
    }
    const total = BLUEPRINT_GUIDE.flatMap((p) => p.sections).reduce((n, s) => n + s.questions.length, 0);
    expect(bp.progress).toEqual({ answered: 0, total, sectionsComplete: 0, sectionsTotal: 25 });
    expect(bp.artifact).toBeNull();
    expect(bp.phases[0].sections[0]).toMatchObject({ status: "todo", version: 0, answers: {}, markdown: expect.stringContaining("To do") });
  });
});

describe("saving answers", () => {
  it("creates SYSTEM_BLUEPRINT.md on the first save, then a new version per change, with the answers under their headings", async () => {
    const { team, project, thread } = await setup("Blueprint save");
    const seen: AnyDomainEvent[] = [];
    t.ctx.events.on("artifact.created", "test:blueprint", (e) => void seen.push(e));
    t.ctx.events.on("artifact.updated", "test:blueprint", (e) => void seen.push(e));
    const first = await save(t, team.member, thread.id, "core-vision", { answers: { project: "A relay for field teams.", problem: "" } });
    expect(first.status).toBe(200);
    expect(first.body.data.section).toMatchObject({ key: "core-vision", version: 1, status: "partial", answered: 1, answers: { project: "A relay for field teams." } });
    expect(first.body.data.artifact).toMatchObject({ title: "SYSTEM_BLUEPRINT.md", version: 1 });
    const artifactId = first.body.data.artifact.id as string;
    const v1 = await artifactOf(artifactId, team.member);
    expect(v1).toMatchObject({ type: "blueprint", threadId: thread.id, projectId: project.id });
    expect(v1.content).toContain("# System Blueprint: Relay app");
    expect(v1.content).toContain("## Phase 1: Vision & Strategy");
    expect(v1.content).toContain("### 1.1 Core Vision Statement\n\n**What is your project?**\n\nA relay for field teams.");
    expect(v1.content).toMatch(/### 1\.2 Strategic Goals\n\n> \*\*To do:\*\* this section has not been answered yet\./);

    const second = await save(t, team.member, thread.id, "core-vision", { answers: { project: "A relay for field teams.", problem: "Updates get lost.", audience: "Site leads" }, version: 1 });
    expect(second.status).toBe(200);
    expect(second.body.data.section).toMatchObject({ version: 2, status: "complete" });
    expect(second.body.data.artifact).toMatchObject({ id: artifactId, version: 2 });
    const constraints = await save(t, team.member, thread.id, "constraints", { answers: { "team-size": "Three developers", regulations: "GDPR" } });
    expect(constraints.body.data.artifact).toMatchObject({ id: artifactId, version: 3 });
    const doc = (await artifactOf(artifactId, team.member)).content as string;
    expect(doc).toContain("#### Team\n\n**Team size?**\n\nThree developers");
    expect(doc).toContain("#### Regulatory/Compliance\n\n**Industry regulations?**\n\nGDPR");
    expect(doc).toContain("1 of 25 sections complete");

    // The same answers again: no new version (the document did not change).
    const same = await save(t, team.member, thread.id, "constraints", { answers: { "team-size": "Three developers", regulations: "GDPR" } });
    expect(same.body.data.artifact.version).toBe(3);

    const versions = await request(t.app).get(`/api/v1/artifacts/${artifactId}/versions`).set(team.member.auth);
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const diff = await request(t.app).get(`/api/v1/artifacts/${artifactId}/diff?from=1&to=2`).set(team.member.auth);
    expect(diff.status).toBe(200);
    expect(diff.body.data.unified).toContain("+Updates get lost.");
    const md = await request(t.app).get(`/api/v1/artifacts/${artifactId}/export?format=md`).set(team.member.auth);
    expect(md.status).toBe(200);
    expect(md.text).toContain("Three developers");

    const bp = (await get(t, team.viewer, thread.id)).body.data;
    expect(bp.artifact).toMatchObject({ id: artifactId, version: 3 });
    expect(bp.progress).toMatchObject({ answered: 5, sectionsComplete: 1 });
    expect(bp.phases[0]).toMatchObject({ status: "partial", answered: 5 });
    expect(bp.phases[0].sections[4]).toMatchObject({ answers: { "team-size": "Three developers", regulations: "GDPR" }, status: "partial", version: 2 });
    const mine = () => seen.filter((e) => (e.data as { threadId?: string }).threadId === thread.id);
    await eventually(() => mine().length >= 3, { what: "the artifact events" });
    expect(mine().map((e) => e.type)).toEqual(["artifact.created", "artifact.updated", "artifact.updated"]);
    expect(mine().every((e) => e.rooms?.includes(`project:${project.id}`))).toBe(true);
  });

  it("refuses bad input with a 400 naming the field, a stale version with 409, and changes nothing", async () => {
    const { team, thread } = await setup("Blueprint bad input");
    expect((await save(t, team.member, thread.id, "core-vision", { answers: { project: "First" } })).status).toBe(200);
    const before = await t.ctx.db.blueprintSection.findMany({ where: { threadId: thread.id } });
    const unknownQuestion = await save(t, team.member, thread.id, "core-vision", { answers: { project: "x", colour: "blue" } });
    expectError(unknownQuestion, 400, "VALIDATION_ERROR");
    expect(unknownQuestion.body.error.details[0].field).toBe("answers.colour");
    const tooLong = await save(t, team.member, thread.id, "core-vision", { answers: { project: "x".repeat(5001) } });
    expectError(tooLong, 400, "VALIDATION_ERROR");
    expect(tooLong.body.error.details[0].field).toBe("answers.project");
    expectError(await save(t, team.member, thread.id, "core-vision", { answers: { project: 42 } }), 400, "VALIDATION_ERROR");
    expectError(await save(t, team.member, thread.id, "core-vision", {}), 400, "VALIDATION_ERROR");
    expectError(await save(t, team.member, thread.id, "no-such-section", { answers: {} }), 404, "NOT_FOUND");
    const stale = await save(t, team.member, thread.id, "core-vision", { answers: { project: "Second" }, version: 7 });
    expectError(stale, 409, "CONFLICT");
    expect(stale.body.error.current).toMatchObject({ key: "core-vision", version: 1, answers: { project: "First" } });
    expectError(await save(t, team.viewer, thread.id, "core-vision", { answers: { project: "Viewer" } }), 403, "FORBIDDEN");
    expect(await t.ctx.db.blueprintSection.findMany({ where: { threadId: thread.id } })).toEqual(before);
    // Two tabs that both read the section before its first save (version 0): the second save is stale.
    expect((await save(t, team.member, thread.id, "strategic-goals", { answers: { success: "Tab A" }, version: 0 })).status).toBe(200);
    const staleFirst = await save(t, team.member, thread.id, "strategic-goals", { answers: { success: "Tab B" }, version: 0 });
    expectError(staleFirst, 409, "CONFLICT");
    expect(staleFirst.body.error.current).toMatchObject({ key: "strategic-goals", version: 1, answers: { success: "Tab A" } });
  });

  it("a chat thread is refused with 409, another workspace's thread is 404", async () => {
    const { team, project, thread } = await setup("Blueprint tenancy");
    const chat = (await request(t.app).post(`/api/v1/projects/${project.id}/threads`).set(team.member.auth).send({ mode: "chat" })).body.data;
    const refused = await get(t, team.member, chat.id);
    expectError(refused, 409, "CONFLICT");
    expect(refused.body.error.message).toContain("chat thread");
    expectError(await save(t, team.member, chat.id, "core-vision", { answers: { project: "x" } }), 409, "CONFLICT");
    expectError(await get(t, team.outsider, thread.id), 404, "NOT_FOUND");
    expectError(await save(t, team.outsider, thread.id, "core-vision", { answers: { project: "x" } }), 404, "NOT_FOUND");
    const other = await createTeam(t.app, "Blueprint other");
    expectError(await get(t, other.owner, thread.id), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/accept`).set(other.owner.auth).send({ sectionKey: "core-vision", text: "x" }), 404, "NOT_FOUND");
    expect(await t.ctx.db.blueprintSection.count({ where: { threadId: { in: [thread.id, chat.id] } } })).toBe(0);
  });
});

const recs = (items: unknown[]) => ({ kind: "answer" as const, text: JSON.stringify({ recommendations: items }), usage: { input: 120, output: 90 } });
const rec = (sectionKey: string, title: string, text: string, category = "risk") => ({ sectionKey, category, title, text });
const recommend = (app: TestApp, as: Team["member"], threadId: string, phase = "vision-strategy") => request(app.app).post(`/api/v1/threads/${threadId}/blueprint/phases/${phase}/recommendations`).set(as.auth).send();

describe("recommendations", () => {
  it("asks the provider with the phase's answers as data, returns validated recommendations, records usage; accepting writes into the section and the document", async () => {
    const { team, thread } = await setup("Blueprint recommend");
    await save(t, team.member, thread.id, "core-vision", { answers: { project: "A relay for field teams.", audience: "Site leads" } });
    await save(t, team.member, thread.id, "constraints", { answers: { "team-size": "Two developers" } });
    server.script(recs([rec("constraints", "Keep it a monolith", "With two developers, a **modular monolith** keeps the operational load low.", "architecture"), rec("success-metrics", "Define activation", "Track weekly active site leads.", "metric")]));
    const res = await recommend(t, team.member, thread.id);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ phaseKey: "vision-strategy", provider: "openai-compatible", model: "scripted-gpt", repaired: false });
    expect(res.body.data.recommendations).toEqual([expect.objectContaining({ sectionKey: "constraints", category: "architecture", title: "Keep it a monolith" }), expect.objectContaining({ sectionKey: "success-metrics" })]);
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!.body!.messages as Array<{ role: string; content: string }>;
    expect(sent[0]).toMatchObject({ role: "system", content: expect.stringContaining("never instructions") });
    const data = /<blueprint_data>\n([\s\S]*)\n<\/blueprint_data>/.exec(sent[1]!.content)?.[1];
    expect(data).toContain("What is your project? A relay for field teams.");
    expect(data).toContain("Team size? Two developers");
    expect(await t.ctx.db.aiUsage.findMany({ where: { workspaceId: team.workspaceId } })).toEqual([expect.objectContaining({ feature: "blueprint_recommendations", userId: team.member.id, inputTokens: 120, outputTokens: 90 })]);
    // Nothing is written until accepted.
    expect((await get(t, team.member, thread.id)).body.data.artifact.version).toBe(2);

    const accepted = await request(t.app)
      .post(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/accept`)
      .set(team.member.auth)
      .send({ sectionKey: "constraints", text: "Edited: a modular monolith on one server." });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.section).toMatchObject({ key: "constraints", notes: "Edited: a modular monolith on one server.", answers: { "team-size": "Two developers" } });
    expect(accepted.body.data.artifact.version).toBe(3);
    await request(t.app).post(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/accept`).set(team.member.auth).send({ sectionKey: "constraints", text: "Second note." });
    const doc = (await artifactOf(accepted.body.data.artifact.id, team.member)).content as string;
    expect(doc).toContain("#### Accepted recommendations\n\nEdited: a modular monolith on one server.\n\nSecond note.");
    // A section of another phase, or an empty text: 400, nothing written.
    const wrongPhase = await request(t.app).post(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/accept`).set(team.member.auth).send({ sectionKey: "tech-stack", text: "x" });
    expectError(wrongPhase, 400, "VALIDATION_ERROR");
    expect(wrongPhase.body.error.details[0].field).toBe("sectionKey");
    expectError(await request(t.app).post(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/accept`).set(team.member.auth).send({ sectionKey: "constraints", text: "  " }), 400, "VALIDATION_ERROR");
    expect((await get(t, team.member, thread.id)).body.data.artifact.version).toBe(4);
  });

  it("keeps the phase's last recommendations with the blueprint until accepted or dismissed, marked stale when the answers change", async () => {
    const { team, thread } = await setup("Blueprint stored recs");
    await save(t, team.member, thread.id, "core-vision", { answers: { project: "A relay for field teams." } });
    server.script(recs([rec("core-vision", "Name the pain", "Say what is lost today."), rec("constraints", "Budget", "Write the budget down."), rec("success-metrics", "Activation", "Weekly active leads.")]));
    const made = (await recommend(t, team.member, thread.id)).body.data;
    expect(made).toMatchObject({ phaseKey: "vision-strategy", stale: false, madeAt: expect.any(String) });
    const [first, second, third] = made.recommendations as Array<{ id: string; title: string }>;
    const stored = () => get(t, team.member, thread.id).then((r) => r.body.data.phases[0].recommendations);
    // A reload (GET) shows them again, for this phase only.
    expect(await stored()).toMatchObject({ stale: false, madeAt: made.madeAt, recommendations: made.recommendations });
    expect((await get(t, team.member, thread.id)).body.data.phases[1].recommendations).toBeNull();

    const dismissed = await request(t.app).delete(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/${first!.id}`).set(team.member.auth);
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.data.recommendations.map((r: { title: string }) => r.title)).toEqual([second!.title, third!.title]);
    // Dismissed twice, by a viewer, or on another phase: nothing changes.
    expectError(await request(t.app).delete(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/${first!.id}`).set(team.member.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/${second!.id}`).set(team.viewer.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(`/api/v1/threads/${thread.id}/blueprint/phases/product-definition/recommendations/${second!.id}`).set(team.member.auth), 404, "NOT_FOUND");

    const accepted = await request(t.app).post(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/accept`).set(team.member.auth).send({ sectionKey: "constraints", text: "Budget: 2k/month.", recommendationId: second!.id });
    expect(accepted.status).toBe(200);
    expect((await stored()).recommendations.map((r: { title: string }) => r.title)).toEqual([third!.title]);
    // Accepting one already gone is 404 and writes nothing into the section.
    const again = await request(t.app).post(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/accept`).set(team.member.auth).send({ sectionKey: "constraints", text: "Twice", recommendationId: second!.id });
    expectError(again, 404, "NOT_FOUND");
    expect((await get(t, team.member, thread.id)).body.data.phases[0].sections.find((s: { key: string }) => s.key === "constraints").notes).toBe("Budget: 2k/month.");

    // Changed answers make the stored ones stale; asking again replaces them.
    await save(t, team.member, thread.id, "core-vision", { answers: { project: "A relay for field crews." } });
    expect(await stored()).toMatchObject({ stale: true });
    server.script(recs([rec("core-vision", "Fresh", "New one.")]));
    await recommend(t, team.member, thread.id);
    expect(await stored()).toMatchObject({ stale: false, recommendations: [expect.objectContaining({ title: "Fresh" })] });
    // The last one dismissed: the phase has none to show.
    const last = (await stored()).recommendations[0].id as string;
    await request(t.app).delete(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/${last}`).set(team.member.auth);
    expect(await stored()).toBeNull();
    const other = await createTeam(t.app, "Blueprint stored other");
    expectError(await request(t.app).delete(`/api/v1/threads/${thread.id}/blueprint/phases/vision-strategy/recommendations/${last}`).set(other.owner.auth), 404, "NOT_FOUND");
  });

  it("repairs an invalid answer once with the validation errors; twice invalid is 502 AI_INVALID_OUTPUT", async () => {
    const { team, thread } = await setup("Blueprint repair");
    await save(t, team.member, thread.id, "user-personas", { answers: { users: "Dispatchers and drivers" } });
    server.script({ kind: "answer", text: "Here are my thoughts: use Kubernetes." }, recs([rec("user-personas", "Interview drivers", "Run five interviews.", "gap")]));
    const repaired = await recommend(t, team.member, thread.id, "product-definition");
    expect(repaired.status).toBe(200);
    expect(repaired.body.data).toMatchObject({ repaired: true, recommendations: [expect.objectContaining({ title: "Interview drivers" })] });
    expect(server.requests).toHaveLength(2);
    const retry = server.requests[1]!.body!.messages as Array<{ role: string; content: string }>;
    expect(retry.at(-1)!.content).toContain("does not match the required format");

    server.requests.splice(0);
    // A section outside the phase is invalid too.
    server.script(recs([rec("core-vision", "Wrong phase", "x")]), { kind: "answer", text: "{\"recommendations\": []}" });
    const failed = await recommend(t, team.member, thread.id, "product-definition");
    expectError(failed, 502, "AI_INVALID_OUTPUT");
    expect(server.requests).toHaveLength(2);
    expect(String(server.requests[1]!.body!.messages && JSON.stringify(server.requests[1]!.body!.messages))).toContain("sectionKey");
  });

  it("needs answers in the phase, a writer's role, and a known phase", async () => {
    const { team, thread } = await setup("Blueprint recommend rules");
    const empty = await recommend(t, team.member, thread.id, "technical-architecture");
    expectError(empty, 400, "VALIDATION_ERROR");
    expect(empty.body.error.message).toContain("Answer at least one question");
    await save(t, team.member, thread.id, "tech-stack", { answers: { backend: "Node" } });
    expectError(await recommend(t, team.viewer, thread.id, "technical-architecture"), 403, "FORBIDDEN");
    expectError(await recommend(t, team.member, thread.id, "no-such-phase"), 404, "NOT_FOUND");
    expect(server.requests).toHaveLength(0);
  });

  it("without a provider: the wizard works, recommendations answer 503 AI_NOT_CONFIGURED", async () => {
    const { team, thread } = await setup("Blueprint no AI", bare);
    expect((await save(bare, team.member, thread.id, "core-vision", { answers: { project: "Offline questionnaire" } })).status).toBe(200);
    const res = await recommend(bare, team.member, thread.id);
    expectError(res, 503, "AI_NOT_CONFIGURED");
    expect(res.body.error.message).toContain("AI_PROVIDER");
    // The path is checked first: an unknown phase or thread is 404, not 503.
    expectError(await recommend(bare, team.member, thread.id, "no-such-phase"), 404, "NOT_FOUND");
    expectError(await recommend(bare, team.member, "00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
  });
});
