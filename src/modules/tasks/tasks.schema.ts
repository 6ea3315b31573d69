import { dateTime, paginationQuery, text, uuid, versionField, versionInput, z } from "../../lib/zod";

export const taskStatus = z.enum(["TODO", "IN_PROGRESS", "IN_REVIEW", "BLOCKED", "DONE", "ARCHIVED"]).openapi("TaskStatus");
export const taskPriority = z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]).openapi("TaskPriority");

const assigneeIds = z
  .array(uuid)
  .max(20, "at most 20 assignees")
  .refine((ids) => new Set(ids).size === ids.length, "must not repeat a user");

const fields = {
  title: text.trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  description: text.max(50_000, "must be at most 50,000 characters").nullable(),
  status: taskStatus,
  priority: taskPriority,
  storyPoints: z.number().int().min(1, "must be 1–21").max(21, "must be 1–21").nullable(),
  dueDate: dateTime.nullable(),
  assigneeIds,
  parentId: uuid.nullable(),
  sprintId: uuid.nullable(),
  labelIds: z
    .array(uuid)
    .max(20, "at most 20 labels")
    .refine((ids) => new Set(ids).size === ids.length, "must not repeat a label"),
};

export const createTaskBody = z
  .object({
    title: fields.title,
    description: fields.description.optional(),
    status: fields.status.optional(),
    priority: fields.priority.optional(),
    storyPoints: fields.storyPoints.optional(),
    dueDate: fields.dueDate.optional(),
    assigneeIds: fields.assigneeIds.optional(),
    labelIds: fields.labelIds.optional(),
    parentId: fields.parentId.optional(),
    sprintId: fields.sprintId.optional(),
  })
  .strict()
  .openapi("CreateTaskRequest");

/** POST /tasks: a project task (projectId), or a personal one in workspaceId, or without either in the caller's first workspace. */
export const createMyTaskBody = createTaskBody
  .extend({
    workspaceId: uuid.optional().openapi({ description: "Personal task: the workspace it lives in; default your first workspace" }),
    projectId: uuid.optional().openapi({ description: "Project task: the project it goes into" }),
  })
  .strict()
  .openapi("CreateMyTaskRequest");

export const updateTaskBody = z
  .object({
    title: fields.title.optional(),
    description: fields.description.optional(),
    status: fields.status.optional(),
    priority: fields.priority.optional(),
    storyPoints: fields.storyPoints.optional(),
    dueDate: fields.dueDate.optional(),
    assigneeIds: fields.assigneeIds.optional(),
    labelIds: fields.labelIds.optional(),
    parentId: fields.parentId.optional(),
    sprintId: fields.sprintId.optional(),
    version: versionInput.optional(),
  })
  .strict()
  .openapi("UpdateTaskRequest");

export const moveTaskBody = z
  .object({
    status: fields.status,
    beforeId: uuid.optional().openapi({ description: "The card that will be directly above the moved one" }),
    afterId: uuid.optional().openapi({ description: "The card that will be directly below the moved one" }),
    version: versionInput.optional(),
  })
  .strict()
  .openapi("MoveTaskRequest");

const statusList = text
  .max(200)
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(taskStatus).min(1));

const listFilters = {
  ...paginationQuery,
  status: statusList.optional().openapi({ description: "One status or several, comma-separated (e.g. TODO,IN_PROGRESS)", type: "string" }),
  assigneeId: uuid.optional(),
  labelId: uuid.optional(),
  sprintId: z.union([uuid, z.literal("none")]).optional().openapi({ description: "A sprint id, or none for the backlog" }),
  priority: taskPriority.optional(),
  dueBefore: dateTime.optional(),
  dueAfter: dateTime.optional(),
  q: text.trim().min(1).max(200).optional().openapi({ description: "Words in the title or description" }),
  parentId: uuid.optional(),
  sort: z.enum(["position", "-createdAt", "createdAt", "dueDate", "-dueDate", "priority", "-priority", "number", "-number", "-updatedAt"]).default("position"),
};

export const listProjectTasksQuery = z.object(listFilters).strict();
export const listMyTasksQuery = z
  .object({ ...listFilters, sort: listFilters.sort.default("-createdAt"), workspaceId: uuid.optional(), projectId: uuid.optional() })
  .strict();

export const task = z
  .object({
    id: uuid,
    key: z.string().nullable().openapi({ description: "PROJECTKEY-number; null for personal tasks" }),
    workspaceId: uuid,
    projectId: uuid.nullable(),
    number: z.number().int().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    status: taskStatus,
    priority: taskPriority,
    storyPoints: z.number().int().nullable(),
    dueDate: z.string().nullable(),
    position: z.number(),
    parentId: uuid.nullable(),
    sprintId: uuid.nullable(),
    assignees: z.array(z.object({ id: uuid, name: z.string() })),
    labels: z.array(z.object({ id: uuid, name: z.string(), color: z.string() })),
    subtaskCount: z.number().int(),
    createdById: uuid,
    completedAt: z.string().nullable(),
    deletedAt: z.string().nullable(),
    version: versionField,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Task");

export const projectIdParams = z.object({ projectId: uuid }).strict();

// ---- bulk -------------------------------------------------------------------

const ids = z
  .array(uuid)
  .min(1)
  .max(100, "at most 100 tasks at once")
  .refine((v) => new Set(v).size === v.length, "must not repeat a task");

export const bulkBody = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("move"), ids, status: taskStatus }).strict(),
    z.object({ action: z.literal("assign"), ids, assigneeIds: z.array(uuid).max(20).refine((v) => new Set(v).size === v.length, "must not repeat a user") }).strict(),
    z.object({ action: z.literal("close"), ids }).strict(),
    z.object({ action: z.literal("delete"), ids }).strict(),
  ])
  .openapi("BulkTasksRequest");

export type BulkTasksInput = z.infer<typeof bulkBody>;
