import { uuid, z } from "../../lib/zod";

/** What the model must answer (SPEC §4.6): 3–10 subtasks. Checked with zod; one repair retry on failure. */
export const suggestion = z.object({
  title: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  description: z.string().max(5000, "must be at most 5,000 characters").default(""),
  estimatedHours: z.number().min(0, "must be 0 or more").max(1000, "must be at most 1000"),
  confidence: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
});
export type Suggestion = z.infer<typeof suggestion>;

export const breakdownOutput = z.object({ subtasks: z.array(suggestion).min(3, "must have at least 3 items").max(10, "must have at most 10 items") });

export const jobIdData = z.object({ jobId: uuid });

export const breakdownResult = z
  .object({
    subtasks: z.array(suggestion),
    provider: z.string().openapi({ description: "The provider kind that answered" }),
    model: z.string(),
    fallback: z.boolean(),
    repaired: z.boolean().openapi({ description: "The first answer was invalid and the repair retry fixed it" }),
  })
  .openapi("AiBreakdownResult");

export const aiJob = z
  .object({
    id: uuid,
    kind: z.string().openapi({ example: "task_breakdown" }),
    taskId: uuid.nullable(),
    state: z.enum(["queued", "running", "completed", "failed"]),
    progress: z.number().int().min(0).max(100),
    result: breakdownResult.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable().openapi({ description: "Why it failed (AI_INVALID_OUTPUT, AI_BUDGET_EXCEEDED, RATE_LIMITED, AI_UNAVAILABLE, …)" }),
    appliedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("AiJob");

const edit = z
  .object({
    title: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
    estimatedHours: z.number().min(0, "must be 0 or more").max(1000, "must be at most 1000").optional(),
  })
  .strict();

export const applyBody = z
  .object({
    jobId: uuid,
    indices: z
      .array(z.number().int("must be whole numbers").min(0, "must be 0 or more"))
      .min(1, "choose at least one suggestion")
      .max(10, "at most 10")
      .refine((xs) => new Set(xs).size === xs.length, "must not repeat an index"),
    edits: z.record(z.string().regex(/^\d+$/, "keys are indices"), edit).optional().openapi({ description: "Changes per chosen index, e.g. {\"2\": {\"title\": \"…\"}}" }),
  })
  .strict()
  .openapi("AiBreakdownApplyRequest");
export type ApplyInput = z.infer<typeof applyBody>;
