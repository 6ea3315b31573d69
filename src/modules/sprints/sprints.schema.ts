import { isoDate, text, uuid, versionField, versionInput, z } from "../../lib/zod";

export const sprintStatus = z.enum(["PLANNED", "ACTIVE", "COMPLETED"]).openapi("SprintStatus");
export const sprint = z
  .object({
    id: uuid,
    projectId: uuid,
    name: z.string(),
    goal: z.string().nullable(),
    status: sprintStatus,
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    completedPoints: z.number().int().nullable(),
    taskCount: z.number().int(),
    points: z.number().int(),
    version: versionField,
    createdAt: z.string(),
  })
  .openapi("Sprint");
const inOrder = (b: { startDate?: string | null; endDate?: string | null }) => !b.startDate || !b.endDate || b.startDate <= b.endDate;
const sprintFields = {
  name: text.trim().min(1, "must not be empty").max(100),
  goal: text.max(1000).nullable().optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
};
export const createSprintBody = z.object(sprintFields).strict().refine(inOrder, { message: "must not be before startDate", path: ["endDate"] }).openapi("CreateSprintRequest");
export const updateSprintBody = z
  .object({ ...sprintFields, name: sprintFields.name.optional(), version: versionInput.optional() })
  .strict()
  .refine(inOrder, { message: "must not be before startDate", path: ["endDate"] })
  .openapi("UpdateSprintRequest");
export const completeSprintBody = z
  .object({ carryOverTo: z.union([uuid, z.literal("backlog")]).default("backlog").openapi({ description: "A planned sprint of the project, or backlog" }) })
  .strict()
  .openapi("CompleteSprintRequest");

export const listSprintsQuery = z.object({ status: sprintStatus.optional() }).strict();

export type SprintInput = z.infer<typeof createSprintBody>;
export type SprintUpdate = z.infer<typeof updateSprintBody>;
