import { text, uuid, versionField, versionInput, z } from "../../lib/zod";

const name = text.trim().min(1, "must not be empty").max(50, "must be at most 50 characters");
const color = text.regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #22c55e").openapi({ example: "#22c55e" });

export const label = z.object({ id: uuid, workspaceId: uuid, name: z.string(), color: z.string(), version: versionField, createdAt: z.string() }).openapi("Label");
export const workspaceParams = z.object({ workspaceId: uuid }).strict();
export const createLabelBody = z.object({ name, color: color.optional() }).strict().openapi("CreateLabelRequest");
export const updateLabelBody = z.object({ name: name.optional(), color: color.optional(), version: versionInput.optional() }).strict().openapi("UpdateLabelRequest");

export type LabelInput = z.infer<typeof createLabelBody>;
export type LabelUpdate = z.infer<typeof updateLabelBody>;
