import { paginationQuery, text, uuid, versionField, versionInput, z } from "../../lib/zod";

/** The largest artifact accepted, in characters of Markdown (a long requirements document is ~50 000). */
export const MAX_ARTIFACT_CHARS = 200_000;

export const artifactType = z.enum(["user_story", "acceptance_criteria", "requirements", "blueprint", "note"]).openapi("ArtifactType");

const summaryShape = {
  id: uuid,
  projectId: uuid,
  threadId: uuid.nullable(),
  type: artifactType,
  title: z.string(),
  version: versionField,
  createdBy: uuid.nullable(),
  sourceMessageId: uuid.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
export const artifactSummary = z.object(summaryShape).openapi("ArtifactSummary");
export const artifact = z.object({ ...summaryShape, content: z.string() }).openapi("Artifact");

export const artifactVersion = z
  .object({ artifactId: uuid, version: z.number().int(), title: z.string(), content: z.string(), editedBy: uuid.nullable(), createdAt: z.string() })
  .openapi("ArtifactVersion");
export const artifactVersionSummary = artifactVersion.omit({ content: true }).openapi("ArtifactVersionSummary");

const title = text.trim().min(1, "must not be empty").max(200);
const content = text.max(MAX_ARTIFACT_CHARS, `must be at most ${MAX_ARTIFACT_CHARS} characters`);

export const createArtifactBody = z.object({ type: artifactType, title, content, threadId: uuid.nullable().optional() }).strict().openapi("CreateArtifactRequest");
export const updateArtifactBody = z
  .object({ title: title.optional(), content: content.optional(), type: artifactType.optional(), version: versionInput.optional() })
  .strict()
  .openapi("UpdateArtifactRequest");

export const listArtifactsQuery = z
  .object({ ...paginationQuery, type: artifactType.optional(), threadId: uuid.optional(), q: text.trim().min(1).max(200).optional().openapi({ description: "Part of the title" }) })
  .strict();
export const listVersionsQuery = z.object(paginationQuery).strict();

/** `{version}` is a path segment: anything that is not a version of the artifact (2, not "two") is a 404, like an unknown id. */
export const versionParams = z.object({ id: uuid, version: text.max(40).openapi({ description: "A version number: 1, 2, …", example: "1" }) }).strict();
export const diffQuery = z
  .object({ from: z.coerce.number().int().min(1).max(2_147_483_647), to: z.coerce.number().int().min(1).max(2_147_483_647) })
  .strict();
export const exportQuery = z.object({ format: z.enum(["md", "pdf", "docx"], { error: "must be md, pdf or docx" }) }).strict();

export const diffLine = z.object({ kind: z.enum(["added", "removed", "context"]), text: z.string() }).openapi("ArtifactDiffLine");
export const artifactDiff = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    fromTitle: z.string(),
    toTitle: z.string(),
    added: z.number().int(),
    removed: z.number().int(),
    hunks: z.array(z.object({ oldStart: z.number().int(), oldLines: z.number().int(), newStart: z.number().int(), newLines: z.number().int(), lines: z.array(diffLine) })),
    unified: z.string().openapi({ description: "The same diff as a unified-diff text" }),
  })
  .openapi("ArtifactDiff");

export type ArtifactTypeName = z.infer<typeof artifactType>;
export type CreateArtifactInput = z.infer<typeof createArtifactBody>;
export type UpdateArtifactInput = z.infer<typeof updateArtifactBody>;
export type ListArtifactsQuery = z.infer<typeof listArtifactsQuery>;
export type ExportFormat = z.infer<typeof exportQuery>["format"];
