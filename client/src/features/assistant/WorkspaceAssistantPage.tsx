import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { ArrowRight, Bot, FolderKanban, LayoutTemplate, MessageSquare } from "lucide-react";
import { PageHeader } from "../../components/ui/Card";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { api } from "../../lib/api";
import { formatRelative } from "../../lib/format";
import { useProjects, type Project } from "../projects/projects.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";

/** How many projects the page lists (each asks for its 3 latest threads). */
const PROJECTS = 30;

function RecentThreads({ workspaceId, project }: { workspaceId: string; project: Project }) {
  const base = `/w/${workspaceId}/projects/${project.id}`;
  const threads = useQuery({
    queryKey: ["workspaces", workspaceId, "assistant", project.id],
    queryFn: () => api.get("/projects/{id}/threads", { path: { id: project.id }, query: { perPage: 3 } }),
  });
  if (threads.isPending) return <p className="text-xs text-zinc-500">Loading conversations…</p>;
  if (threads.isError) return <p className="text-xs text-red-700">Couldn't load this project's conversations.</p>;
  if (!threads.data.length) return <p className="text-xs text-zinc-500">No conversations yet.</p>;
  return (
    <ul className="flex flex-col gap-1" aria-label={`Recent conversations in ${project.name}`}>
      {threads.data.map((t) => (
        <li key={t.id} className="min-w-0">
          <Link
            to={t.mode === "blueprint" ? `${base}/blueprint?thread=${encodeURIComponent(t.id)}` : `${base}/assistant?thread=${encodeURIComponent(t.id)}`}
            className="flex min-w-0 items-center gap-1.5 text-sm text-zinc-700 hover:text-indigo-700"
          >
            {t.mode === "blueprint" ? <LayoutTemplate className="size-3.5 shrink-0" aria-hidden /> : <MessageSquare className="size-3.5 shrink-0" aria-hidden />}
            <span className="truncate">{t.title}</span>
            <span className="shrink-0 text-xs text-zinc-400">{formatRelative(t.updatedAt)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The workspace's Assistant entry: the assistant lives in each project, so this lists the projects and their latest conversations. */
export function WorkspaceAssistantPage() {
  const workspace = useCurrentWorkspace();
  const projects = useProjects(workspace.id, { page: 1, perPage: PROJECTS, q: "" });
  return (
    <>
      <title>{`Assistant · ${workspace.name} · TeamFlow`}</title>
      <PageHeader title="Assistant" description="The assistant answers from each project's documents. Pick a project to ask it, or open a recent conversation." />
      {projects.isPending ? (
        <PageSpinner label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorState error={projects.error} onRetry={() => void projects.refetch()} title="Couldn't load the projects" />
      ) : !projects.data.data.length ? (
        <EmptyState icon={Bot} title="No projects yet" description="The assistant works inside a project: create one, upload its documents, then ask." action={<Link to={`/w/${workspace.id}/projects`} className="text-sm font-medium text-indigo-700 hover:underline">Go to projects</Link>} />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {projects.data.data.map((p) => (
            <li key={p.id} className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200">
              <div className="flex items-center gap-2">
                <span className="flex size-8 shrink-0 items-center justify-center rounded-lg text-white" style={{ backgroundColor: p.color }} aria-hidden>
                  <FolderKanban className="size-4" />
                </span>
                <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-zinc-900">{p.name}</h2>
              </div>
              <RecentThreads workspaceId={workspace.id} project={p} />
              <Link to={`/w/${workspace.id}/projects/${p.id}/assistant`} className="mt-auto inline-flex items-center gap-1 text-sm font-medium text-indigo-700 hover:underline" aria-label={`Open the assistant of ${p.name}`}>
                Open the assistant <ArrowRight className="size-4" aria-hidden />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
