import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { Sparkles } from "lucide-react";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { ApiError, errorMessage } from "../../lib/api";
import { useAiStatus } from "../ai-breakdown/ai-breakdown.api";
import { useAcceptRecommendation, useDismissRecommendation, useRecommendations, type BlueprintPhase } from "./blueprint.api";

/** What the user changed on a card locally: being edited, and the edited text. */
interface CardEdit {
  editing: boolean;
  draft: string;
}

/** A card's unaccepted edit is kept in this tab's sessionStorage, so a reload does not lose it. */
const draftsKey = (threadId: string, phaseKey: string) => `teamflow:blueprint-drafts:${threadId}:${phaseKey}`;
function readDrafts(key: string): Record<string, CardEdit> {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? "{}") as Record<string, CardEdit>;
  } catch {
    return {};
  }
}
function writeDrafts(key: string, edits: Record<string, CardEdit>) {
  try {
    if (Object.keys(edits).length) sessionStorage.setItem(key, JSON.stringify(edits));
    else sessionStorage.removeItem(key);
  } catch {
    // Storage full or refused (private mode): the edit lives until a reload, as before.
  }
}

/**
 * "Get recommendations" for a phase: the provider's proposals as cards the
 * user accepts (as proposed or edited) into their section, or rejects. The
 * proposals are stored by the server with the phase (phase.recommendations),
 * so they are there again after a reload until accepted or rejected. Shown
 * as an explanation instead when the server has no AI provider.
 */
export function Recommendations({ projectId, threadId, phase, canWrite, workspaceId }: { projectId: string; threadId: string; phase: BlueprintPhase; canWrite: boolean; workspaceId: string }) {
  const status = useAiStatus(true);
  const ask = useRecommendations(projectId, threadId);
  const accept = useAcceptRecommendation(projectId, threadId);
  const dismiss = useDismissRecommendation(projectId, threadId);
  const storageKey = draftsKey(threadId, phase.key);
  const [edits, setEdits] = useState<Record<string, CardEdit>>(() => readDrafts(storageKey));
  const liveIds = (phase.recommendations?.recommendations ?? []).map((r) => r.id).join();
  // Only the edits of cards still proposed are kept (accepted or rejected ones go).
  useEffect(() => {
    const live = new Set(liveIds.split(","));
    writeDrafts(storageKey, Object.fromEntries(Object.entries(edits).filter(([id]) => live.has(id))));
  }, [storageKey, edits, liveIds]);
  const [notice, setNotice] = useState<string | null>(null);
  const [acceptError, setAcceptError] = useState<string | null>(null);
  const notConfigured = status.data?.configured === false || (ask.error instanceof ApiError && ask.error.code === "AI_NOT_CONFIGURED");
  const sectionName = (key: string) => {
    const s = phase.sections.find((x) => x.key === key);
    return s ? `${s.number} ${s.title}` : key;
  };

  if (notConfigured) {
    return (
      <div role="note" aria-label="AI recommendations are not configured" className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
        <p className="font-semibold">Recommendations: no AI provider on this server</p>
        <p className="mt-1">
          The wizard still writes SYSTEM_BLUEPRINT.md from your answers. To get recommendations on each phase, an administrator configures a provider (see{" "}
          <Link className="underline" to={`/w/${workspaceId}/settings/ai`}>
            AI settings
          </Link>
          ).
        </p>
      </div>
    );
  }

  const stored = phase.recommendations;
  const cards = (stored?.recommendations ?? []).map((r) => ({ ...r, ...(edits[r.id] ?? { editing: false, draft: r.text }) }));
  const run = () => {
    setNotice(null);
    setAcceptError(null);
    ask.mutate(phase.key, { onSuccess: () => setEdits({}) });
  };
  const update = (id: string, patch: Partial<CardEdit>) => setEdits((es) => {
      const card = cards.find((c) => c.id === id);
      return { ...es, [id]: { editing: card?.editing ?? false, draft: card?.draft ?? "", ...patch } };
    });
  const reject = (id: string) => {
    setAcceptError(null);
    dismiss.mutate({ phaseKey: phase.key, recommendationId: id }, { onError: (err) => setAcceptError(errorMessage(err, "Couldn't reject it.")) });
  };
  const hasAnswers = phase.answered > 0;

  return (
    <section aria-labelledby="recs-title" className="space-y-3 rounded-lg border border-indigo-100 bg-indigo-50/40 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="recs-title" className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
          <Sparkles className="size-4 text-indigo-600" aria-hidden /> Recommendations for phase {phase.number}
        </h3>
        <Button size="sm" variant="secondary" onClick={run} loading={ask.isPending} disabled={!canWrite || !hasAnswers || ask.isPending}>
          Get recommendations
        </Button>
      </div>
      <p className="text-xs text-zinc-600">
        {hasAnswers ? `The AI reads this phase's answers (and earlier phases') and proposes ${phase.recommends}. Nothing goes into the document until you accept it.` : "Answer at least one question of this phase first."}
      </p>
      {ask.isError && !notConfigured ? (
        <p role="alert" className="text-sm text-red-700">
          {errorMessage(ask.error, "The recommendations failed; try again.")}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      ) : null}
      {acceptError ? (
        <p role="alert" className="text-sm text-red-700">
          {acceptError}
        </p>
      ) : null}
      {ask.isSuccess && cards.length === 0 && !notice ? <p className="text-sm text-zinc-600">No recommendations left.</p> : null}
      {stored && cards.length > 0 ? (
        <p className="text-xs text-zinc-600" data-testid="recommendations-made">
          Made {new Date(stored.madeAt).toLocaleString()}
          {stored.stale ? " — your answers changed since; get recommendations again for fresh ones." : "."}
        </p>
      ) : null}
      <ul className="space-y-3">
        {cards.map((c) => (
          <li key={c.id} className="rounded-lg border border-zinc-200 bg-white p-3" data-testid="recommendation">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone="indigo">{c.category}</Badge>
              <span className="text-xs text-zinc-600">into {sectionName(c.sectionKey)}</span>
            </div>
            <p className="mt-1 text-sm font-semibold text-zinc-900">{c.title}</p>
            {c.editing ? (
              <>
                <label htmlFor={`rec-${c.id}`} className="sr-only">
                  Edit the recommendation
                </label>
                <textarea id={`rec-${c.id}`} className="mt-2 block min-h-24 w-full rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600" value={c.draft} maxLength={4000} onChange={(e) => update(c.id, { draft: e.target.value })} />
              </>
            ) : (
              <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-700">{c.draft}</p>
            )}
            <div className="mt-2 flex flex-wrap gap-2">
              <Button
                size="sm"
                loading={accept.isPending && accept.variables?.text === c.draft}
                disabled={!canWrite || !c.draft.trim() || accept.isPending}
                onClick={() => {
                  setAcceptError(null);
                  accept.mutate(
                    { phaseKey: phase.key, sectionKey: c.sectionKey, text: `**${c.title}** ${c.draft.trim()}`, recommendationId: c.id },
                    {
                      onSuccess: () => {
                        setNotice(`Accepted into ${sectionName(c.sectionKey)}.`);
                      },
                      onError: (err) => setAcceptError(errorMessage(err, "Couldn't accept it.")),
                    },
                  );
                }}
              >
                Accept<span className="sr-only"> “{c.title}”</span>
              </Button>
              <Button size="sm" variant="secondary" onClick={() => update(c.id, { editing: !c.editing })}>
                {c.editing ? "Done editing" : "Edit"}
                <span className="sr-only"> “{c.title}”</span>
              </Button>
              <Button size="sm" variant="ghost" loading={dismiss.isPending && dismiss.variables?.recommendationId === c.id} disabled={!canWrite || dismiss.isPending} onClick={() => reject(c.id)}>
                Reject<span className="sr-only"> “{c.title}”</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
