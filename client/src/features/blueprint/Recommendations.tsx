import { useState } from "react";
import { Link } from "react-router-dom";
import { Sparkles } from "lucide-react";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { ApiError, errorMessage } from "../../lib/api";
import { useAiStatus } from "../ai-breakdown/ai-breakdown.api";
import { useAcceptRecommendation, useRecommendations, type BlueprintPhase, type Recommendation } from "./blueprint.api";

interface Card extends Recommendation {
  id: number;
  editing: boolean;
  draft: string;
}

/**
 * "Get recommendations" for a phase: the provider's proposals as cards the
 * user accepts (as proposed or edited) into their section, or rejects. Shown
 * as an explanation instead when the server has no AI provider.
 */
export function Recommendations({ projectId, threadId, phase, canWrite, workspaceId }: { projectId: string; threadId: string; phase: BlueprintPhase; canWrite: boolean; workspaceId: string }) {
  const status = useAiStatus(true);
  const ask = useRecommendations(threadId);
  const accept = useAcceptRecommendation(projectId, threadId);
  const [cards, setCards] = useState<Card[]>([]);
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

  const run = () => {
    setNotice(null);
    ask.mutate(phase.key, { onSuccess: (r) => setCards(r.recommendations.map((x, i) => ({ ...x, id: Date.now() + i, editing: false, draft: x.text }))) });
  };
  const update = (id: number, patch: Partial<Card>) => setCards((cs) => cs.map((c) => (c.id === id ? { ...c, ...patch } : c)));
  const drop = (id: number) => setCards((cs) => cs.filter((c) => c.id !== id));
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
                disabled={!c.draft.trim() || accept.isPending}
                onClick={() => {
                  setAcceptError(null);
                  accept.mutate(
                    { phaseKey: phase.key, sectionKey: c.sectionKey, text: `**${c.title}** ${c.draft.trim()}` },
                    {
                      onSuccess: () => {
                        drop(c.id);
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
              <Button size="sm" variant="ghost" onClick={() => drop(c.id)}>
                Reject<span className="sr-only"> “{c.title}”</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
