import { Sparkles } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { ApiError, errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import type { Task } from "../tasks/tasks.api";
import { useApplyBreakdown, type AiJob, type ApplyBody, type Suggestion } from "./ai-breakdown.api";

interface Draft {
  selected: boolean;
  title: string;
  hours: string;
}

const TITLE_MAX = 200;
const HOURS_MAX = 1000;

const draftOf = (s: Suggestion): Draft => ({ selected: true, title: s.title, hours: String(s.estimatedHours) });

/** What is wrong with a chosen card's fields, by field (nothing for an unticked card: it is not sent). */
function problemsOf(d: Draft): { title?: string; hours?: string } {
  if (!d.selected) return {};
  const out: { title?: string; hours?: string } = {};
  const title = d.title.trim();
  if (!title) out.title = "Give the subtask a title";
  else if (title.length > TITLE_MAX) out.title = `At most ${TITLE_MAX} characters (${title.length} now)`;
  const hours = d.hours.trim() === "" ? NaN : Number(d.hours);
  if (!Number.isFinite(hours) || hours < 0 || hours > HOURS_MAX) out.hours = `Enter hours from 0 to ${HOURS_MAX}`;
  return out;
}

const formatHours = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));

/**
 * The suggestions of a completed breakdown as cards: each can be unticked, its
 * title and estimate edited; "Apply selected" creates the ticked ones as
 * subtasks in one request (the server applies a breakdown once).
 */
export function BreakdownReview({ task, job, autoFocus, onApplied, onDiscard }: { task: Task; job: AiJob; autoFocus: boolean; onApplied: (count: number) => void; onDiscard: () => void }) {
  const suggestions = job.result!.subtasks;
  const [drafts, setDrafts] = useState<Draft[]>(() => suggestions.map(draftOf));
  const [showErrors, setShowErrors] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const apply = useApplyBreakdown(task.id);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (autoFocus) heading.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const update = (i: number, change: Partial<Draft>) => setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...change } : d)));
  const chosen = drafts.flatMap((d, i) => (d.selected ? [i] : []));
  const problems = drafts.map(problemsOf);
  const invalid = problems.some((p) => p.title || p.hours);
  const totalHours = chosen.reduce((sum, i) => sum + (Number(drafts[i]!.hours) || 0), 0);
  const result = job.result!;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // React bubbles events through portals: the discard dialog's own form must never apply.
    if (e.target !== e.currentTarget) return;
    if (apply.isPending || chosen.length === 0) return;
    if (invalid) {
      setShowErrors(true);
      const first = problems.findIndex((p) => p.title || p.hours);
      document.getElementById(`${job.id}-${first}-${problems[first]!.title ? "title" : "hours"}`)?.focus();
      return;
    }
    const edits: NonNullable<ApplyBody["edits"]> = {};
    for (const i of chosen) {
      const d = drafts[i]!;
      const s = suggestions[i]!;
      const edit: { title?: string; estimatedHours?: number } = {};
      if (d.title.trim() !== s.title) edit.title = d.title.trim();
      if (Number(d.hours) !== s.estimatedHours) edit.estimatedHours = Number(d.hours);
      if (edit.title !== undefined || edit.estimatedHours !== undefined) edits[String(i)] = edit;
    }
    apply.mutate(
      { jobId: job.id, indices: chosen, ...(Object.keys(edits).length ? { edits } : {}) },
      {
        onSuccess: (created) => {
          toast.success(`Added ${created.length} ${created.length === 1 ? "subtask" : "subtasks"}`);
          onApplied(created.length);
        },
        onError: (error) => {
          // Applied meanwhile (another tab): the job now says so and the panel goes back to its button.
          if (error instanceof ApiError && error.status === 409) toast.warning(error.message);
        },
      },
    );
  };

  return (
    <>
    <form onSubmit={submit} aria-labelledby={`${job.id}-heading`} className="space-y-3 rounded-lg bg-indigo-50/50 p-2 ring-1 ring-indigo-100 sm:p-3" data-testid="ai-breakdown-review" noValidate>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h4 id={`${job.id}-heading`} ref={heading} tabIndex={-1} className="flex items-center gap-1.5 text-sm font-semibold text-zinc-900 focus:outline-none">
            <Sparkles className="size-4 text-indigo-600" aria-hidden />
            {suggestions.length} suggested subtasks
          </h4>
          <p className="mt-0.5 text-xs text-zinc-500">
            From <span className="font-mono">{result.model}</span>. Untick what you don't want, edit titles and estimates, then apply.
          </p>
        </div>
        <div className="flex flex-wrap gap-1">
          {result.fallback ? <Badge tone="amber">Answered by the fallback provider</Badge> : null}
          {result.repaired ? <Badge tone="sky">Answer repaired once</Badge> : null}
        </div>
      </div>

      <ul className="space-y-2" aria-label="Suggested subtasks">
        {suggestions.map((s, i) => (
          <SuggestionCard key={i} id={`${job.id}-${i}`} index={i} suggestion={s} draft={drafts[i]!} problems={showErrors ? problems[i]! : {}} onChange={(change) => update(i, change)} disabled={apply.isPending} />
        ))}
      </ul>

      <FormError message={apply.error && !(apply.error instanceof ApiError && apply.error.status === 409) ? errorMessage(apply.error) : null} />

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:items-center sm:justify-between">
        <Button variant="ghost" size="sm" onClick={() => setConfirmDiscard(true)} disabled={apply.isPending}>
          Discard suggestions
        </Button>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <span className="text-xs text-zinc-500" data-testid="ai-breakdown-selection">
            {chosen.length === 0 ? "Tick at least one suggestion to apply." : `${chosen.length} of ${suggestions.length} selected · ${formatHours(totalHours)} h`}
          </span>
          <Button type="submit" size="sm" loading={apply.isPending} disabled={chosen.length === 0}>
            Apply selected ({chosen.length})
          </Button>
        </div>
      </div>
    </form>

      <ConfirmDialog
        open={confirmDiscard}
        onOpenChange={setConfirmDiscard}
        title="Discard these suggestions?"
        description="No subtasks are created. A new breakdown asks the model again (and counts against the AI budget)."
        confirmLabel="Discard"
        onConfirm={onDiscard}
      />
    </>
  );
}

function SuggestionCard({
  id,
  index,
  suggestion,
  draft,
  problems,
  onChange,
  disabled,
}: {
  id: string;
  index: number;
  suggestion: Suggestion;
  draft: Draft;
  problems: { title?: string; hours?: string };
  onChange: (change: Partial<Draft>) => void;
  disabled: boolean;
}) {
  const describedBy = useId();
  const confidence = Math.round(suggestion.confidence * 100);
  const tone = confidence >= 75 ? "green" : confidence >= 40 ? "amber" : "red";
  const name = draft.title.trim() || `suggestion ${index + 1}`;
  return (
    <li data-testid="ai-suggestion" className={cn("rounded-lg p-3 ring-1 transition-colors", draft.selected ? "bg-white ring-zinc-200" : "bg-zinc-50 ring-zinc-100")}>
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          checked={draft.selected}
          onChange={(e) => onChange({ selected: e.target.checked })}
          disabled={disabled}
          aria-label={`Include ${name}`}
          className="mt-2.5 size-4 shrink-0 rounded border-zinc-300 accent-indigo-600"
        />
        <div className={cn("min-w-0 flex-1 space-y-2", !draft.selected && "opacity-60")}>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
            <div className="min-w-0 flex-1">
              <label htmlFor={`${id}-title`} className="sr-only">
                Title of suggestion {index + 1}
              </label>
              <Input
                id={`${id}-title`}
                value={draft.title}
                onChange={(e) => onChange({ title: e.target.value })}
                disabled={disabled || !draft.selected}
                aria-invalid={problems.title ? true : undefined}
                aria-describedby={`${describedBy}-desc${problems.title ? ` ${id}-title-error` : ""}`}
                maxLength={TITLE_MAX + 50}
              />
              {problems.title ? (
                <p id={`${id}-title-error`} className="mt-1 text-xs font-medium text-red-600">
                  {problems.title}
                </p>
              ) : null}
            </div>
            <div className="flex items-center gap-2 sm:shrink-0">
              <label htmlFor={`${id}-hours`} className="text-xs whitespace-nowrap text-zinc-600">
                Estimate (h)
              </label>
              <div className="w-20">
              <Input
                id={`${id}-hours`}
                type="number"
                inputMode="decimal"
                min={0}
                max={HOURS_MAX}
                step={0.5}
                value={draft.hours}
                onChange={(e) => onChange({ hours: e.target.value })}
                disabled={disabled || !draft.selected}
                aria-invalid={problems.hours ? true : undefined}
                aria-describedby={problems.hours ? `${id}-hours-error` : undefined}
              />
              </div>
            </div>
          </div>
          {problems.hours ? (
            <p id={`${id}-hours-error`} className="text-xs font-medium text-red-600">
              {problems.hours}
            </p>
          ) : null}
          <div className="flex flex-wrap items-start gap-2">
            <Badge tone={tone}>Confidence {confidence} %</Badge>
            {suggestion.description ? (
              <p id={`${describedBy}-desc`} className="min-w-0 flex-1 text-xs whitespace-pre-line text-zinc-600">
                {suggestion.description}
              </p>
            ) : (
              <span id={`${describedBy}-desc`} className="sr-only">
                No description
              </span>
            )}
          </div>
        </div>
      </div>
    </li>
  );
}
