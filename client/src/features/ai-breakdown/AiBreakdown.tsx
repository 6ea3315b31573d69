import { Settings2, Sparkles, TriangleAlert, X } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { Button, IconButton } from "../../components/ui/Button";
import { Spinner } from "../../components/ui/Spinner";
import { ApiError } from "../../lib/api";
import { can } from "../../lib/permissions";
import { useMe } from "../../lib/session";
import type { Task } from "../tasks/tasks.api";
import { rememberedJob, rememberJob, useAiJob, useAiStatus, useStartBreakdown } from "./ai-breakdown.api";
import { breakdownProblem, LOST_JOB, type BreakdownProblem } from "./breakdown-errors";
import { BreakdownReview } from "./BreakdownReview";

/**
 * "Break down with AI" in the task drawer (SPEC §4.6): start a breakdown job,
 * follow its progress, review the suggested subtasks as cards, apply the chosen
 * ones. Nothing is created before "Apply selected". Without a provider it shows
 * the server's message naming the AI_* variables where the button would be.
 * Shown only to those who may change the task and use AI.
 */
export function AiBreakdown({ task, canEdit }: { task: Task; canEdit: boolean }) {
  const me = useMe().data;
  const workspace = me?.workspaces.find((w) => w.id === task.workspaceId);
  const canUse = canEdit && can(workspace, "ai:use");
  if (!canUse) return null;
  return <AiBreakdownPanel key={task.id} task={task} />;
}

function AiBreakdownPanel({ task }: { task: Task }) {
  const status = useAiStatus(true);
  const [jobId, setJobIdState] = useState<string | null>(() => rememberedJob(task.id));
  const [startProblem, setStartProblem] = useState<unknown>(null);
  const [applied, setApplied] = useState<number | null>(null);
  // Focus follows the user's own actions (start, retry, apply), not the drawer opening.
  const [acted, setActed] = useState(false);
  const job = useAiJob(jobId);
  const start = useStartBreakdown(task.id);

  const setJobId = (id: string | null) => {
    rememberJob(task.id, id);
    setJobIdState(id);
  };

  const begin = () => {
    setActed(true);
    setApplied(null);
    setStartProblem(null);
    start.mutate(undefined, {
      onSuccess: ({ jobId: id }) => setJobIdState(id), // remembered by the mutation itself
      onError: (error) => {
        setJobId(null);
        setStartProblem(error);
      },
    });
  };
  const dismiss = () => {
    setActed(true);
    setStartProblem(null);
    setJobId(null);
  };

  const data = job.data;
  // An applied breakdown is done with: back to the button.
  const appliedElsewhere = data?.state === "completed" && !!data.appliedAt;
  useEffect(() => {
    if (appliedElsewhere) setJobId(null);
  }, [appliedElsewhere]); // eslint-disable-line react-hooks/exhaustive-deps

  const notConfigured = status.data?.configured === false || (startProblem instanceof ApiError && startProblem.code === "AI_NOT_CONFIGURED");
  let body: ReactNode;
  if (notConfigured) {
    const message = startProblem instanceof ApiError && startProblem.code === "AI_NOT_CONFIGURED" ? startProblem.message : (status.data?.message ?? "No AI provider is configured on this server.");
    body = <NotConfigured message={message} />;
  } else if (start.isPending) {
    body = <Progress progress={0} label="Starting the breakdown…" autoFocus={acted} />;
  } else if (startProblem) {
    body = <Failure problem={breakdownProblem(startProblem)} onRetry={begin} onDismiss={dismiss} workspaceId={task.workspaceId} autoFocus={acted} />;
  } else if (jobId && job.error instanceof ApiError && job.error.status === 404) {
    body = <Failure problem={LOST_JOB} onRetry={begin} onDismiss={dismiss} workspaceId={task.workspaceId} autoFocus={acted} />;
  } else if (jobId && !data) {
    body = job.isError ? <Offline onRetry={() => void job.refetch()} /> : <Progress progress={0} label={acted ? "Starting the breakdown…" : "Loading the breakdown…"} autoFocus={false} />;
  } else if (jobId && data && (data.state === "queued" || data.state === "running")) {
    body = <Progress progress={data.progress} label={stepOf(data.state, data.progress)} since={data.updatedAt} offline={job.isError} autoFocus={acted} />;
  } else if (jobId && data?.state === "failed") {
    body = <Failure problem={breakdownProblem(data.error ?? { code: "INTERNAL_ERROR", message: "The breakdown failed without a reason." })} onRetry={begin} onDismiss={dismiss} workspaceId={task.workspaceId} autoFocus={acted} />;
  } else if (jobId && data?.state === "completed" && !data.appliedAt && data.result) {
    body = (
      <BreakdownReview
        key={data.id}
        task={task}
        job={data}
        autoFocus={acted}
        onApplied={(count) => {
          setActed(true);
          setApplied(count);
          setJobId(null);
        }}
        onDiscard={dismiss}
      />
    );
  } else {
    // Not waiting for /ai/status (its reachability probe can take seconds): an unconfigured server answers the start with 503 and its message.
    body = <Start onStart={begin} applied={applied} autoFocus={acted && applied !== null} />;
  }

  return (
    <section aria-labelledby="ai-breakdown-heading" data-testid="ai-breakdown" className="space-y-2">
      <h3 id="ai-breakdown-heading" className="sr-only">
        Break down with AI
      </h3>
      <div aria-live="polite">{body}</div>
    </section>
  );
}

/** What the job is doing at `progress` (the server reports 10 when it asks the model, 60 when it checks the answer). */
function stepOf(state: "queued" | "running", progress: number): string {
  if (state === "queued" || progress < 10) return "Waiting for a free AI worker…";
  if (progress < 60) return "Asking the model for subtasks…";
  return "Checking the answer…";
}

/** Focuses `ref` once when it mounts with `when` (the panel the user's action led to). */
function useFocusOnMount(ref: React.RefObject<HTMLElement | null>, when: boolean) {
  useEffect(() => {
    if (when) ref.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
}

function Start({ onStart, applied, autoFocus }: { onStart: () => void; applied: number | null; autoFocus: boolean }) {
  const button = useRef<HTMLButtonElement>(null);
  useFocusOnMount(button, autoFocus);
  return (
    <div className="flex flex-col gap-2 rounded-lg border border-dashed border-indigo-200 bg-indigo-50/40 p-3 sm:flex-row sm:items-center">
      <Button ref={button} variant="secondary" size="sm" icon={<Sparkles className="size-4 text-indigo-600" aria-hidden />} onClick={onStart} className="self-start">
        Break down with AI
      </Button>
      <p className="text-xs text-zinc-600">
        {applied !== null ? (
          <span role="status" className="font-medium text-emerald-700">
            Added {applied} {applied === 1 ? "subtask" : "subtasks"} from the AI suggestions.
          </span>
        ) : (
          "Suggests 3–10 subtasks for you to review. Nothing is added until you apply them."
        )}
      </p>
    </div>
  );
}

function NotConfigured({ message }: { message: string }) {
  return (
    <div role="note" aria-label="AI is not configured" className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      <Settings2 className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
      <div className="min-w-0">
        <p className="font-semibold">Break down with AI: not configured on this server</p>
        <p className="mt-1 text-xs break-words" data-testid="ai-not-configured-message">
          {message}
        </p>
      </div>
    </div>
  );
}

function Progress({ progress, label, since, offline = false, autoFocus }: { progress: number; label: string; since?: string; offline?: boolean; autoFocus: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useFocusOnMount(box, autoFocus);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  const slow = since ? now - Date.parse(since) > 45_000 : false;
  return (
    <div ref={box} tabIndex={-1} className="rounded-lg p-3 ring-1 ring-indigo-200 focus:outline-none focus-visible:outline-2 focus-visible:outline-indigo-600" data-testid="ai-breakdown-progress">
      <div className="flex items-center gap-2 text-sm font-medium text-zinc-900">
        <Spinner className="size-4 text-indigo-600" label="Breaking down" />
        <span>{label}</span>
      </div>
      <div
        role="progressbar"
        aria-label="Breakdown progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
        className="mt-2 h-1.5 w-full overflow-hidden rounded-full bg-indigo-100"
      >
        <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-500" style={{ width: `${Math.max(progress, 4)}%` }} />
      </div>
      <p className="mt-2 text-xs text-zinc-500">
        {offline
          ? "Can't reach the server right now; still trying."
          : slow
            ? "This is taking longer than usual. You can close the drawer: the breakdown keeps going and is here when you come back."
            : "You can keep working; the suggestions appear here."}
      </p>
    </div>
  );
}

function Offline({ onRetry }: { onRetry: () => void }) {
  return (
    <div role="alert" className="flex flex-wrap items-center gap-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <span className="flex-1">Couldn't check on the breakdown: the server can't be reached.</span>
      <Button variant="secondary" size="sm" onClick={onRetry}>
        Check again
      </Button>
    </div>
  );
}

function Failure({ problem, onRetry, onDismiss, workspaceId, autoFocus }: { problem: BreakdownProblem; onRetry: () => void; onDismiss: () => void; workspaceId: string; autoFocus: boolean }) {
  const heading = useRef<HTMLParagraphElement>(null);
  useFocusOnMount(heading, autoFocus);
  return (
    <div role="alert" className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900" data-testid="ai-breakdown-failure" data-code={problem.code}>
      <TriangleAlert className="mt-0.5 size-4 shrink-0 text-red-600" aria-hidden />
      <div className="min-w-0 flex-1">
        <p ref={heading} tabIndex={-1} className="font-semibold focus:outline-none">
          {problem.title}
        </p>
        <p className="mt-1 text-xs break-words text-red-800">{problem.message}</p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          {problem.retry ? (
            <Button size="sm" variant="secondary" icon={<Sparkles className="size-4 text-indigo-600" aria-hidden />} onClick={onRetry}>
              Try again
            </Button>
          ) : null}
          {problem.settings ? (
            <Link to={`/w/${workspaceId}/settings/ai`} className="text-xs font-medium text-red-900 underline hover:text-red-700">
              See the budget in Settings → AI
            </Link>
          ) : null}
        </div>
      </div>
      <IconButton label="Dismiss" className="size-7 shrink-0 text-red-700 hover:bg-red-100" onClick={onDismiss}>
        <X className="size-4" aria-hidden />
      </IconButton>
    </div>
  );
}
