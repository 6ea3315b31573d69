import { ApiError } from "../../lib/api";

/** Why a breakdown could not start or finish, as shown to the user: a title, the server's message, and whether trying again can help. */
export interface BreakdownProblem {
  code: string;
  title: string;
  message: string;
  /** Trying again may work (false: it needs someone else to act first, e.g. a role change). */
  retry: boolean;
  /** The owner can fix it in Settings → AI (budget). */
  settings?: boolean;
}

const TITLES: Record<string, { title: string; retry?: boolean; settings?: boolean }> = {
  AI_BUDGET_EXCEEDED: { title: "This month's AI budget is spent", settings: true },
  RATE_LIMITED: { title: "Too many AI requests right now" },
  AI_UNAVAILABLE: { title: "The AI provider isn't answering" },
  AI_INVALID_OUTPUT: { title: "The model's answer wasn't usable" },
  JOB_LOST: { title: "The breakdown was lost" },
  FORBIDDEN: { title: "You can't use AI on this task", retry: false },
  NETWORK_ERROR: { title: "Can't reach the server" },
};

/** A problem from a job's `error` ({code, message}) or from a failed request. */
export function breakdownProblem(source: { code: string; message: string } | unknown): BreakdownProblem {
  let code = "INTERNAL_ERROR";
  let message = "The breakdown failed unexpectedly. Try again.";
  if (source instanceof ApiError) {
    code = source.code;
    message = source.message;
    if (source.code === "RATE_LIMITED" && source.retryAfter) {
      const wait = source.retryAfter >= 90 ? `${Math.ceil(source.retryAfter / 60)} minutes` : `${source.retryAfter} seconds`;
      if (!/try again in/i.test(message)) message = `${message.replace(/\.?$/, ".")} Try again in ${wait}.`;
    }
  } else if (source && typeof source === "object" && "code" in source && "message" in source) {
    code = String((source as { code: unknown }).code);
    message = String((source as { message: unknown }).message) || message;
  } else if (source instanceof Error && source.message) {
    message = source.message;
  }
  const known = TITLES[code];
  return { code, title: known?.title ?? "The breakdown failed", message, retry: known?.retry ?? true, settings: known?.settings };
}

/** A job the server no longer has for us (cleaned up after its retention, or never ours). */
export const LOST_JOB: BreakdownProblem = {
  code: "JOB_LOST",
  title: "The breakdown was lost",
  message: "This breakdown is no longer available on the server (finished breakdowns are kept for a few days). Start a new one.",
  retry: true,
};
