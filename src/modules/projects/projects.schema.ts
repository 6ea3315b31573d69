import { isoDate, paginationQuery, text, uuid, z } from "../../lib/zod";

export const projectStatus = z.enum(["ACTIVE", "ON_HOLD", "COMPLETED", "ARCHIVED"]).openapi("ProjectStatus");

const fields = {
  name: text.trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  key: text
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, "must be 2–10 letters or digits, starting with a letter (e.g. WEB)"))
    .openapi({ type: "string", pattern: "^\\s*[A-Za-z][A-Za-z0-9]{1,9}\\s*$", example: "WEB", description: "2–10 letters or digits, starting with a letter; stored upper-case" }),
  description: text.max(10_000, "must be at most 10,000 characters").nullable(),
  color: text.regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #6366f1").openapi({ example: "#6366f1" }),
  status: projectStatus,
  startDate: isoDate.nullable(),
  endDate: isoDate.nullable(),
  leadId: uuid.nullable(),
};

const datesInOrder = (b: { startDate?: string | null; endDate?: string | null }) => !b.startDate || !b.endDate || b.startDate <= b.endDate;
const datesMessage = { message: "must not be before startDate", path: ["endDate"] };

export const createProjectBody = z
  .object({
    name: fields.name,
    key: fields.key,
    description: fields.description.optional(),
    color: fields.color.optional(),
    status: z.enum(["ACTIVE", "ON_HOLD", "COMPLETED"]).optional(),
    startDate: fields.startDate.optional(),
    endDate: fields.endDate.optional(),
    leadId: fields.leadId.optional(),
  })
  .strict()
  .refine(datesInOrder, datesMessage)
  .openapi("CreateProjectRequest");

export const updateProjectBody = z
  .object({
    name: fields.name.optional(),
    key: fields.key.optional(),
    description: fields.description.optional(),
    color: fields.color.optional(),
    status: fields.status.optional(),
    startDate: fields.startDate.optional(),
    endDate: fields.endDate.optional(),
    leadId: fields.leadId.optional(),
    version: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict()
  .refine(datesInOrder, datesMessage)
  .openapi("UpdateProjectRequest");

export const project = z
  .object({
    id: uuid,
    workspaceId: uuid,
    key: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    color: z.string(),
    status: projectStatus,
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    leadId: uuid.nullable(),
    createdById: uuid.nullable(),
    archivedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Project");

export const listProjectsQuery = z
  .object({
    ...paginationQuery,
    status: projectStatus.optional().openapi({ description: "Only this status (ARCHIVED lists archived projects)" }),
    includeArchived: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
    q: text.trim().max(100).optional().openapi({ description: "Search name or key" }),
    leadId: uuid.optional(),
    sort: z.enum(["name", "-name", "key", "-key", "createdAt", "-createdAt", "updatedAt", "-updatedAt"]).default("name"),
  })
  .strict();

export const workspaceIdParams = z.object({ workspaceId: uuid }).strict();
