import { text, uuid, versionInput, z } from "../../lib/zod";

/** The longest answer to one question, in characters. */
export const MAX_ANSWER_CHARS = 5000;
/** The longest text accepted into a section (one recommendation, possibly edited), and all of a section's accepted text together. */
export const MAX_ACCEPT_CHARS = 4000;
export const MAX_NOTES_CHARS = 20_000;

const key = text.min(1).max(80);

export const sectionParams = z.object({ id: uuid, sectionKey: key.openapi({ description: "A section key of the guide, e.g. core-vision", example: "core-vision" }) }).strict();
export const phaseParams = z.object({ id: uuid, phaseKey: key.openapi({ description: "A phase key of the guide, e.g. vision-strategy", example: "vision-strategy" }) }).strict();

export const saveSectionBody = z
  .object({
    answers: z
      .record(key, text.max(MAX_ANSWER_CHARS, `must be at most ${MAX_ANSWER_CHARS} characters`))
      .refine((a) => Object.keys(a).length <= 50, { error: "must hold at most 50 answers" })
      .openapi({ description: "The section's answers by question key; an empty text clears an answer. Replaces the section's answers." }),
    version: versionInput.optional(),
  })
  .strict()
  .openapi("SaveBlueprintSectionRequest");

export const acceptRecommendationBody = z
  .object({
    sectionKey: key.openapi({ description: "The section of this phase the text goes into" }),
    text: text.trim().min(1, "must not be empty").max(MAX_ACCEPT_CHARS, `must be at most ${MAX_ACCEPT_CHARS} characters`),
  })
  .strict()
  .openapi("AcceptBlueprintRecommendationRequest");

const status = z.enum(["todo", "partial", "complete"]).openapi("BlueprintStatus");
const progress = z.object({ answered: z.number().int(), total: z.number().int(), sectionsComplete: z.number().int(), sectionsTotal: z.number().int() }).openapi("BlueprintProgress");
const question = z.object({ key: z.string(), text: z.string(), hint: z.string().optional(), group: z.string().optional() }).openapi("BlueprintQuestion");

export const blueprintSection = z
  .object({
    key: z.string(),
    number: z.string(),
    title: z.string(),
    intro: z.string().optional(),
    phaseKey: z.string(),
    questions: z.array(question),
    answers: z.record(z.string(), z.string()),
    notes: z.string().openapi({ description: "Recommendations accepted into the section (Markdown)" }),
    /** 0 until the first save. */
    version: z.number().int().openapi({ description: "0 until the section is first saved" }),
    status,
    answered: z.number().int(),
    total: z.number().int(),
    markdown: z.string().openapi({ description: "The section as it appears in SYSTEM_BLUEPRINT.md" }),
    updatedAt: z.string().nullable(),
  })
  .openapi("BlueprintSection");

export const blueprintPhase = z
  .object({ key: z.string(), number: z.number().int(), title: z.string(), goal: z.string(), duration: z.string(), recommends: z.string(), status, answered: z.number().int(), total: z.number().int(), sections: z.array(blueprintSection) })
  .openapi("BlueprintPhase");

const artifactRef = z.object({ id: uuid, version: z.number().int(), title: z.string() }).nullable().openapi("BlueprintArtifactRef");

export const blueprint = z
  .object({ threadId: uuid, projectId: uuid, title: z.string(), artifact: artifactRef, progress, phases: z.array(blueprintPhase) })
  .openapi("Blueprint");

export const savedSection = z.object({ section: blueprintSection, artifact: artifactRef, progress }).openapi("BlueprintSectionSaved");

export const recommendation = z
  .object({
    sectionKey: z.string().min(1).max(80),
    category: z.enum(["architecture", "stack", "risk", "gap", "metric", "scope", "process", "other"]),
    title: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(MAX_ACCEPT_CHARS),
  })
  .openapi("BlueprintRecommendation");

/** What the model must answer. */
export const recommendationsOutput = z.object({ recommendations: z.array(recommendation).min(1).max(10) });

export const recommendations = z
  .object({ phaseKey: z.string(), recommendations: z.array(recommendation), provider: z.string(), model: z.string(), fallback: z.boolean(), repaired: z.boolean() })
  .openapi("BlueprintRecommendations");

export type SaveSectionInput = z.infer<typeof saveSectionBody>;
export type AcceptInput = z.infer<typeof acceptRecommendationBody>;
export type Recommendation = z.infer<typeof recommendation>;
