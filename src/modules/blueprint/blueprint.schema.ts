import { text, uuid, z } from "../../lib/zod";

/** The longest answer to one question, in characters. */
export const MAX_ANSWER_CHARS = 5000;
/** The longest text accepted into a section (one recommendation, possibly edited), and all of a section's accepted text together. */
export const MAX_ACCEPT_CHARS = 4000;
export const MAX_NOTES_CHARS = 20_000;

const key = text.min(1).max(80);

export const sectionParams = z.object({ id: uuid, sectionKey: key.openapi({ description: "A section key of the guide, e.g. core-vision", example: "core-vision" }) }).strict();
export const recommendationParams = z
  .object({ id: uuid, phaseKey: key.openapi({ description: "A phase key of the guide", example: "vision-strategy" }), recommendationId: uuid })
  .strict();
export const phaseParams = z.object({ id: uuid, phaseKey: key.openapi({ description: "A phase key of the guide, e.g. vision-strategy", example: "vision-strategy" }) }).strict();

export const saveSectionBody = z
  .object({
    answers: z
      .record(key, text.max(MAX_ANSWER_CHARS, `must be at most ${MAX_ANSWER_CHARS} characters`))
      .refine((a) => Object.keys(a).length <= 50, { error: "must hold at most 50 answers" })
      .openapi({ description: "The section's answers by question key; an empty text clears an answer. Replaces the section's answers." }),
    version: z
      .number()
      .int()
      .min(0)
      .max(2_147_483_647)
      .optional()
      .openapi({ description: "The section version you read (0 for a section never saved); a stale one answers 409 with the current section. May be sent as If-Match instead." }),
  })
  .strict()
  .openapi("SaveBlueprintSectionRequest");

export const acceptRecommendationBody = z
  .object({
    sectionKey: key.openapi({ description: "The section of this phase the text goes into" }),
    text: text.trim().min(1, "must not be empty").max(MAX_ACCEPT_CHARS, `must be at most ${MAX_ACCEPT_CHARS} characters`),
    recommendationId: uuid.optional().openapi({ description: "The stored recommendation this text comes from; it leaves the phase's stored recommendations" }),
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

export const recommendation = z
  .object({
    sectionKey: z.string().min(1).max(80),
    category: z.enum(["architecture", "stack", "risk", "gap", "metric", "scope", "process", "other"]),
    title: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(MAX_ACCEPT_CHARS),
  })
  .openapi("BlueprintRecommendation");

/** A recommendation as stored for the phase, with the id that accepting or dismissing it names. */
export const storedRecommendation = recommendation.extend({ id: uuid }).openapi("BlueprintStoredRecommendation");

/** The phase's last recommendations still open (neither accepted nor dismissed). */
export const recommendationSet = z
  .object({
    phaseKey: z.string(),
    recommendations: z.array(storedRecommendation),
    provider: z.string(),
    model: z.string(),
    fallback: z.boolean(),
    repaired: z.boolean(),
    madeAt: z.string().openapi({ description: "When the provider made them" }),
    stale: z.boolean().openapi({ description: "The answers changed since they were made" }),
  })
  .openapi("BlueprintRecommendations");

export const blueprintPhase = z
  .object({
    key: z.string(),
    number: z.number().int(),
    title: z.string(),
    goal: z.string(),
    duration: z.string(),
    recommends: z.string(),
    status,
    answered: z.number().int(),
    total: z.number().int(),
    sections: z.array(blueprintSection),
    recommendations: recommendationSet.nullable().openapi({ description: "The last recommendations made for the phase that are still open, null when none were asked for" }),
  })
  .openapi("BlueprintPhase");

const artifactRef = z.object({ id: uuid, version: z.number().int(), title: z.string() }).nullable().openapi("BlueprintArtifactRef");

export const blueprint = z
  .object({ threadId: uuid, projectId: uuid, title: z.string(), artifact: artifactRef, progress, phases: z.array(blueprintPhase) })
  .openapi("Blueprint");

export const savedSection = z.object({ section: blueprintSection, artifact: artifactRef, progress }).openapi("BlueprintSectionSaved");

/** What the model must answer. */
export const recommendationsOutput = z.object({ recommendations: z.array(recommendation).min(1).max(10) });


export type SaveSectionInput = z.infer<typeof saveSectionBody>;
export type AcceptInput = z.infer<typeof acceptRecommendationBody>;
export type Recommendation = z.infer<typeof recommendation>;
export type StoredRecommendation = z.infer<typeof storedRecommendation>;
