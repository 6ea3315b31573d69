import crypto from "node:crypto";
import type http from "node:http";
import { Client } from "pg";
import request from "supertest";
import { addMember, createTestApp, createWorkspace, registerUser, type TestApp, type TestUser } from "../helpers/app";
import { startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { eventually } from "../helpers/eventually";
import {
  applyMutation,
  componentOf,
  EDGE_TEXTS,
  freshen,
  isFreeText,
  mutationsOf,
  objectMutations,
  operationsOf,
  queryMutations,
  queryString,
  resolver,
  sample,
  toJson,
  typesOf,
  type Mutation,
  type OpenApiDocument,
  type Operation,
  type SampleContext,
  type Schema,
} from "../helpers/openapi-sweep";
import { createHttpServer, listenOnFreePort } from "../helpers/server";
import { testEnv } from "../setup/services";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

/**
 * Walks every operation of /openapi.json (routes added later included) with
 * malformed input, then as a user of another workspace with this one's ids,
 * then with edge values that must be stored and read back exactly. Every
 * answer is a 2xx or a 4xx JSON envelope, never a 5xx or HTML; what is refused
 * changes nothing (checked in the database), and nothing of another tenant is
 * ever shown or touched.
 */

const RUN = crypto.randomBytes(3).toString("hex");

const CONCURRENCY = 8;

let t: TestApp;
let server: http.Server;
let baseUrl: string;
let db: Client;
let ai: ScriptedAiServer;
/** Webhooks of the worlds deliver here (loopback, so WEBHOOK_ALLOW_PRIVATE is on): nothing leaves the machine. */
let hooks: WebhookReceiver;
let doc: OpenApiDocument;
let ops: Operation[];
let resolve: (s: Schema) => Schema;
let A: World;
let B: World;

// ---------------------------------------------------------------------------
// Two worlds: a workspace with one of everything, owned by its owner.

interface World {
  tag: string;
  /** In every name of the world, so a leak of it is easy to spot. */
  marker: string;
  owner: TestUser;
  member: TestUser;
  workspaceId: string;
  projectId: string;
  taskId: string;
  personalTaskId: string;
  sprintId: string;
  labelId: string;
  commentId: string;
  invitationId: string;
  invitationToken: string;
  notificationId: string;
  apiTokenId: string;
  /** A connected sign-in account of the owner (rows only: the sweep's app has no provider configured). */
  identityId: string;
  artistId: string;
  timeOffId: string;
  bookingId: string;
  /** The secret of the artist's calendar feed (a query parameter of a public route). */
  calendarToken: string;
  /** A text file attached to the task. */
  attachmentId: string;
  /** The owner's completed AI breakdown of the task (scripted provider). */
  aiJobId: string;
  /** A webhook of the workspace (to the loopback receiver) and its test delivery. */
  webhookId: string;
  webhookDeliveryId: string;
  /** A phase of the project's timeline, after prePhaseId (finish-to-start), and a milestone on it. */
  phaseId: string;
  prePhaseId: string;
  milestoneId: string;
  /** An artifact of the project with two versions, from the thread below. */
  artifactId: string;
  /** An assistant thread of the project with a finished question and answer (rows: no generation runs). */
  threadId: string;
  /** A blueprint thread of the project with one answered section (its SYSTEM_BLUEPRINT.md artifact made by that save): the /threads/{id}/blueprint routes take it. */
  blueprintThreadId: string;
  /** A recommendation stored for phase vision-strategy of the blueprint thread (a row: no provider call). */
  recommendationId: string;
  userMessageId: string;
  assistantMessageId: string;
  /** A public job listing and the application made through its public form. */
  listingId: string;
  applicationId: string;
  /** A ready document of the project (from JSON). */
  documentId: string;
}

async function ok<T = Record<string, unknown>>(req: request.Test, status = 201): Promise<T> {
  const res = await req;
  if (res.status !== status) throw new Error(`fixture: answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as T;
}

async function buildWorld(tag: string): Promise<World> {
  const marker = `${tag}-secret-${RUN}`;
  const email = (who: string) => `sweep-${RUN}-${tag}-${who}@example.com`;
  const owner = await registerUser(t.app, { name: `${marker} owner`, email: email("owner") });
  const member = await registerUser(t.app, { name: `${marker} member`, email: email("member") });
  const workspaceId = await createWorkspace(t.app, owner, `${marker} workspace`);
  await addMember(t.app, owner, workspaceId, member, "MEMBER");
  const as = (u: TestUser) => ({ post: (p: string) => request(t.app).post(`/api/v1${p}`).set(u.auth), patch: (p: string) => request(t.app).patch(`/api/v1${p}`).set(u.auth), put: (p: string) => request(t.app).put(`/api/v1${p}`).set(u.auth) });
  const project = await ok<{ id: string }>(as(owner).post(`/workspaces/${workspaceId}/projects`).send({ name: `${marker} project`, key: `${tag}PRJ`.toUpperCase() }));
  const sprint = await ok<{ id: string }>(as(owner).post(`/projects/${project.id}/sprints`).send({ name: `${marker} sprint`, goal: marker }));
  const label = await ok<{ id: string }>(as(owner).post(`/workspaces/${workspaceId}/labels`).send({ name: `${marker} label` }));
  const task = await ok<{ id: string; version: number }>(
    as(owner).post(`/projects/${project.id}/tasks`).send({ title: `${marker} task`, description: marker, labelIds: [label.id], sprintId: sprint.id, dueDate: "2026-06-01T12:00:00Z" }),
  );
  // The member assigns the owner: the owner gets a notification.
  await ok(as(member).patch(`/tasks/${task.id}`).send({ assigneeIds: [owner.id], version: task.version }), 200);
  const personal = await ok<{ id: string }>(as(owner).post("/tasks").send({ title: `${marker} personal task`, workspaceId }));
  const comment = await ok<{ id: string }>(as(owner).post(`/tasks/${task.id}/comments`).send({ body: `${marker} comment` }));
  const invitation = await ok<{ id: string; acceptUrl: string }>(as(owner).post(`/workspaces/${workspaceId}/invitations`).send({ email: email("invitee"), role: "MEMBER" }));
  const apiToken = await ok<{ id: string }>(as(owner).post("/auth/tokens").send({ name: `${marker} token`, scope: "read" }));
  const identity = await t.ctx.db.userIdentity.create({ data: { userId: owner.id, provider: "oidc", subject: `sweep-${RUN}-${tag}`, email: email("owner"), emailVerified: true } });
  const artist = await ok<{ id: string }>(as(owner).post(`/workspaces/${workspaceId}/artists`).send({ name: `${marker} artist`, email: email("artist"), timezone: "UTC", skills: ["comp"] }));
  await ok(request(t.app).put(`/api/v1/artists/${artist.id}/working-hours`).set(owner.auth).send([{ weekday: 1, start: "09:00", end: "17:00" }]), 200);
  const timeOff = await ok<{ id: string }>(as(owner).post(`/artists/${artist.id}/time-off`).send({ startDate: "2026-07-01", endDate: "2026-07-03", reason: marker }));
  const booking = await ok<{ id: string }>(
    as(owner).post(`/workspaces/${workspaceId}/bookings`).send({ artistId: artist.id, projectId: project.id, title: `${marker} booking`, notes: marker, start: "2026-06-08T10:00:00Z", end: "2026-06-08T12:00:00Z", status: "PENCIL" }),
  );
  const prePhase = await ok<{ id: string }>(as(owner).post(`/projects/${project.id}/phases`).send({ name: `${marker} pre-production`, startDate: "2026-05-01", endDate: "2026-05-10" }));
  const phase = await ok<{ id: string }>(as(owner).post(`/projects/${project.id}/phases`).send({ name: `${marker} shoot`, startDate: "2026-05-11", endDate: "2026-05-20", dependsOn: [prePhase.id] }));
  const milestone = await ok<{ id: string }>(as(owner).post(`/projects/${project.id}/milestones`).send({ name: `${marker} wrap`, date: "2026-05-20", phaseId: phase.id }));
  const thread = await ok<{ id: string }>(as(owner).post(`/projects/${project.id}/threads`).send({ title: `${marker} thread`, mode: "chat" }));
  const question = await t.ctx.db.assistantMessage.create({ data: { threadId: thread.id, workspaceId, role: "user", content: `${marker} question`, createdById: owner.id } });
  const answer = await t.ctx.db.assistantMessage.create({
    data: { threadId: thread.id, workspaceId, role: "assistant", content: `${marker} answer`, replyToId: question.id, finishReason: "stop", createdById: owner.id, createdAt: new Date(question.createdAt.getTime() + 1), completedAt: new Date() },
  });
  const artifact = await ok<{ id: string }>(as(owner).post(`/projects/${project.id}/artifacts`).send({ type: "note", title: `${marker} artifact`, content: `# ${marker}\n`, threadId: thread.id }));
  await ok(as(owner).patch(`/artifacts/${artifact.id}`).send({ content: `# ${marker}\n\nmore\n`, version: 1 }), 200);
  const blueprintThread = await ok<{ id: string }>(as(owner).post(`/projects/${project.id}/threads`).send({ title: `${marker} blueprint`, mode: "blueprint" }));
  await ok(as(owner).put(`/threads/${blueprintThread.id}/blueprint/sections/core-vision`).send({ answers: { project: `${marker} vision` } }), 200);
  const recommendationId = crypto.randomUUID();
  await t.ctx.db.blueprintRecommendationSet.create({
    data: { threadId: blueprintThread.id, phaseKey: "vision-strategy", items: [{ id: recommendationId, sectionKey: "core-vision", category: "gap", title: `${marker} rec`, text: marker }], answersFingerprint: "sweep", provider: "openai-compatible", model: "sweep" },
  });
  const listing = await ok<{ id: string }>(as(owner).post(`/workspaces/${workspaceId}/job-listings`).send({ title: `${marker} listing`, description: marker, skills: ["Comp"], isPublic: true, projectId: project.id }));
  await ok(request(t.app).post(`/api/v1/public/job-listings/${listing.id}/applications`).send({ name: `${marker} applicant`, email: email("applicant"), message: marker }));
  const application = (await t.ctx.db.jobApplication.findFirstOrThrow({ where: { listingId: listing.id } })).id;
  const document = await ok<{ id: string }>(as(owner).post(`/projects/${project.id}/documents`).send({ name: `${marker} brief.md`, content: `${marker} the brief of the project.` }));
  const feed = await ok<{ url: string }>(as(owner).post(`/artists/${artist.id}/calendar-token`), 200);
  const [attachment] = await ok<Array<{ id: string }>>(
    request(t.app).post("/api/v1/attachments").set(owner.auth).field("entityType", "task").field("entityId", task.id).attach("file", Buffer.from(`${tag} notes\n`), { filename: `${tag}-notes.txt` }),
  );
  const webhook = await ok<{ id: string }>(as(owner).post(`/workspaces/${workspaceId}/webhooks`).send({ url: hooks.url(`/${tag}`), events: ["task.created"], description: marker }));
  const webhookDelivery = await ok<{ id: string }>(as(owner).post(`/webhooks/${webhook.id}/test`), 200);
  const breakdown = await ok<{ jobId: string }>(as(owner).post(`/tasks/${task.id}/ai-breakdown`), 202);
  await eventually(async () => (await t.ctx.db.aiJob.findUnique({ where: { id: breakdown.jobId } }))?.state === "completed", { what: "fixture: the AI breakdown job" });
  const notification = await eventually(
    async () => {
      await t.ctx.events.drain();
      return (await t.ctx.db.notification.findFirst({ where: { userId: owner.id }, select: { id: true } })) ?? false;
    },
    { what: "fixture: the owner's assignment notification" },
  );
  return {
    tag,
    marker,
    owner,
    member,
    workspaceId,
    projectId: project.id,
    taskId: task.id,
    personalTaskId: personal.id,
    sprintId: sprint.id,
    labelId: label.id,
    commentId: comment.id,
    invitationId: invitation.id,
    invitationToken: invitation.acceptUrl.split("/invite/")[1],
    notificationId: notification.id,
    apiTokenId: apiToken.id,
    identityId: identity.id,
    artistId: artist.id,
    timeOffId: timeOff.id,
    bookingId: booking.id,
    calendarToken: new URL(feed.url).searchParams.get("token")!,
    attachmentId: attachment.id,
    aiJobId: breakdown.jobId,
    webhookId: webhook.id,
    webhookDeliveryId: webhookDelivery.id,
    phaseId: phase.id,
    prePhaseId: prePhase.id,
    milestoneId: milestone.id,
    artifactId: artifact.id,
    threadId: thread.id,
    blueprintThreadId: blueprintThread.id,
    recommendationId,
    userMessageId: question.id,
    assistantMessageId: answer.id,
    listingId: listing.id,
    applicationId: application,
    documentId: document.id,
  };
}

/**
 * Path parameters by the collection before them (/tasks/{id} is a task); the
 * first id is the one the sweep uses, all of them are tried across tenants.
 * A path parameter of a collection missing here fails the sweep: add it.
 */
const COLLECTIONS: Record<string, (w: World) => string[]> = {
  workspaces: (w) => [w.workspaceId],
  recommendations: (w) => [w.recommendationId],
  projects: (w) => [w.projectId],
  tasks: (w) => [w.taskId, w.personalTaskId],
  comments: (w) => [w.commentId],
  labels: (w) => [w.labelId],
  sprints: (w) => [w.sprintId],
  invitations: (w) => [w.invitationId],
  notifications: (w) => [w.notificationId],
  tokens: (w) => [w.apiTokenId],
  identities: (w) => [w.identityId],
  members: (w) => [w.member.id],
  artists: (w) => [w.artistId],
  "time-off": (w) => [w.timeOffId],
  bookings: (w) => [w.bookingId],
  attachments: (w) => [w.attachmentId],
  jobs: (w) => [w.aiJobId],
  webhooks: (w) => [w.webhookId],
  "webhook-deliveries": (w) => [w.webhookDeliveryId],
  phases: (w) => [w.phaseId, w.prePhaseId],
  milestones: (w) => [w.milestoneId],
  artifacts: (w) => [w.artifactId],
  // /artifacts/{id}/versions/{version}: a version number, not an id.
  versions: () => ["1"],
  threads: (w) => [w.threadId],
  messages: (w) => [w.assistantMessageId, w.userMessageId],
  "job-listings": (w) => [w.listingId],
  applications: (w) => [w.applicationId],
  documents: (w) => [w.documentId],
};
/** Path parameters that number things inside their parent (every world has a version 1) or name a part of the Blueprint guide (every world has section core-vision): such a value alone is never "A's". */
const ORDINALS = new Set(["version", "sectionKey", "phaseKey"]);
/** Path parameters that are not ids. */
const PARAMS: Record<string, (w: World) => string[]> = { token: (w) => [w.invitationToken], provider: () => ["oidc"] };
/** Path parameters that name a part of a guide every world shares (the Blueprint's sections and phases): the same in A and B. */
const GUIDE_KEYS: Record<string, (w: World) => string[]> = { sectionKey: () => ["core-vision"], phaseKey: () => ["vision-strategy"] };
/** The Blueprint wizard's routes (/threads/{id}/blueprint…) work on blueprint threads only (a chat thread is 409): they take the blueprint thread. */
const BLUEPRINT_THREADS = (w: World) => [w.blueprintThreadId];
/** Optional query parameters that are the credential of a public route (the calendar feed's secret): sent on its reads. */
const SECRET_QUERY: Record<string, (w: World) => string> = { token: (w) => w.calendarToken };

/** Body and query fields that reference a resource, by name (uuid fields missing here fail the sweep). */
const REFERENCES: Record<string, (w: World) => string | string[]> = {
  workspaceId: (w) => w.workspaceId,
  recommendationId: (w) => w.recommendationId,
  projectId: (w) => w.projectId,
  parentId: (w) => w.taskId,
  beforeId: (w) => w.taskId,
  afterId: (w) => w.taskId,
  ids: (w) => [w.taskId],
  sprintId: (w) => w.sprintId,
  carryOverTo: (w) => w.sprintId,
  labelId: (w) => w.labelId,
  labelIds: (w) => [w.labelId],
  assigneeId: (w) => w.owner.id,
  assigneeIds: (w) => [w.owner.id],
  leadId: (w) => w.owner.id,
  userId: (w) => w.owner.id,
  artistId: (w) => w.artistId,
  artistIds: (w) => [w.artistId],
  jobId: (w) => w.aiJobId,
  phaseId: (w) => w.phaseId,
  threadId: (w) => w.threadId,
  dependsOn: (w) => [w.prePhaseId],
  // The new order of the project's phases (every phase once).
  order: (w) => [w.prePhaseId, w.phaseId],
  // The user a signed attachment link is for.
  u: (w) => w.owner.id,
  // An assistant answer of the thread (its stream, the page before it).
  messageId: (w) => w.assistantMessageId,
  before: (w) => w.assistantMessageId,
};

let counter = 0;
const samples = (w: World): SampleContext => ({ ref: (name) => REFERENCES[name]?.(w), unique: () => ++counter, tag: RUN });

/** Values for each path parameter, in the world's order. */
function pathValues(op: Operation, w: World): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const segments = op.path.split("/");
  for (const p of op.pathParams) {
    const collection = segments[segments.indexOf(`{${p.name}}`) - 1];
    const values = PARAMS[p.name] ?? GUIDE_KEYS[p.name] ?? (collection === "threads" && op.path.includes("/blueprint") ? BLUEPRINT_THREADS : COLLECTIONS[collection]);
    if (!values) throw new Error(`${op.key}: the sweep has no resource for path parameter {${p.name}} after /${collection}: add it to COLLECTIONS`);
    out[p.name] = values(w);
  }
  return out;
}

const fillPath = (op: Operation, values: Record<string, string>) =>
  op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name]));
const firstOf = (values: Record<string, string[]>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[0]]));

/** Required query parameters, sampled (e.g. activity's workspaceId). */
function requiredQuery(op: Operation, w: World): Record<string, string> {
  return Object.fromEntries(op.queryParams.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema, p.name, samples(w), resolve))]));
}

/** One base body per variant of the request body (a oneOf has several), with the schema of its properties. */
function bodyVariants(op: Operation, w: World, full = false): Array<{ schema: Schema; base: unknown }> {
  if (!op.body) return [];
  const root = resolve(op.body);
  const variants = root.oneOf ?? root.anyOf ?? [root];
  return variants.map((v) => ({ schema: resolve(v), base: sample(v, "body", samples(w), resolve, full) }));
}

// ---------------------------------------------------------------------------
// Requests and answers.

interface Call {
  method: Operation["method"];
  path: string;
  query?: Record<string, string | string[]>;
  /** A value (sent as JSON) or, with `raw`, exact text. */
  body?: unknown;
  raw?: string;
  contentType?: string;
  token?: string | null;
}

async function send(c: Call): Promise<request.Response> {
  let r = request(baseUrl)[c.method](`${c.path}${queryString(c.query ?? {})}`);
  if (c.token) r = r.set("Authorization", `Bearer ${c.token}`);
  if (c.raw !== undefined || c.body !== undefined) r = r.set("Content-Type", c.contentType ?? "application/json").send(c.raw ?? toJson(c.body));
  return r;
}

/** What is wrong with an answer whatever it is: a 5xx, not JSON, or an error without the envelope. */
function answerProblem(res: request.Response): string | undefined {
  if (res.status >= 500) return `answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  if (res.status === 204) return undefined;
  // Successes that are files by design: the calendar feed (.ics) and CSV exports.
  if (res.status < 300 && /^text\/(calendar|csv); charset=utf-8$/.test(String(res.headers["content-type"]))) return undefined;
  // An assistant answer streamed as Server-Sent Events, uncompressed and unbuffered (SPEC §4.6).
  if (res.status === 200 && /^text\/event-stream/.test(String(res.headers["content-type"]))) {
    return res.headers["cache-control"] === "no-cache, no-transform" && res.headers["x-accel-buffering"] === "no" && !res.headers["content-encoding"] ? undefined : "streamed SSE without no-transform / X-Accel-Buffering: no, or compressed";
  }
  // An attachment's bytes: a download with its own type (never HTML), nosniff and a sandbox.
  if (res.status < 300 && /^(attachment|inline);/.test(String(res.headers["content-disposition"]))) {
    return /html/i.test(String(res.headers["content-type"])) || res.headers["x-content-type-options"] !== "nosniff" || !/^sandbox/.test(String(res.headers["content-security-policy"])) ? `served a file unsafely (${res.headers["content-type"]})` : undefined;
  }
  if (!/^application\/json/.test(String(res.headers["content-type"]))) return `answered ${res.status} as ${res.headers["content-type"]}, not JSON`;
  if (res.status >= 400) {
    const e = res.body?.error;
    if (typeof e?.code !== "string" || typeof e?.message !== "string") return `answered ${res.status} without the error envelope: ${JSON.stringify(res.body).slice(0, 200)}`;
    if (res.body.meta?.requestId !== res.headers["x-request-id"] || typeof res.body.meta?.timestamp !== "string") return `answered ${res.status} without meta.requestId/timestamp`;
    if (e.stack || /\bat .+\(.+:\d+:\d+\)/.test(JSON.stringify(res.body))) return "leaked a stack trace";
  }
  return undefined;
}

interface Expectation {
  status: number[];
  code?: string;
  /** A field the error details must name (the mutated one). */
  field?: string;
}

/** Problems of one answer against what was expected of it. */
function check(res: request.Response, want: Expectation): string | undefined {
  const problem = answerProblem(res);
  if (problem) return problem;
  if (!want.status.includes(res.status)) return `answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}, expected ${want.status.join("/")}`;
  if (want.code && res.body.error?.code !== want.code) return `answered ${res.body.error?.code}, expected ${want.code}`;
  if (want.field) {
    const fields: string[] = (res.body.error?.details ?? []).map((d: { field?: string }) => d.field ?? "");
    const named = fields.some((f) => f === want.field || f.startsWith(`${want.field}.`) || f.split(", ").includes(want.field!));
    if (!named) return `answered ${res.status} naming ${JSON.stringify(fields)}, not ${want.field}`;
  }
  return undefined;
}

/**
 * Browser-navigation routes (OAuth sign-in start and callback) document a 302 and answer
 * every outcome, refusals included, with a redirect to a page of the web app that shows
 * the message: by design, and never a JSON or HTML page of the API.
 */
function redirectsIntoApp(op: Operation, res: request.Response): boolean {
  const location = String(res.headers.location ?? "");
  return "302" in op.responses && res.status === 302 && location.startsWith("/") && !location.startsWith("//") && !location.startsWith("/api/");
}

/** Runs jobs a few at a time. */
async function inPool<T>(items: T[], run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await run(items[next++]);
  }));
}

interface Case {
  op: Operation;
  label: string;
  call: Call;
  want: Expectation;
}

/** Sends every case; returns the problems as "<op> — <label>: <problem>". */
async function runCases(cases: Case[], also?: (c: Case, res: request.Response) => string | undefined): Promise<string[]> {
  const problems: string[] = [];
  await inPool(cases, async (c) => {
    const res = await send(c.call);
    const problem = (redirectsIntoApp(c.op, res) ? undefined : check(res, c.want)) ?? also?.(c, res);
    if (problem) problems.push(`${c.op.key} — ${c.label}: ${problem}`);
  });
  return problems.sort();
}

// ---------------------------------------------------------------------------
// Database snapshots: every row that mentions an id of the given worlds.

let tables: Array<{ name: string; uuidColumns: string[] }> = [];

async function worldIds(worlds: World[]): Promise<string[]> {
  const users = worlds.flatMap((w) => [w.owner.id, w.member.id]);
  const workspaces = worlds.map((w) => w.workspaceId);
  const ids = new Set([...users, ...workspaces]);
  for (const table of tables) {
    if (!table.uuidColumns.includes("id")) continue;
    const scope = [table.uuidColumns.includes("workspace_id") ? "workspace_id = ANY($1::uuid[])" : null, table.uuidColumns.includes("user_id") ? "user_id = ANY($2::uuid[])" : null].filter(Boolean);
    if (!scope.length) continue;
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM "${table.name}" WHERE (${scope.join(" OR ")}) AND cardinality($1::uuid[]) + cardinality($2::uuid[]) > 0`, [workspaces, users]);
    rows.forEach((r) => ids.add(r.id));
  }
  return [...ids];
}

/** Every row (as JSON) that mentions one of `ids` in a uuid column, plus the users the sweep registered. */
async function snapshot(ids: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const mentions = table.uuidColumns.map((c) => `"${c}" = ANY($1::uuid[])`);
    if (table.name === "users") mentions.push(`email LIKE 'sweep-${RUN}-%'`);
    const { rows } = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table.name}" t WHERE ${mentions.join(" OR ")} ORDER BY 1`, [ids]);
    out[table.name] = rows.map((r) => r.row);
  }
  return out;
}

// ---------------------------------------------------------------------------

beforeAll(async () => {
  // AI on a scripted OpenAI-compatible server whose every answer is a valid breakdown, so the AI routes answer for real.
  ai = await startOpenAiServer();
  ai.setDefault({ kind: "answer", text: JSON.stringify({ subtasks: [1, 2, 3].map((i) => ({ title: `Part ${i}`, description: "", estimatedHours: i, confidence: 0.5 })) }), usage: { input: 10, output: 10 } });
  hooks = await startWebhookReceiver();
  t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_TIMEOUT_MS: "2000", AI_PROVIDER: "openai-compatible", AI_MODEL: "scripted-gpt", AI_BASE_URL: ai.baseUrl, AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: "100000" } });
  // Every host name a sampled webhook URL names resolves to loopback: no lookup or delivery leaves the machine.
  t.ctx.resolveHost = async () => [{ address: "127.0.0.1", family: 4 }];
  server = createHttpServer(t.app);
  baseUrl = await listenOnFreePort(server);
  db = new Client({ connectionString: testEnv.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ name: string; uuid_columns: string[] }>(
    `SELECT table_name AS name, array_agg(column_name::text ORDER BY column_name) FILTER (WHERE data_type = 'uuid') AS uuid_columns
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' GROUP BY table_name ORDER BY table_name`,
  );
  tables = rows.map((r) => ({ name: r.name, uuidColumns: r.uuid_columns ?? [] }));
  const unscoped = tables.filter((tb) => !tb.uuidColumns.length).map((tb) => tb.name);
  if (unscoped.length) throw new Error(`tables without a uuid column cannot be snapshotted by the sweep: ${unscoped.join(", ")}`);

  doc = (await request(baseUrl).get("/openapi.json")).body;
  ops = operationsOf(doc);
  resolve = resolver(doc);
  [A, B] = [await buildWorld("alpha"), await buildWorld("beta")];
}, 60_000);

afterAll(async () => {
  await db?.end();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await t?.close();
  await ai?.close();
  await hooks?.close();
});

describe("OpenAPI sweep", () => {
  it("reads every operation from /openapi.json and can fill each of them", () => {
    expect(ops.length).toBeGreaterThan(50);
    for (const op of ops) {
      pathValues(op, A);
      bodyVariants(op, A, true);
      requiredQuery(op, A);
    }
  });

  it("malformed input: every operation answers a 4xx error envelope, and nothing changes", async () => {
    const ids = await worldIds([A, B]);
    const before = await snapshot(ids);
    expect(Object.values(before).flat().length).toBeGreaterThan(50);
    const cases: Case[] = [];
    for (const op of ops) {
      const path = fillPath(op, firstOf(pathValues(op, A)));
      const query = requiredQuery(op, A);
      const token = op.auth === "none" ? null : A.owner.accessToken;
      const base = bodyVariants(op, A)[0]?.base;
      const add = (label: string, call: Partial<Call>, want: Expectation) => cases.push({ op, label, call: { method: op.method, path, query, token, body: base, ...call }, want });

      if (op.auth === "required") {
        add("no credentials", { token: null }, { status: [401], code: "UNAUTHORIZED" });
        add("a forged token", { token: "not-a-real-token" }, { status: [401], code: "UNAUTHORIZED" });
      }
      add("invalid JSON", { body: undefined, raw: '{"broken": ' }, { status: [400], code: "INVALID_JSON" });
      if (op.method !== "get" && op.method !== "delete") {
        add("a text/plain body", { body: undefined, raw: "hello", contentType: "text/plain" }, { status: [415], code: "UNSUPPORTED_MEDIA_TYPE" });
        add("a form body", { body: undefined, raw: "a=1&b=2", contentType: "application/x-www-form-urlencoded" }, { status: [415], code: "UNSUPPORTED_MEDIA_TYPE" });
        add("JSON in latin-1", { body: undefined, raw: '{"a":1}', contentType: "application/json; charset=iso-8859-1" }, { status: [415], code: "UNSUPPORTED_MEDIA_TYPE" });
      }

      for (const p of op.pathParams) {
        const values = firstOf(pathValues(op, A));
        const at = (v: string) => fillPath(op, { ...values, [p.name]: v });
        const isId = resolve(p.schema).format === "uuid";
        add(`{${p.name}} not a uuid`, { path: at("not-a-uuid-at-all") }, isId ? { status: [400], code: "VALIDATION_ERROR", field: p.name } : { status: [404] });
        add(`{${p.name}} with a NUL character`, { path: at("sweep-value\u0000nul") }, { status: [400], code: "VALIDATION_ERROR", field: p.name });
        add(`{${p.name}} that does not exist`, { path: at(crypto.randomUUID()) }, { status: [404], code: "NOT_FOUND" });
      }

      if (op.queryParams.length) {
        add("an unknown query parameter", { query: { ...query, sweepUnknown: "1" } }, { status: [400], code: "VALIDATION_ERROR", field: "sweepUnknown" });
        for (const p of op.queryParams) {
          if (p.required) add(`without required ?${p.name}`, { query: Object.fromEntries(Object.entries(query).filter(([k]) => k !== p.name)) }, { status: [400], field: p.name });
          for (const m of queryMutations(p, resolve)) {
            if (m.kind === "invalid") add(`?${p.name} ${m.label}`, { query: { ...query, [p.name]: m.value as string } }, { status: [400], code: "VALIDATION_ERROR", field: p.name });
          }
        }
      }

      if (op.body) {
        const root = resolve(op.body);
        add("a 2 MB body", { body: undefined, raw: JSON.stringify({ sweep: "x".repeat(2 * 1024 * 1024) }) }, { status: [413], code: "PAYLOAD_TOO_LARGE" });
        for (const raw of ["null", "42", '"text"', "true"]) add(`the body ${raw}`, { body: undefined, raw }, { status: [400], code: "INVALID_JSON" });
        add(typesOf(root).includes("array") ? "an object for an array" : "an array for an object", { body: typesOf(root).includes("array") ? {} : [] }, { status: [400], code: "VALIDATION_ERROR" });
        add("5000 levels of nesting", { body: undefined, raw: `${"[".repeat(5000)}${"]".repeat(5000)}` }, { status: [400], code: "VALIDATION_ERROR" });
        for (const { schema, base: variantBase } of bodyVariants(op, A)) {
          const mutations: Mutation[] = schema.properties ? objectMutations(schema, [], resolve, 0) : mutationsOf(schema, [], resolve).filter((m) => m.path.length > 0);
          for (const m of mutations) {
            if (m.kind !== "invalid") continue;
            add(`${m.path.join(".")} ${m.label}`, { body: applyMutation(variantBase, m) }, { status: [400], code: "VALIDATION_ERROR", field: m.path.join(".") });
          }
        }
      }
    }
    const problems = await runCases(cases);
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThan(1000);
    expect(await snapshot(ids)).toEqual(before);
  }, 120_000);

  it("tenancy: a user of another workspace gets 404 for every id of this one, sees none of it and changes none of it", async () => {
    const ids = await worldIds([A]);
    const before = await snapshot(ids);
    expect(Object.values(before).flat().length).toBeGreaterThan(25);
    const cases: Case[] = [];
    for (const op of ops) {
      if (op.auth === "none") continue; // public by design: sign-up, sign-in, an invitation previewed by its token
      const valuesA = pathValues(op, A);
      const valuesB = firstOf(pathValues(op, B));
      const query = requiredQuery(op, B);
      const base = bodyVariants(op, B)[0]?.base;
      const call = (path: string, extra: Partial<Call> = {}): Call => ({ method: op.method, path, query, token: B.owner.accessToken, body: base, ...extra });
      // Every mix of A's and B's path ids but B's only, each of A's ids in turn.
      for (const mix of mixes(op.pathParams.map((p) => p.name), valuesA, valuesB)) {
        if (mix.fromA.every((name) => ORDINALS.has(name))) continue;
        const secretParam = op.pathParams.some((p) => PARAMS[p.name] && mix.fromA.includes(p.name));
        // A token is the credential itself: B holding A's invitation token is refused (403) as not its invitee.
        cases.push({ op, label: `B with A's ${mix.fromA.join(", ")}`, call: call(fillPath(op, mix.values)), want: { status: secretParam ? [403, 404] : [404] } });
      }
      // A's ids where B's own requests reference resources: refused, or answered without any of A's data.
      const pathB = fillPath(op, valuesB);
      for (const { schema, base: variantBase } of bodyVariants(op, B)) {
        for (const [field, prop] of Object.entries(schema.properties ?? {})) {
          const value = referenceOf(field, prop, A);
          if (value === undefined) continue;
          cases.push({ op, label: `B's body with A's ${field}`, call: call(pathB, { body: { ...(variantBase as object), [field]: value } }), want: { status: SAFE } });
          // A list mixing B's own ids with A's: all or nothing, never B's part alone.
          const own = referenceOf(field, prop, B);
          if (Array.isArray(value) && Array.isArray(own)) {
            cases.push({ op, label: `B's body with B's and A's ${field}`, call: call(pathB, { body: { ...(variantBase as object), [field]: [...own, ...value] } }), want: { status: [400, 403, 404] } });
          }
        }
      }
      for (const p of op.queryParams) {
        const value = referenceOf(p.name, p.schema, A);
        if (value !== undefined) cases.push({ op, label: `B's ?${p.name} with A's`, call: call(pathB, { query: { ...query, [p.name]: String(value) } }), want: { status: SAFE } });
      }
      // B's own reads, searching for A's names where there is a text filter: nothing of A shows.
      if (op.method === "get") {
        cases.push({ op, label: "B's own read", call: call(pathB), want: { status: ownRead(op) } });
        for (const p of op.queryParams.filter((x) => isFreeText(resolve(x.schema)))) {
          cases.push({ op, label: `B's ?${p.name} with A's names`, call: call(pathB, { query: { ...query, [p.name]: A.marker } }), want: { status: [200, 400, 403] } });
        }
      }
    }
    const secrets = [A.marker, A.owner.email, A.member.email];
    const leaks = (c: Case, res: request.Response) => {
      const sent = `${c.call.path} ${JSON.stringify(c.call.query)} ${toJson(c.call.body)}`;
      // Pagination links repeat the request's own query; everything else must not mention A.
      const text = JSON.stringify({ ...res.body, links: undefined });
      const shown = [...secrets.filter((s) => text.includes(s)), ...ids.filter((id) => text.includes(id) && !sent.includes(id))];
      return shown.length ? `shows A's ${shown.join(", ")}` : undefined;
    };
    // Deletes last: a delete that wrongly succeeds would leave the other cases nothing to find.
    const problems = [
      ...(await runCases(cases.filter((c) => c.op.method !== "delete"), leaks)),
      ...(await runCases(cases.filter((c) => c.op.method === "delete"), leaks)),
    ];
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThan(60);
    expect(await snapshot(ids)).toEqual(before);
  }, 60_000);

  it("edge values: what is accepted is stored and reads back as sent", async () => {
    const problems: string[] = [];
    const reads: Case[] = [];
    for (const op of ops) {
      const values = firstOf(pathValues(op, A));
      const path = fillPath(op, values);
      const query = requiredQuery(op, A);
      const token = op.auth === "none" ? null : A.owner.accessToken;
      for (const p of op.queryParams) {
        for (const m of queryMutations(p, resolve)) {
          if (m.kind === "edge") reads.push({ op, label: `?${p.name} ${m.label}`, call: { method: op.method, path, query: { ...query, [p.name]: m.value as string }, token }, want: { status: SAFE } });
        }
      }
      for (const p of op.pathParams.filter((x) => resolve(x.schema).format !== "uuid")) {
        EDGE_TEXTS.forEach((v, i) => reads.push({ op, label: `{${p.name}} edge text ${i + 1}`, call: { method: op.method, path: fillPath(op, { ...values, [p.name]: v }), token }, want: { status: [400, 404] } }));
      }
      const schema = op.body && resolve(op.body);
      const edges = schema?.properties ? objectMutations(schema, [], resolve, 0).filter((m) => m.kind === "edge") : [];
      if (!edges.length) continue;
      const base = await workingBase(op, values, path, query, problems);
      const write = async (m: Mutation) => {
        const body = applyMutation(await withCurrentVersion(op, values, freshen(base, schema!, samples(A), resolve)), m);
        const res = await send({ method: op.method, path, query, token, body });
        const problem = answerProblem(res) ?? (res.status < 300 ? await readBack(op, values, res, m) : undefined);
        if (problem) problems.push(`${op.key} — ${m.path.join(".")} ${m.label}: ${problem}`);
      };
      // Creates make a resource each and run side by side; other writes change one resource, one after the other.
      if (op.method === "post" && op.responses["201"]) await inPool(edges, write);
      else for (const m of edges) await write(m);
    }
    problems.push(...(await runCases(reads)));
    expect(problems).toEqual([]);
  }, 120_000);

  it("afterwards every read of this workspace still answers", async () => {
    const cases: Case[] = ops
      .filter((op) => op.method === "get")
      .map((op) => {
        const query: Record<string, string> = { ...requiredQuery(op, A), ...(op.queryParams.some((p) => p.name === "perPage") ? { perPage: "100" } : {}) };
        if (op.auth === "none") for (const p of op.queryParams) if (SECRET_QUERY[p.name]) query[p.name] = SECRET_QUERY[p.name](A);
        // 403: the install-admin routes (A is not an install admin).
        return { op, label: "read", call: { method: op.method, path: fillPath(op, firstOf(pathValues(op, A))), query, token: op.auth === "none" ? null : A.owner.accessToken }, want: { status: ownRead(op) } };
      });
    expect(await runCases(cases)).toEqual([]);
  }, 30_000);

  it("every operation takes its own sample: a 2xx reads back as answered, a refusal is an envelope", async () => {
    // Writes first, then deletes, what is inside a resource before the resource (a comment before its
    // task, a workspace last); after each, a caller signed out (logout, logout-all) signs in again.
    const depth = containmentDepths();
    const collection = (op: Operation) => op.path.split("/").filter((x) => !x.startsWith("{")).pop()!;
    const order = (op: Operation) => (op.method === "delete" ? 1000 - (depth.get(collection(op)) ?? 0) : 0);
    const writes = ops.filter((op) => op.method !== "get").sort((a, b) => order(a) - order(b));
    const problems: string[] = [];
    let accepted = 0;
    for (const op of writes) {
      if ((await send({ method: "get", path: "/api/v1/auth/me", token: A.owner.accessToken })).status === 401) {
        const again = await send({ method: "post", path: "/api/v1/auth/login", body: { email: A.owner.email, password: A.owner.password } });
        expect(again.status).toBe(200);
        A.owner = { ...A.owner, accessToken: again.body.data.accessToken, auth: { Authorization: `Bearer ${again.body.data.accessToken}` } };
      }
      const values = firstOf(pathValues(op, A));
      const path = fillPath(op, values);
      const body = op.body ? await withCurrentVersion(op, values, bodyVariants(op, A)[0].base) : undefined;
      const res = await send({ method: op.method, path, query: requiredQuery(op, A), token: op.auth === "none" ? null : A.owner.accessToken, body });
      let problem = answerProblem(res);
      if (!problem && res.status < 300) {
        accepted++;
        problem = await readBack(op, values, res);
        const get = gets().find((g) => g.path === op.path && !isList(g));
        // A delete that answers 200 with the resource keeps it (a booking is cancelled, not removed): it was read back above.
        if (!problem && op.method === "delete" && res.status === 204 && get) {
          const after = await send({ method: "get", path, token: A.owner.accessToken });
          if (after.status !== 404) problem = `deleted, yet ${get.key} answers ${after.status}`;
        }
      }
      if (problem) problems.push(`${op.key} — its sample: ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(accepted).toBeGreaterThan(30);
  }, 60_000);
});

/**
 * How deep each collection sits in the paths: /workspaces/{id}/projects puts
 * projects inside workspaces, /projects/{id}/tasks tasks inside projects.
 */
function containmentDepths(): Map<string, number> {
  const parents = new Map<string, Set<string>>();
  for (const op of ops) {
    const segments = op.path.split("/").filter(Boolean);
    let container: string | undefined;
    segments.forEach((segment, i) => {
      if (segment.startsWith("{")) return;
      if (container && container !== segment) parents.set(segment, new Set([...(parents.get(segment) ?? []), container]));
      if (segments[i + 1]?.startsWith("{")) container = segment;
    });
  }
  const depth = new Map<string, number>();
  const depthOf = (c: string, seen: string[] = []): number => {
    if (depth.has(c)) return depth.get(c)!;
    const d = Math.max(0, ...[...(parents.get(c) ?? [])].filter((p) => !seen.includes(p)).map((p) => depthOf(p, [...seen, c]) + 1));
    depth.set(c, d);
    return d;
  };
  [...parents.keys()].forEach((c) => depthOf(c));
  return depth;
}

/** What a read of the world's own resource answers: 200, or 403 (install-admin routes); a thumbnail, 404 (the world's attachment is text: it has none). */
const ownRead = (op: Operation) => (op.path.endsWith("/thumbnail") ? [404] : [200, 403]);

/** Statuses that are fine when nothing leaks and nothing changes: the answer or a refusal. */
const SAFE = [200, 201, 204, 400, 403, 404, 409];

/** The value of A's resource for a body or query field that references one (an array for array fields). */
function referenceOf(field: string, prop: Schema, w: World): string | string[] | undefined {
  const s = resolve(prop);
  const isArray = typesOf(s).includes("array");
  const isId = (isArray ? resolve(s.items ?? {}) : s).format === "uuid" || [s, ...(s.anyOf ?? s.oneOf ?? [])].some((v) => resolve(v).format === "uuid");
  if (!isId) return undefined;
  const value = REFERENCES[field]?.(w);
  if (value === undefined) throw new Error(`the sweep has no resource for the uuid field "${field}": add it to REFERENCES`);
  return isArray ? ([] as string[]).concat(value) : Array.isArray(value) ? value[0] : value;
}

/** Path values mixing A's and B's ids (never B's only): each parameter either B's id or, in turn, each of A's. */
function mixes(names: string[], a: Record<string, string[]>, b: Record<string, string>): Array<{ values: Record<string, string>; fromA: string[] }> {
  let out: Array<{ values: Record<string, string>; fromA: string[] }> = [{ values: {}, fromA: [] }];
  for (const name of names) {
    out = out.flatMap((m) => [
      { values: { ...m.values, [name]: b[name] }, fromA: m.fromA },
      ...a[name].map((id) => ({ values: { ...m.values, [name]: id }, fromA: [...m.fromA, name] })),
    ]);
  }
  return out.filter((m) => m.fromA.length > 0);
}

/** The schema of `data` in an operation's answer with this status. */
function dataSchema(op: Operation, status: number): Schema | undefined {
  const s = op.responses[String(status)]?.content?.["application/json"]?.schema;
  return s ? resolve(s).properties?.data : undefined;
}

/** The schema of one resource of `data` (the items of a list). */
const itemSchema = (s: Schema | undefined) => (s && typesOf(resolve(s)).includes("array") ? resolve(s).items : s);
const isList = (op: Operation) => typesOf(resolve(dataSchema(op, 200) ?? {})).includes("array");
const gets = () => ops.filter((op) => op.method === "get" && dataSchema(op, 200));

/** All items of a list operation (every page). */
async function listAll(op: Operation, path: string, token: string | null): Promise<{ status: number; items: Array<Record<string, unknown>> }> {
  const items: Array<Record<string, unknown>> = [];
  const paged = op.queryParams.some((p) => p.name === "perPage");
  for (let page = 1; ; page++) {
    const res = await send({ method: "get", path, token, query: { ...requiredQuery(op, A), ...(paged ? { perPage: "100", page: String(page) } : {}) } });
    if (res.status !== 200) return { status: res.status, items };
    items.push(...res.body.data);
    if (!paged || page >= (res.body.meta?.totalPages ?? 1)) return { status: 200, items };
  }
}

const sameResource = (data: Record<string, unknown>) => (item: Record<string, unknown>) =>
  data.id !== undefined ? item.id === data.id : Object.keys(data).filter((k) => k.endsWith("Id")).every((k) => item[k] === data[k]);

/**
 * Where a written resource can be read again: the GET of its component by id
 * (GET /tasks/{id} for a Task), the GET on the same path, or a list of its
 * component whose path ids the resource names (a Label's workspaceId). A
 * sign-up is read back as the signed-up user (GET /auth/me with its token).
 */
async function readResource(op: Operation, values: Record<string, string>, data: Record<string, unknown>, status: number): Promise<{ status: number; found?: unknown; where: string } | undefined> {
  const token = op.auth === "none" ? null : A.owner.accessToken;
  const components = componentOf(itemSchema(dataSchema(op, status)), doc);
  if (typeof data.accessToken === "string") {
    const me = await send({ method: "get", path: "/api/v1/auth/me", token: data.accessToken });
    return { status: me.status, found: { user: me.body.data?.user }, where: "GET /api/v1/auth/me" };
  }
  if (typeof data.id === "string") {
    const single = gets().find((g) => !isList(g) && g.pathParams.length === 1 && g.path.endsWith("/{id}") && componentOf(dataSchema(g, 200), doc).some((c) => components.includes(c)));
    if (single) {
      const res = await send({ method: "get", path: fillPath(single, { id: data.id }), token });
      return { status: res.status, found: res.body.data, where: single.key };
    }
  }
  const same = gets().find((g) => g.path === op.path && g !== op);
  if (same && !isList(same)) {
    const res = await send({ method: "get", path: fillPath(same, values), token });
    return { status: res.status, found: res.body.data, where: same.key };
  }
  const lists = [...(same ? [same] : []), ...gets().filter((g) => g !== same && isList(g) && componentOf(resolve(dataSchema(g, 200)!).items, doc).some((c) => components.includes(c)))];
  for (const list of lists) {
    const segments = list.path.split("/");
    const opSegments = op.path.split("/");
    const params: Record<string, string> = {};
    for (const p of list.pathParams) {
      const collection = segments[segments.indexOf(`{${p.name}}`) - 1];
      const own = opSegments.indexOf(collection) >= 0 ? values[opSegments[opSegments.indexOf(collection) + 1]?.replace(/[{}]/g, "")] : undefined;
      const value = (data[`${collection.replace(/s$/, "")}Id`] as string | undefined) ?? own;
      if (value) params[p.name] = value;
    }
    if (Object.keys(params).length !== list.pathParams.length) continue;
    const { status: listStatus, items } = await listAll(list, fillPath(list, params), token);
    return { status: listStatus, found: items.find(sameResource(data)), where: list.key };
  }
  return undefined;
}

const comparable = (v: unknown, how: Mutation["compare"]) => (how === "instant" && typeof v === "string" ? Date.parse(v) : v);

/** The value of `field` in a resource: its own, or the first found inside it (a user inside {user}). */
function fieldOf(resource: unknown, field: string): unknown {
  if (!resource || typeof resource !== "object") return undefined;
  if (field in resource) return (resource as Record<string, unknown>)[field];
  for (const v of Object.values(resource)) {
    const found = fieldOf(v, field);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** After an accepted write: the resource reads back as written, and the mutated field as sent. */
async function readBack(op: Operation, values: Record<string, string>, res: request.Response, m?: Mutation): Promise<string | undefined> {
  const data = res.body?.data;
  if (data === undefined || data === null || typeof data !== "object") return undefined;
  const same = gets().find((g) => g.path === op.path && g !== op);
  if (Array.isArray(data) && same && isList(same)) {
    // A write of a whole list (PUT …/preferences) reads back as that list.
    const { status, items } = await listAll(same, fillPath(same, values), op.auth === "none" ? null : A.owner.accessToken);
    if (status !== 200) return `the read-back (${same.key}) answered ${status}`;
    return JSON.stringify(items) === JSON.stringify(data) ? undefined : `the read-back (${same.key}) differs: wrote ${JSON.stringify(data).slice(0, 150)}, read ${JSON.stringify(items).slice(0, 150)}`;
  }
  const written = Array.isArray(data) ? data : [data];
  for (const item of written as Array<Record<string, unknown>>) {
    const read = await readResource(op, values, item, res.status);
    if (!read) {
      if (item.id !== undefined) return `no operation of /openapi.json reads back a ${componentOf(itemSchema(dataSchema(op, res.status)), doc)[0] ?? "resource"} ${item.id}`;
      continue;
    }
    if (read.status !== 200) return `the read-back (${read.where}) answered ${read.status}`;
    if (read.found === undefined) return `the read-back (${read.where}) does not list ${JSON.stringify(item).slice(0, 120)}`;
    const found = read.found as Record<string, unknown>;
    const differs = Object.keys(item).filter((k) => k in found && JSON.stringify(found[k]) !== JSON.stringify(item[k]));
    if (differs.length) return `the read-back (${read.where}) differs in ${differs.map((k) => `${k}: wrote ${JSON.stringify(item[k])?.slice(0, 80)}, read ${JSON.stringify(found[k])?.slice(0, 80)}`).join("; ")}`;
    if (m && typeof m.path[0] === "string") {
      const field = m.path[0];
      for (const [where, got] of [["the answer", fieldOf(item, field)], [read.where, fieldOf(found, field)]] as const) {
        if (got !== undefined && comparable(got, m.compare) !== comparable(m.value, m.compare)) return `${where} has ${field} ${JSON.stringify(got)?.slice(0, 80)}, sent ${JSON.stringify(m.value)?.slice(0, 80)}`;
      }
    }
  }
  return undefined;
}

/** The GET of the resource a write changes (its own path, or the path without the trailing action). */
function resourceGet(op: Operation): Operation | undefined {
  const parent = op.path.replace(/\/[a-z-]+$/, "");
  return gets().find((g) => !isList(g) && (g.path === op.path || g.path === parent));
}

/** Sets a required `version` to the resource's current one (SPEC §3), so that the write is not refused as stale. */
async function withCurrentVersion(op: Operation, values: Record<string, string>, body: unknown): Promise<unknown> {
  const schema = op.body && resolve(op.body);
  const get = resourceGet(op);
  if (!schema?.required?.includes("version") || !get) return body;
  const res = await send({ method: "get", path: fillPath(get, values), token: A.owner.accessToken });
  return { ...(body as object), version: res.body.data?.version };
}

/**
 * A body the operation accepts, to put each edge value in: the required
 * properties, plus those a 400 names as missing (e.g. POST /tasks needs a
 * workspaceId or a projectId). Sent once, and read back when accepted.
 */
async function workingBase(op: Operation, values: Record<string, string>, path: string, query: Record<string, string>, problems: string[]): Promise<unknown> {
  const [{ base }] = bodyVariants(op, A);
  const full = bodyVariants(op, A, true)[0].base as Record<string, unknown>;
  let body = base as Record<string, unknown>;
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await send({ method: op.method, path, query, token: op.auth === "none" ? null : A.owner.accessToken, body: await withCurrentVersion(op, values, body) });
    const problem = answerProblem(res) ?? (res.status < 300 ? await readBack(op, values, res) : undefined);
    if (problem) problems.push(`${op.key} — its sample body: ${problem}`);
    const missing: string[] = res.status === 400 ? (res.body.error?.details ?? []).map((d: { field?: string }) => d.field).filter((f: string) => f in full && !(f in body)) : [];
    if (!missing.length) break;
    body = { ...body, ...Object.fromEntries(missing.map((f) => [f, full[f]])) };
  }
  return body;
}
