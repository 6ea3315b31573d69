import type { Prisma, TaskStatus } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { AppError } from "../../lib/errors";
import { enforce, roleDenies } from "../../access/permissions";
import { versionRequired } from "../../db/versioned";
import { inTransaction } from "../../events/unit-of-work";
import { recordActivity } from "../activity";
import { presentTask, taskInclude } from "./tasks.presenter";
import { emitTask } from "./tasks.events";
import { canUpdateTask } from "./tasks.policy";
import { POSITION_STEP } from "./task-insert";
import { loadTask, writeTaskAtVersion } from "./tasks.service";

/** Moving cards on the board: positions between neighbours, renumbering a column that ran out of room. */

type Tx = Prisma.TransactionClient;

/** Below this gap the column is renumbered (floats run out of room after ~50 halvings). */
const MIN_GAP = 1e-6;

/** The position after the last card of a column (insertTask computes the same in its SQL). */
export async function endOfColumn(tx: Tx, projectId: string | null, status: TaskStatus) {
  if (!projectId) return 0;
  const last = await tx.task.findFirst({ where: { projectId, status, deletedAt: null }, orderBy: { position: "desc" }, select: { position: true } });
  return (last?.position ?? 0) + POSITION_STEP;
}

/**
 * Moves a card to a column and between two neighbours by giving it a position
 * between theirs: one row written. When floats run out of room between the
 * neighbours, the column is renumbered in the same transaction.
 */
export async function moveTask(ctx: AppContext, userId: string, taskId: string, input: { status: TaskStatus; beforeId?: string; afterId?: string; version?: number }) {
  const { task, role } = await loadTask(ctx, userId, taskId);
  enforce(canUpdateTask(role), roleDenies(role, "moving tasks"));
  const version = versionRequired(input.version, "task");
  if (!task.projectId) throw new AppError("VALIDATION_ERROR", "Personal tasks are not on a board; change their status instead", [{ field: "status", message: "use PATCH for personal tasks" }]);
  return inTransaction(ctx, async ({ tx, emit }) => {
    const neighbour = async (id: string | undefined, field: string) => {
      if (!id) return undefined;
      const n = await tx.task.findUnique({ where: { id }, select: { projectId: true, status: true, position: true, deletedAt: true } });
      if (!n || n.deletedAt || n.projectId !== task.projectId || id === taskId) {
        throw new AppError("VALIDATION_ERROR", "Invalid neighbour card", [{ field, message: "must be another task of the same project" }]);
      }
      if (n.status !== input.status) throw new AppError("VALIDATION_ERROR", "Invalid neighbour card", [{ field, message: "is not in the target column" }]);
      return n.position;
    };
    let above = await neighbour(input.beforeId, "beforeId");
    let below = await neighbour(input.afterId, "afterId");
    // No room between them, or a tie (two cards created at once share a position): renumber the column first.
    if (above !== undefined && below !== undefined && below - above < MIN_GAP) {
      await renumberColumn(tx, task.projectId!, input.status);
      above = await neighbour(input.beforeId, "beforeId");
      below = await neighbour(input.afterId, "afterId");
    }
    if (above !== undefined && below !== undefined && above >= below) {
      throw new AppError("VALIDATION_ERROR", "beforeId must be above afterId", [{ field: "afterId", message: "is not below beforeId" }]);
    }
    const position =
      above !== undefined && below !== undefined
        ? (above + below) / 2
        : above !== undefined
          ? above + POSITION_STEP
          : below !== undefined
            ? below - POSITION_STEP
            : await endOfColumn(tx, task.projectId, input.status);
    const statusChanged = input.status !== task.status;
    await writeTaskAtVersion(tx, taskId, version, { status: input.status, position, ...(statusChanged ? { completedAt: input.status === "DONE" ? ctx.now() : null } : {}) });
    if (statusChanged) {
      await recordActivity(tx, [{ workspaceId: task.workspaceId, actorId: userId, entityType: "task", entityId: taskId, action: "moved", field: "status", before: task.status, after: input.status }]);
    }
    const row = await tx.task.findUniqueOrThrow({ where: { id: taskId }, include: taskInclude });
    emitTask(emit, "task.moved", userId, presentTask(row));
    return row;
  });
}

async function renumberColumn(tx: Tx, projectId: string, status: TaskStatus) {
  await tx.$executeRaw`
    UPDATE tasks t SET position = r.rn * ${POSITION_STEP}
      FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rn FROM tasks WHERE project_id = ${projectId}::uuid AND status = ${status}::"TaskStatus" AND deleted_at IS NULL) r
     WHERE t.id = r.id`;
}

