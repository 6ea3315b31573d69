import { useState } from "react";
import { useOutletContext, useSearchParams } from "react-router-dom";
import { ArrowLeft, FileText, Plus, Trash2 } from "lucide-react";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { NativeSelect } from "../../components/ui/Input";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { formatRelative } from "../../lib/format";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ArtifactEditor } from "./ArtifactEditor";
import { ArtifactHistory } from "./ArtifactHistory";
import { ExportButtons } from "./ExportButtons";
import { NewArtifactDialog } from "./NewArtifactDialog";
import {
  ARTIFACT_TYPES,
  canCreateArtifacts,
  canDeleteArtifacts,
  canWriteArtifacts,
  typeLabel,
  useArtifact,
  useArtifacts,
  useDeleteArtifact,
  type Artifact,
  type ArtifactType,
} from "./artifacts.api";

/**
 * The project's Artifacts tab: the list (filtered by type) and the open
 * artifact (`?artifact=<id>`) with its editor, history and exports. On a phone
 * one of the two shows at a time.
 */
export function ArtifactsPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const [search, setSearch] = useSearchParams();
  const [type, setType] = useState<ArtifactType | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useArtifacts(project.id, type);
  const openId = search.get("artifact");

  const open = (id: string | null) => {
    const next = new URLSearchParams(search);
    if (id) next.set("artifact", id);
    else next.delete("artifact");
    setSearch(next);
  };

  return (
    <div className="grid min-h-0 gap-4 md:grid-cols-[17rem_1fr]">
      <aside className={cn("space-y-3", openId && "hidden md:block")} aria-label="Artifacts">
        <div className="flex items-end gap-2">
          <label className="min-w-0 flex-1 space-y-1 text-sm font-medium text-zinc-800">
            <span>Type</span>
            <NativeSelect value={type ?? ""} onChange={(e) => setType((e.target.value || null) as ArtifactType | null)}>
              <option value="">All types</option>
              {ARTIFACT_TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </NativeSelect>
          </label>
          {canCreateArtifacts(workspace) ? (
            <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
              New
            </Button>
          ) : null}
        </div>
        {list.isPending ? (
          <Spinner label="Loading artifacts…" />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} title="Couldn't load the artifacts" />
        ) : list.data.data.length === 0 ? (
          <EmptyState
            icon={FileText}
            title={type ? `No ${typeLabel(type).toLowerCase()} artifacts` : "No artifacts yet"}
            description={type ? "Choose another type, or create one." : "The assistant saves user stories and requirements here; you can also write one yourself."}
          />
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-xl bg-white ring-1 ring-zinc-200" data-testid="artifact-list">
            {list.data.data.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  onClick={() => open(a.id)}
                  aria-current={a.id === openId ? "true" : undefined}
                  className={cn("block w-full px-3 py-2.5 text-left hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-600", a.id === openId && "bg-indigo-50")}
                >
                  <span className="block truncate text-sm font-medium text-zinc-900">{a.title}</span>
                  <span className="mt-0.5 flex items-center gap-2 text-xs text-zinc-500">
                    <Badge>{typeLabel(a.type)}</Badge> v{a.version} · {formatRelative(a.updatedAt)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </aside>
      <div className={cn("min-w-0", !openId && "hidden md:block")}>
        {openId ? (
          <ArtifactPanel key={openId} projectId={project.id} id={openId} onClose={() => open(null)} />
        ) : (
          <EmptyState className="rounded-xl ring-1 ring-zinc-200" icon={FileText} title="Open an artifact" description="Choose one on the left to read, edit, compare its versions or export it." />
        )}
      </div>
      <NewArtifactDialog projectId={project.id} open={creating} onOpenChange={setCreating} onCreated={(a) => open(a.id)} />
    </div>
  );
}

function ArtifactPanel({ projectId, id, onClose }: { projectId: string; id: string; onClose: () => void }) {
  const artifact = useArtifact(projectId, id);
  if (artifact.isPending) return <PageSpinner label="Loading artifact…" />;
  if (artifact.isError) return <ErrorState error={artifact.error} onRetry={() => void artifact.refetch()} title="Couldn't open this artifact" />;
  return <ArtifactView artifact={artifact.data} onClose={onClose} />;
}

function ArtifactView({ artifact, onClose }: { artifact: Artifact; onClose: () => void }) {
  const workspace = useCurrentWorkspace();
  const [view, setView] = useState<"edit" | "history">("edit");
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteArtifact(artifact.projectId);

  return (
    <section className="space-y-4 rounded-xl bg-white p-4 ring-1 ring-zinc-200 sm:p-5" aria-labelledby="artifact-title">
      <button type="button" onClick={onClose} className="flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 md:hidden">
        <ArrowLeft className="size-4" aria-hidden /> All artifacts
      </button>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="artifact-title" className="break-words text-lg font-semibold text-zinc-900">
            {artifact.title}
          </h2>
          <p className="mt-1 flex items-center gap-2 text-sm text-zinc-500">
            <Badge tone="indigo">{typeLabel(artifact.type)}</Badge>
            <span data-testid="artifact-version">Version {artifact.version}</span> · updated {formatRelative(artifact.updatedAt)}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ExportButtons id={artifact.id} title={artifact.title} />
          {canDeleteArtifacts(workspace) ? (
            <Button variant="danger-outline" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => setConfirming(true)}>
              Delete
            </Button>
          ) : null}
        </div>
      </header>
      <div
        role="tablist"
        aria-label="Artifact views"
        className="flex gap-1 border-b border-zinc-200"
        onKeyDown={(e) => {
          // Tabs pattern: the arrow keys move between the two tabs (only the selected one is in the Tab order).
          if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
          const next = view === "edit" ? "history" : "edit";
          setView(next);
          document.getElementById(`artifact-tab-${next}`)?.focus();
        }}
      >
        {(["edit", "history"] as const).map((v) => (
          <button
            key={v}
            id={`artifact-tab-${v}`}
            type="button"
            role="tab"
            aria-selected={view === v}
            aria-controls="artifact-tabpanel"
            tabIndex={view === v ? 0 : -1}
            onClick={() => setView(v)}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", view === v ? "border-indigo-600 text-indigo-700" : "border-transparent text-zinc-500 hover:text-zinc-800")}
          >
            {v === "edit" ? "Document" : "History"}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="artifact-tabpanel" aria-labelledby={`artifact-tab-${view}`}>
        {view === "edit" ? <ArtifactEditor key={artifact.id} artifact={artifact} readOnly={!canWriteArtifacts(workspace)} onSaved={() => undefined} /> : <ArtifactHistory artifact={artifact} />}
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete “${artifact.title}”?`}
        description={`All ${artifact.version} version${artifact.version === 1 ? "" : "s"} go with it. This cannot be undone; export it first if you may need it.`}
        confirmLabel="Delete artifact"
        onConfirm={async () => {
          await remove.mutateAsync(artifact.id);
          onClose();
        }}
      />
    </section>
  );
}
