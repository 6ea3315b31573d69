import type { Prisma, ProjectPhase } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { AppError, conflict, notFound } from "../../lib/errors";
import { enforce, roleDenies } from "../../access/permissions";
import { updateVersioned } from "../../db/versioned";
import { inTransaction } from "../../events/unit-of-work";
import { fieldChanges, recordActivity } from "../activity";
import { projectTimelineBookings } from "../bookings";
import { loadProject } from "../projects";
import { timelinePdf } from "./timeline.pdf";
import { fromIsoDay, isoDay } from "../../lib/dates";
import { emitMilestone, emitPhase } from "./timeline.events";
import { canEditTimeline, canReadTimeline } from "./timeline.policy";
import { presentMilestone, presentPhase, type PresentedMilestone, type PresentedPhase } from "./timeline.presenter";
import type { MilestoneInput, MilestoneUpdate, PhaseInput, PhaseUpdate } from "./timeline.schema";

/**
 * A project's timeline (SPEC §4.3): phases with finish-to-start dependencies
 * (no cycles, no self-dependency, same project only), milestones, and the
 * project's bookings for the Gantt. Every write that touches the dependency
 * graph or the order locks the project row, so two writers cannot build a
 * cycle between them.
 */

type Tx = Prisma.TransactionClient;
type Db = Pick<Tx, "projectPhase" | "phaseDependency">;

const DAY = 86_400_000;
const FIRST_DAY = fromIsoDay("0001-01-01");
const LAST_DAY = fromIsoDay("9999-12-31");
const MAX_PHASES = 500;
const MAX_MILESTONES = 1000;

const lockProject = (tx: Tx, projectId: string) => tx.$queryRaw`SELECT id FROM projects WHERE id = ${projectId}::uuid FOR UPDATE`;

/** predecessor ids by phase id, for the project. */
async function edges(db: Db, projectId: string): Promise<Map<string, string[]>> {
  const rows = await db.phaseDependency.findMany({ where: { phase: { projectId } }, select: { phaseId: true, predecessorId: true }, orderBy: { predecessorId: "asc" } });
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.phaseId, [...(map.get(r.phaseId) ?? []), r.predecessorId]);
  return map;
}

/** The project's phases in order, each with its dependencies and the ones it starts too early for. */
async function presentProjectPhases(db: Db, projectId: string): Promise<PresentedPhase[]> {
  const [rows, deps] = await Promise.all([db.projectPhase.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }), edges(db, projectId)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows.map((r) => {
    const preds = deps.get(r.id) ?? [];
    return presentPhase(r, preds, preds.filter((p) => startsTooEarly(r, byId.get(p))));
  });
}

const startsTooEarly = (phase: ProjectPhase, predecessor: ProjectPhase | undefined) => !!predecessor && phase.startDate.getTime() <= predecessor.endDate.getTime();

async function presentOnePhase(db: Db, phase: ProjectPhase): Promise<PresentedPhase> {
  return (await presentProjectPhases(db, phase.projectId)).find((p) => p.id === phase.id)!;
}

/** A phase the caller may see (a member of its project's workspace); 404 otherwise. */
async function loadPhase(ctx: AppContext, userId: string, id: string) {
  const phase = await ctx.db.projectPhase.findUnique({ where: { id } });
  if (!phase) throw notFound("Phase");
  const { role } = await loadProject(ctx, userId, phase.projectId).catch(() => {
    throw notFound("Phase");
  });
  return { phase, role };
}

async function loadMilestone(ctx: AppContext, userId: string, id: string) {
  const milestone = await ctx.db.milestone.findUnique({ where: { id } });
  if (!milestone) throw notFound("Milestone");
  const { role } = await loadProject(ctx, userId, milestone.projectId).catch(() => {
    throw notFound("Milestone");
  });
  return { milestone, role };
}

const invalid = (field: string, message: string, summary: string) => new AppError("VALIDATION_ERROR", summary, [{ field, message }]);

/** Every id names a phase of the project other than `self`; 400 naming the first one that does not. */
async function assertPredecessors(tx: Tx, projectId: string, ids: string[], self?: string) {
  if (self && ids.includes(self)) throw invalid("dependsOn", "a phase cannot depend on itself", "A phase cannot depend on itself");
  if (!ids.length) return;
  const found = new Set((await tx.projectPhase.findMany({ where: { id: { in: ids }, projectId }, select: { id: true } })).map((p) => p.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new AppError("VALIDATION_ERROR", "A phase can only depend on phases of the same project", [{ field: "dependsOn", message: `${missing} is not a phase of this project` }]);
}

/**
 * The cycle `phaseId → predecessors` would close, as the phases in it (starting with `phaseId`), or null.
 * Depth-first from each new predecessor along the existing dependencies (without phaseId's own, which are replaced).
 */
function findCycle(graph: Map<string, string[]>, phaseId: string, predecessors: string[]): string[] | null {
  const seen = new Set<string>();
  const walk = (id: string, path: string[]): string[] | null => {
    if (id === phaseId) return path;
    if (seen.has(id)) return null;
    seen.add(id);
    for (const next of graph.get(id) ?? []) {
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return null;
  };
  for (const p of predecessors) {
    const path = walk(p, [phaseId, p]);
    if (path) return path.slice(0, -1);
  }
  return null;
}

/** Phases that depend on `phaseId`, directly or through others, each once (breadth first). */
function dependentsOf(graph: Map<string, string[]>, phaseId: string): string[] {
  const reverse = new Map<string, string[]>();
  for (const [phase, preds] of graph) for (const p of preds) reverse.set(p, [...(reverse.get(p) ?? []), phase]);
  const out: string[] = [];
  const seen = new Set([phaseId]);
  const queue = [phaseId];
  while (queue.length) {
    for (const next of reverse.get(queue.shift()!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      out.push(next);
      queue.push(next);
    }
  }
  return out;
}

const shiftDay = (d: Date, days: number) => new Date(d.getTime() + days * DAY);

// ---- read -----------------------------------------------------------------------

export async function listPhases(ctx: AppContext, userId: string, projectId: string): Promise<PresentedPhase[]> {
  const { role } = await loadProject(ctx, userId, projectId);
  enforce(canReadTimeline(role), roleDenies(role, "seeing the timeline"));
  return presentProjectPhases(ctx.db, projectId);
}

export async function listMilestones(ctx: AppContext, userId: string, projectId: string): Promise<PresentedMilestone[]> {
  const { role } = await loadProject(ctx, userId, projectId);
  enforce(canReadTimeline(role), roleDenies(role, "seeing the timeline"));
  const rows = await ctx.db.milestone.findMany({ where: { projectId }, orderBy: [{ date: "asc" }, { createdAt: "asc" }] });
  return rows.map(presentMilestone);
}

/** Phases, milestones and the project's live bookings (with artist and hold rank), in one call. */
export async function getTimeline(ctx: AppContext, userId: string, projectId: string) {
  const { role } = await loadProject(ctx, userId, projectId);
  enforce(canReadTimeline(role), roleDenies(role, "seeing the timeline"));
  const [phases, milestones, bookings] = await Promise.all([
    presentProjectPhases(ctx.db, projectId),
    ctx.db.milestone.findMany({ where: { projectId }, orderBy: [{ date: "asc" }, { createdAt: "asc" }] }),
    projectTimelineBookings(ctx, projectId),
  ]);
  return {
    projectId,
    phases,
    milestones: milestones.map(presentMilestone),
    bookings: bookings.map((b) => ({ id: b.id, artistId: b.artistId, artist: b.artist, title: b.title, start: b.start, end: b.end, status: b.status, holdRank: b.holdRank, version: b.version })),
  };
}

/** The timeline as a PDF file (A4 landscape), dated in the reader's time zone. */
export async function timelinePdfFile(ctx: AppContext, userId: string, projectId: string): Promise<{ fileName: string; pdf: Buffer }> {
  const { project } = await loadProject(ctx, userId, projectId);
  const data = await getTimeline(ctx, userId, projectId);
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: userId }, select: { timezone: true } });
  const now = ctx.now();
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: user.timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const pdf = await timelinePdf({ projectName: project.name, projectKey: project.key, today, generatedAt: `${today} ${now.toISOString().slice(11, 16)} UTC`, ...data });
  return { fileName: `${project.key.toLowerCase()}-timeline-${today}.pdf`, pdf };
}

// ---- phases ---------------------------------------------------------------------

export async function createPhase(ctx: AppContext, userId: string, projectId: string, input: PhaseInput): Promise<PresentedPhase> {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canEditTimeline(role), roleDenies(role, "planning the timeline"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockProject(tx, projectId);
    const count = await tx.projectPhase.count({ where: { projectId } });
    if (count >= MAX_PHASES) throw conflict(`A project has at most ${MAX_PHASES} phases; delete or merge some first.`);
    await assertPredecessors(tx, projectId, input.dependsOn);
    const created = await tx.projectPhase.create({
      data: {
        projectId,
        workspaceId: project.workspaceId,
        name: input.name,
        startDate: fromIsoDay(input.startDate),
        endDate: fromIsoDay(input.endDate),
        progress: input.progress,
        color: input.color ?? project.color,
        position: count,
        dependsOn: { create: input.dependsOn.map((predecessorId) => ({ predecessorId })) },
      },
    });
    await recordActivity(tx, [{ workspaceId: project.workspaceId, actorId: userId, entityType: "phase", entityId: created.id, action: "created", after: { name: created.name, projectId } }]);
    const presented = await presentOnePhase(tx, created);
    emitPhase(emit, "phase.created", userId, project.workspaceId, presented);
    return presented;
  });
}

const PHASE_FIELDS = ["name", "startDate", "endDate", "progress", "color", "dependsOn"] as const;

/**
 * Rename, move, resize, progress, colour, dependencies. A new dependency set is refused when it names the
 * phase itself or another project's phase (400) or closes a cycle (409 naming the cycle's phases). With
 * `shiftDependents`, every phase after this one (transitively) moves by as many days as this phase's end moved.
 */
export async function updatePhase(ctx: AppContext, userId: string, phaseId: string, input: PhaseUpdate): Promise<{ phase: PresentedPhase; shifted: PresentedPhase[] }> {
  const { phase: loaded, role } = await loadPhase(ctx, userId, phaseId);
  enforce(canEditTimeline(role), roleDenies(role, "changing the timeline"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockProject(tx, loaded.projectId);
    const current = await tx.projectPhase.findUnique({ where: { id: phaseId } });
    if (!current) throw notFound("Phase");
    const start = input.startDate ?? isoDay(current.startDate);
    const end = input.endDate ?? isoDay(current.endDate);
    if (start > end) throw invalid("endDate", "must not be before startDate", "The end date is before the start date");
    const graph = await edges(tx, current.projectId);
    const before = await presentOnePhase(tx, current);
    if (input.dependsOn) {
      await assertPredecessors(tx, current.projectId, input.dependsOn, phaseId);
      const cycle = findCycle(graph, phaseId, input.dependsOn);
      if (cycle) {
        const names = new Map((await tx.projectPhase.findMany({ where: { id: { in: cycle } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
        throw conflict(
          `These dependencies would make a cycle: ${[...cycle, phaseId].map((id) => `“${names.get(id)}”`).join(" → ")}. Remove one of them.`,
          cycle.map((id) => ({ field: "dependsOn", message: "is in the dependency cycle", phaseId: id, name: names.get(id) })),
        );
      }
    }
    await updateVersioned({
      resource: "phase",
      expected: input.version,
      claim: (version) =>
        tx.projectPhase.updateMany({
          where: { id: phaseId, ...version },
          data: { name: input.name, startDate: fromIsoDay(start), endDate: fromIsoDay(end), progress: input.progress, color: input.color, version: { increment: 1 } },
        }),
      current: async () => before,
    });
    if (input.dependsOn) {
      await tx.phaseDependency.deleteMany({ where: { phaseId } });
      await tx.phaseDependency.createMany({ data: input.dependsOn.map((predecessorId) => ({ phaseId, predecessorId })) });
      graph.set(phaseId, input.dependsOn);
    }
    const delta = Math.round((fromIsoDay(end).getTime() - current.endDate.getTime()) / DAY);
    const shiftedIds = input.shiftDependents && delta !== 0 ? dependentsOf(graph, phaseId) : [];
    for (const id of shiftedIds) {
      const d = await tx.projectPhase.findUniqueOrThrow({ where: { id } });
      const s = shiftDay(d.startDate, delta);
      const e = shiftDay(d.endDate, delta);
      if (!(s.getTime() >= FIRST_DAY.getTime() && e.getTime() <= LAST_DAY.getTime())) {
        throw invalid("shiftDependents", `would move “${d.name}” outside the years 0001 to 9999`, "The dependent phases cannot move that far; nothing was changed");
      }
      await tx.projectPhase.update({ where: { id }, data: { startDate: s, endDate: e, version: { increment: 1 } } });
    }
    const all = await presentProjectPhases(tx, current.projectId);
    const after = all.find((p) => p.id === phaseId)!;
    const shifted = all.filter((p) => shiftedIds.includes(p.id));
    const subject = { workspaceId: current.workspaceId, actorId: userId, entityType: "phase", entityId: phaseId };
    const value = (p: PresentedPhase, f: (typeof PHASE_FIELDS)[number]) => (f === "dependsOn" ? [...p.dependsOn].sort().join(",") : p[f]);
    await recordActivity(tx, [
      ...fieldChanges(subject, PHASE_FIELDS, input, before, after, value),
      ...shifted.map((p) => ({ ...subject, entityId: p.id, action: "shifted", after: { by: delta, after: phaseId, startDate: p.startDate, endDate: p.endDate } })),
    ]);
    emitPhase(emit, "phase.updated", userId, current.workspaceId, after);
    for (const p of shifted) emitPhase(emit, "phase.updated", userId, current.workspaceId, p);
    return { phase: after, shifted };
  });
}

/** Deletes the phase: its dependencies go with it, its milestones stay (without a phase), the order closes up. */
export async function deletePhase(ctx: AppContext, userId: string, phaseId: string): Promise<void> {
  const { phase, role } = await loadPhase(ctx, userId, phaseId);
  enforce(canEditTimeline(role), roleDenies(role, "changing the timeline"));
  await inTransaction(ctx, async ({ tx, emit }) => {
    await lockProject(tx, phase.projectId);
    const { count } = await tx.projectPhase.deleteMany({ where: { id: phaseId } });
    if (!count) throw notFound("Phase");
    await tx.$executeRaw`UPDATE project_phases SET position = position - 1, version = version + 1 WHERE project_id = ${phase.projectId}::uuid AND position > ${phase.position}`;
    await recordActivity(tx, [{ workspaceId: phase.workspaceId, actorId: userId, entityType: "phase", entityId: phaseId, action: "deleted", before: { name: phase.name } }]);
    emit({ type: "phase.deleted", workspaceId: phase.workspaceId, actorId: userId, data: { id: phaseId, projectId: phase.projectId }, rooms: [`project:${phase.projectId}`] });
  });
}

/** The new order of the project's phases: every phase exactly once (400 otherwise). */
export async function reorderPhases(ctx: AppContext, userId: string, projectId: string, order: string[]): Promise<PresentedPhase[]> {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canEditTimeline(role), roleDenies(role, "changing the timeline"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockProject(tx, projectId);
    const rows = await tx.projectPhase.findMany({ where: { projectId }, select: { id: true, position: true } });
    const known = new Set(rows.map((r) => r.id));
    const stranger = order.find((id) => !known.has(id));
    if (stranger) throw invalid("order", `${stranger} is not a phase of this project`, "The order names a phase that is not in this project");
    if (order.length !== rows.length) throw invalid("order", `must list all ${rows.length} phases of the project`, "The order must list every phase of the project once");
    const position = new Map(rows.map((r) => [r.id, r.position]));
    for (const [i, id] of order.entries()) {
      if (position.get(id) !== i) await tx.projectPhase.update({ where: { id }, data: { position: i, version: { increment: 1 } } });
    }
    await recordActivity(tx, [{ workspaceId: project.workspaceId, actorId: userId, entityType: "project", entityId: projectId, action: "phases_reordered", after: { order } }]);
    emit({ type: "phase.reordered", workspaceId: project.workspaceId, actorId: userId, data: { projectId, order }, rooms: [`project:${projectId}`] });
    return presentProjectPhases(tx, projectId);
  });
}

// ---- milestones -----------------------------------------------------------------

async function assertPhaseOfProject(tx: Tx, projectId: string, phaseId: string | null | undefined) {
  if (!phaseId) return;
  const p = await tx.projectPhase.findUnique({ where: { id: phaseId }, select: { projectId: true } });
  if (!p || p.projectId !== projectId) throw invalid("phaseId", "is not a phase of this project", "A milestone can only be on a phase of its project");
}

export async function createMilestone(ctx: AppContext, userId: string, projectId: string, input: MilestoneInput): Promise<PresentedMilestone> {
  const { project, role } = await loadProject(ctx, userId, projectId);
  enforce(canEditTimeline(role), roleDenies(role, "planning the timeline"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await lockProject(tx, projectId);
    if ((await tx.milestone.count({ where: { projectId } })) >= MAX_MILESTONES) throw conflict(`A project has at most ${MAX_MILESTONES} milestones.`);
    await assertPhaseOfProject(tx, projectId, input.phaseId);
    const m = await tx.milestone.create({ data: { projectId, workspaceId: project.workspaceId, name: input.name, date: fromIsoDay(input.date), done: input.done, phaseId: input.phaseId ?? null } });
    await recordActivity(tx, [{ workspaceId: project.workspaceId, actorId: userId, entityType: "milestone", entityId: m.id, action: "created", after: { name: m.name, projectId } }]);
    const presented = presentMilestone(m);
    emitMilestone(emit, "milestone.created", userId, project.workspaceId, presented);
    return presented;
  });
}

const MILESTONE_FIELDS = ["name", "date", "done", "phaseId"] as const;

export async function updateMilestone(ctx: AppContext, userId: string, milestoneId: string, input: MilestoneUpdate): Promise<PresentedMilestone> {
  const { milestone, role } = await loadMilestone(ctx, userId, milestoneId);
  enforce(canEditTimeline(role), roleDenies(role, "changing the timeline"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    await assertPhaseOfProject(tx, milestone.projectId, input.phaseId);
    await updateVersioned({
      resource: "milestone",
      expected: input.version,
      claim: (version) =>
        tx.milestone.updateMany({
          where: { id: milestoneId, ...version },
          data: { name: input.name, date: input.date ? fromIsoDay(input.date) : undefined, done: input.done, phaseId: input.phaseId, version: { increment: 1 } },
        }),
      current: async () => presentMilestone(await tx.milestone.findUniqueOrThrow({ where: { id: milestoneId } })),
    });
    const after = presentMilestone(await tx.milestone.findUniqueOrThrow({ where: { id: milestoneId } }));
    const subject = { workspaceId: milestone.workspaceId, actorId: userId, entityType: "milestone", entityId: milestoneId };
    await recordActivity(tx, fieldChanges(subject, MILESTONE_FIELDS, input, presentMilestone(milestone), after, (m, f) => m[f]));
    emitMilestone(emit, "milestone.updated", userId, milestone.workspaceId, after);
    return after;
  });
}

export async function deleteMilestone(ctx: AppContext, userId: string, milestoneId: string): Promise<void> {
  const { milestone, role } = await loadMilestone(ctx, userId, milestoneId);
  enforce(canEditTimeline(role), roleDenies(role, "changing the timeline"));
  await inTransaction(ctx, async ({ tx, emit }) => {
    const { count } = await tx.milestone.deleteMany({ where: { id: milestoneId } });
    if (!count) throw notFound("Milestone");
    await recordActivity(tx, [{ workspaceId: milestone.workspaceId, actorId: userId, entityType: "milestone", entityId: milestoneId, action: "deleted", before: { name: milestone.name } }]);
    emit({ type: "milestone.deleted", workspaceId: milestone.workspaceId, actorId: userId, data: { id: milestoneId, projectId: milestone.projectId }, rooms: [`project:${milestone.projectId}`] });
  });
}
