import type { AppContext } from "../../http/context";
import { conflict, notFound } from "../../lib/errors";
import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { updateVersioned } from "../../db/versioned";
import { inTransaction, withEvents } from "../../events/unit-of-work";
import { canCreateLabel, canDeleteLabel, canUpdateLabel } from "./labels.policy";
import { presentLabel, type PresentedLabel } from "./labels.presenter";
import type { LabelInput, LabelUpdate } from "./labels.schema";

/** Labels a workspace can put on tasks. */

const MAX_LABELS = 200;
const taken = (n: string) => conflict(`A label named “${n}” already exists.`, [{ field: "name", message: "is already in use" }]);

async function loadLabel(ctx: AppContext, userId: string, id: string) {
  const l = await ctx.db.label.findUnique({ where: { id } });
  if (!l) throw notFound("Label");
  const role = await requireMembership(ctx.db, l.workspaceId, userId).catch(() => {
    throw notFound("Label");
  });
  return { label: l, role };
}

export async function listLabels(ctx: AppContext, userId: string, workspaceId: string): Promise<PresentedLabel[]> {
  await requireMembership(ctx.db, workspaceId, userId);
  return (await ctx.db.label.findMany({ where: { workspaceId }, orderBy: { name: "asc" } })).map(presentLabel);
}

export async function createLabel(ctx: AppContext, userId: string, workspaceId: string, input: LabelInput): Promise<PresentedLabel> {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canCreateLabel(role), roleDenies(role, "creating labels"));
  return inTransaction(ctx, async ({ tx, emit }) => {
    if ((await tx.label.count({ where: { workspaceId } })) >= MAX_LABELS) throw conflict(`A workspace can have at most ${MAX_LABELS} labels.`);
    if (await tx.label.findUnique({ where: { workspaceId_name: { workspaceId, name: input.name } } })) throw taken(input.name);
    const l = presentLabel(await tx.label.create({ data: { workspaceId, name: input.name, color: input.color } }));
    emit({ type: "label.created", workspaceId, actorId: userId, data: l });
    return l;
  });
}

/** Rename or recolour; with `version` (body or If-Match) a stale one answers 409 with the current label. */
export async function updateLabel(ctx: AppContext, userId: string, labelId: string, input: LabelUpdate): Promise<PresentedLabel> {
  const { label: current, role } = await loadLabel(ctx, userId, labelId);
  enforce(canUpdateLabel(role), roleDenies(role, "changing labels"));
  if (input.name && input.name !== current.name && (await ctx.db.label.findUnique({ where: { workspaceId_name: { workspaceId: current.workspaceId, name: input.name } } }))) {
    throw taken(input.name);
  }
  const { version, ...changes } = input;
  return withEvents(ctx, async ({ emit }) => {
    await updateVersioned({
      resource: "label",
      expected: version,
      claim: (v) => ctx.db.label.updateMany({ where: { id: labelId, ...v }, data: { ...changes, version: { increment: 1 } } }),
      current: async () => presentLabel(await ctx.db.label.findUniqueOrThrow({ where: { id: labelId } })),
    });
    const l = presentLabel(await ctx.db.label.findUniqueOrThrow({ where: { id: labelId } }));
    emit({ type: "label.updated", workspaceId: l.workspaceId, actorId: userId, data: l });
    return l;
  });
}

export async function deleteLabel(ctx: AppContext, userId: string, labelId: string): Promise<void> {
  const { label: l, role } = await loadLabel(ctx, userId, labelId);
  enforce(canDeleteLabel(role), roleDenies(role, "deleting labels"));
  await withEvents(ctx, async ({ emit }) => {
    await ctx.db.label.delete({ where: { id: labelId } });
    emit({ type: "label.deleted", workspaceId: l.workspaceId, actorId: userId, data: { id: l.id } });
  });
}
