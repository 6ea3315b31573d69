import { useEffect, useState } from "react";
import { ErrorState } from "../../components/ui/ErrorState";
import { Field } from "../../components/ui/Field";
import { NativeSelect } from "../../components/ui/Input";
import { Spinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import { useDiff, useVersions, type Artifact, type ArtifactDiff } from "./artifacts.api";

/** The versions of an artifact, and the line diff between two of them (latest against the one before, to start with). */
export function ArtifactHistory({ artifact }: { artifact: Artifact }) {
  const versions = useVersions(artifact.projectId, artifact.id);
  const [to, setTo] = useState(artifact.version);
  const [from, setFrom] = useState(Math.max(1, artifact.version - 1));
  // A new version (saved here or elsewhere) becomes the one compared.
  useEffect(() => {
    setTo(artifact.version);
    setFrom(Math.max(1, artifact.version - 1));
  }, [artifact.version]);
  const diff = useDiff(artifact.projectId, artifact.id, from, to);

  if (versions.isPending) return <Spinner label="Loading versions…" />;
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} title="Couldn't load the versions" />;
  const list = versions.data;
  const options = list.map((v) => (
    <option key={v.version} value={v.version}>
      v{v.version} — {v.title}
    </option>
  ));

  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
      <section aria-labelledby="versions-title">
        <h3 id="versions-title" className="mb-2 text-sm font-semibold text-zinc-900">
          Versions ({list.length})
        </h3>
        <ol className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200" data-testid="artifact-versions">
          {list.map((v) => (
            <li key={v.version} className="px-3 py-2 text-sm">
              <span className="font-medium text-zinc-900">v{v.version}</span> <span className="text-zinc-700">{v.title}</span>
              <div className="text-xs text-zinc-500">{formatDateTime(v.createdAt)}</div>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="diff-title" className="min-w-0 space-y-3">
        <h3 id="diff-title" className="text-sm font-semibold text-zinc-900">
          Compare versions
        </h3>
        {list.length < 2 ? (
          <p className="text-sm text-zinc-500">There is only one version so far. Save a change to compare it with the original.</p>
        ) : (
          <>
            <div className="flex flex-wrap gap-3">
              <Field label="From version" className="min-w-40 flex-1">
                <NativeSelect value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                  {options}
                </NativeSelect>
              </Field>
              <Field label="To version" className="min-w-40 flex-1">
                <NativeSelect value={to} onChange={(e) => setTo(Number(e.target.value))}>
                  {options}
                </NativeSelect>
              </Field>
            </div>
            {from === to ? (
              <p className="text-sm text-zinc-500">Choose two different versions to see what changed.</p>
            ) : diff.isPending ? (
              <Spinner label="Comparing…" />
            ) : diff.isError ? (
              <ErrorState error={diff.error} onRetry={() => void diff.refetch()} title="Couldn't compare these versions" />
            ) : (
              <DiffView diff={diff.data} />
            )}
          </>
        )}
      </section>
    </div>
  );
}

const LINE = {
  added: { sign: "+", label: "added", className: "bg-emerald-50 text-emerald-900" },
  removed: { sign: "−", label: "removed", className: "bg-red-50 text-red-900" },
  context: { sign: " ", label: "unchanged", className: "text-zinc-700" },
} as const;

/** Added and removed lines are coloured AND marked + / − (and named for screen readers): colour is never the only cue. */
export function DiffView({ diff }: { diff: ArtifactDiff }) {
  return (
    <div className="space-y-2" data-testid="artifact-diff">
      <p className="text-sm text-zinc-700">
        v{diff.from} → v{diff.to}: <span className="font-medium text-emerald-800">+{diff.added} added</span>,{" "}
        <span className="font-medium text-red-800">−{diff.removed} removed</span>
        {diff.fromTitle !== diff.toTitle ? (
          <>
            {" "}
            · title “{diff.fromTitle}” → “{diff.toTitle}”
          </>
        ) : null}
      </p>
      {diff.hunks.length === 0 ? <p className="text-sm text-zinc-500">The content is the same in both versions.</p> : null}
      {diff.hunks.map((h) => (
        <div key={`${h.oldStart}-${h.newStart}`} className="overflow-x-auto rounded-lg font-mono text-[13px] leading-5 ring-1 ring-zinc-200">
          <div className="bg-zinc-50 px-3 py-1 text-xs text-zinc-600">
            Lines {h.oldStart}–{h.oldStart + Math.max(0, h.oldLines - 1)} → {h.newStart}–{h.newStart + Math.max(0, h.newLines - 1)}
          </div>
          <ul>
            {h.lines.map((line, i) => {
              const look = LINE[line.kind];
              return (
                <li key={i} className={cn("flex whitespace-pre-wrap break-words px-3", look.className)} data-kind={line.kind}>
                  <span aria-hidden className="w-5 shrink-0 select-none font-semibold">
                    {look.sign}
                  </span>
                  <span className="sr-only">{look.label}: </span>
                  <span className="min-w-0">{line.text || " "}</span>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
