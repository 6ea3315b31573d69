import type { AppContext } from "../../http/context";
import { created, defineRoute, ok, type AnyRoute } from "../../http/route";
import { envelope, idParams, z } from "../../lib/zod";
import { taskSchema } from "../tasks";
import { getJob, presentJob } from "./ai-jobs";
import { aiJob, applyBody, jobIdData } from "./breakdown.schema";
import { applyBreakdown, startBreakdown } from "./breakdown.service";

const tags = ["AI"];
const notConfigured = { 503: { description: "No AI provider is configured (AI_NOT_CONFIGURED): the message names the AI_* variables to set" } };

/** The AI task breakdown (SPEC §4.6): queue it, follow its job, apply the chosen suggestions. */
export function breakdownRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "post",
      path: "/tasks/:id/ai-breakdown",
      summary: "Ask the AI to break the task into 3–10 suggested subtasks (a job on queue ai; nothing is created until applied)",
      description:
        "Answers 202 with the job id; follow it with GET /jobs/:id. While your breakdown of this task is queued or running, asking again answers the same job. Needs the right to change the task. 429 AI_BUDGET_EXCEEDED when this month's budget is already spent; budget, the hourly AI limit and provider failures met while the job runs fail the job with their code.",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 202: { description: "Queued", schema: envelope(jobIdData) }, ...notConfigured },
      handler: async ({ auth, params }) => ({ status: 202, body: { data: await startBreakdown(ctx, auth.userId, params.id) } }),
    }),
    defineRoute({
      method: "get",
      path: "/jobs/:id",
      summary: "State, progress (0–100), result and error of one of your AI jobs (another user's job is 404)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The job", schema: envelope(aiJob) } },
      handler: async ({ auth, params }) => ok(presentJob(await getJob(ctx, auth.userId, params.id))),
    }),
    defineRoute({
      method: "post",
      path: "/tasks/:id/ai-breakdown/apply",
      summary: "Create the chosen suggestions of your completed breakdown as subtasks of the task (one transaction; once per job)",
      description: "`indices` pick suggestions of the job's result (in range, no repeats, at least one); `edits` change a chosen one's title or estimate. The estimate and confidence are written into the subtask's description.",
      tags,
      auth: "required",
      request: { params: idParams, body: applyBody },
      responses: { 201: { description: "The created subtasks", schema: envelope(z.array(taskSchema)) }, 409: { description: "The job is not completed, or was already applied" }, ...notConfigured },
      handler: async ({ auth, params, body }) => created(await applyBreakdown(ctx, auth.userId, params.id, body)),
    }),
  ];
}
