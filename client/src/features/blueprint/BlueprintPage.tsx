import { useEffect } from "react";
import { Link, useOutletContext, useSearchParams } from "react-router-dom";
import { CheckCircle2, ChevronLeft, ChevronRight, Circle, CircleDot, FileText, Compass } from "lucide-react";
import { Button, buttonClasses } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { can } from "../../lib/permissions";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { useBlueprint, useBlueprintThreads, useCreateBlueprintThread, type Blueprint, type BlueprintSection } from "./blueprint.api";
import { Recommendations } from "./Recommendations";
import { SectionEditor } from "./SectionEditor";

const StatusIcon = ({ status }: { status: BlueprintSection["status"] }) =>
  status === "complete" ? <CheckCircle2 className="size-4 shrink-0 text-emerald-600" aria-hidden /> : status === "partial" ? <CircleDot className="size-4 shrink-0 text-indigo-600" aria-hidden /> : <Circle className="size-4 shrink-0 text-zinc-400" aria-hidden />;
const statusWord = { complete: "complete", partial: "in progress", todo: "to do" } as const;

/**
 * The Blueprint wizard (seed 000) of a project: `?thread=<id>` opens that
 * blueprint thread, without it the project's latest one (or an offer to start
 * one); `&section=<key>` is the section shown. A stepper of the 6 phases with
 * their progress, the section's questions with autosave and a live preview,
 * recommendations per phase, and the link to SYSTEM_BLUEPRINT.md.
 */
export function BlueprintPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const canWrite = can(workspace, "assistant:write");
  const [search, setSearch] = useSearchParams();
  const requested = search.get("thread");
  const threads = useBlueprintThreads(project.id);
  const create = useCreateBlueprintThread(project.id);
  const threadId = requested ?? threads.data?.[0]?.id ?? null;
  const blueprint = useBlueprint(project.id, threadId);

  const setParams = (patch: Record<string, string | null>, replace = false) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setSearch(next, { replace });
  };

  // Pin the thread in the address once known, so a reload opens the same one.
  useEffect(() => {
    if (!requested && threadId) setParams({ thread: threadId }, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requested, threadId]);

  const start = () => create.mutate(undefined, { onSuccess: (t) => setParams({ thread: t.id, section: null }) });

  if (!requested && threads.isPending) return <PageSpinner label="Loading the blueprint…" />;
  if (!requested && threads.isError) return <ErrorState error={threads.error} onRetry={() => void threads.refetch()} title="Couldn't load the blueprint threads" />;
  if (!threadId) {
    return (
      <EmptyState
        icon={Compass}
        title="No blueprint yet"
        description="The Blueprint wizard walks you through 6 phases (vision, product, architecture, data & API, operations, growth) and writes SYSTEM_BLUEPRINT.md from your answers."
        action={
          canWrite ? (
            <Button onClick={start} loading={create.isPending}>
              Start the Blueprint wizard
            </Button>
          ) : (
            <p className="text-sm text-zinc-600">Ask a member of the project to start it.</p>
          )
        }
      />
    );
  }
  if (blueprint.isPending) return <PageSpinner label="Loading the blueprint…" />;
  if (blueprint.isError) return <ErrorState error={blueprint.error} onRetry={() => void blueprint.refetch()} title="Couldn't load this blueprint" />;
  return <Wizard bp={blueprint.data} projectId={project.id} workspaceId={workspace.id} canWrite={canWrite} sectionKey={search.get("section")} onSection={(key) => setParams({ section: key })} />;
}

function Wizard({ bp, projectId, workspaceId, canWrite, sectionKey, onSection }: { bp: Blueprint; projectId: string; workspaceId: string; canWrite: boolean; sectionKey: string | null; onSection: (key: string) => void }) {
  const all = bp.phases.flatMap((p) => p.sections);
  const current = all.find((s) => s.key === sectionKey) ?? all[0]!;
  const phase = bp.phases.find((p) => p.key === current.phaseKey)!;
  const index = all.indexOf(current);
  const prev = all[index - 1];
  const next = all[index + 1];
  const percent = bp.progress.total ? Math.round((bp.progress.answered / bp.progress.total) * 100) : 0;

  return (
    <div className="flex min-w-0 flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <h2 className="text-lg font-semibold text-zinc-900">Blueprint wizard</h2>
          <p className="text-sm text-zinc-600">
            {bp.progress.answered} of {bp.progress.total} questions answered · {bp.progress.sectionsComplete} of {bp.progress.sectionsTotal} sections complete
          </p>
        </div>
        {bp.artifact ? (
          <Link className={buttonClasses({ variant: "secondary", size: "sm" })} to={`../artifacts?artifact=${bp.artifact.id}`} relative="path">
            <FileText className="size-4" aria-hidden /> {bp.artifact.title} (version {bp.artifact.version}): export
          </Link>
        ) : (
          <span className="text-sm text-zinc-600">SYSTEM_BLUEPRINT.md is created with your first answer.</span>
        )}
      </div>
      <div className="h-2 w-full overflow-hidden rounded-full bg-zinc-200" role="progressbar" aria-label="Blueprint progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${percent}%` }} />
      </div>

      <div className="grid min-w-0 gap-6 md:grid-cols-[16rem_minmax(0,1fr)]">
        <nav aria-label="Blueprint phases and sections" className="min-w-0">
          <ol className="space-y-3">
            {bp.phases.map((p) => (
              <li key={p.key}>
                <div className="flex items-center justify-between gap-2 text-sm font-semibold text-zinc-900">
                  <button type="button" className="rounded-md text-left hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600" onClick={() => onSection(p.sections[0]!.key)} aria-current={p.key === phase.key ? "true" : undefined}>
                    {p.number}. {p.title}
                  </button>
                  <span className="text-xs font-normal text-zinc-600" data-testid={`phase-progress-${p.key}`}>
                    {p.answered}/{p.total}
                  </span>
                </div>
                {/* On a phone only the current phase's sections show (a tap on another phase opens it). */}
                <ol className={cn("mt-1 flex-wrap gap-1 md:block md:space-y-0.5", p.key === phase.key ? "flex" : "hidden")}>
                  {p.sections.map((s) => (
                    <li key={s.key}>
                      <button
                        type="button"
                        onClick={() => onSection(s.key)}
                        aria-current={s.key === current.key ? "step" : undefined}
                        className={cn(
                          "flex w-full items-center gap-2 rounded-md px-2 py-1 text-left text-sm focus-visible:outline-2 focus-visible:outline-indigo-600",
                          s.key === current.key ? "bg-indigo-50 font-medium text-indigo-800" : "text-zinc-700 hover:bg-zinc-100",
                        )}
                      >
                        <StatusIcon status={s.status} />
                        <span className="min-w-0">
                          {s.number} {s.title}
                          <span className="sr-only"> ({statusWord[s.status]})</span>
                        </span>
                      </button>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </nav>

        <div className="min-w-0 space-y-5">
          <div>
            <p className="text-xs font-medium text-indigo-700">
              Phase {phase.number}: {phase.title} · {phase.duration}
            </p>
            <h3 className="mt-1 text-base font-semibold text-zinc-900" data-testid="section-title">
              {current.number} {current.title}
            </h3>
            {current.intro ? <p className="mt-1 text-sm text-zinc-600">{current.intro}</p> : null}
          </div>
          <SectionEditor key={`${bp.threadId}:${current.key}`} projectId={projectId} threadId={bp.threadId} section={current} canWrite={canWrite} />
          <div className="flex flex-wrap justify-between gap-2">
            {prev ? (
              <Button variant="secondary" onClick={() => onSection(prev.key)} icon={<ChevronLeft className="size-4" aria-hidden />}>
                Previous<span className="sr-only">: {prev.number} {prev.title}</span>
              </Button>
            ) : (
              <span />
            )}
            {next ? (
              <Button variant="secondary" onClick={() => onSection(next.key)}>
                Next<span className="sr-only">: {next.number} {next.title}</span>
                <ChevronRight className="size-4" aria-hidden />
              </Button>
            ) : null}
          </div>
          <Recommendations key={`${bp.threadId}:${phase.key}`} projectId={projectId} threadId={bp.threadId} phase={phase} canWrite={canWrite} workspaceId={workspaceId} />
        </div>
      </div>
    </div>
  );
}
