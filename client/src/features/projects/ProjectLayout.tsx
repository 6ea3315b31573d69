import { NavLink, Outlet, useParams, useSearchParams } from "react-router-dom";
import { ArrowLeft } from "lucide-react";
import { Link } from "react-router-dom";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { RoomPresence } from "../realtime/RoomPresence";
import { TaskDrawer } from "../task-detail/TaskDrawer";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ProjectBookedSummary } from "./ProjectBookedSummary";
import { useProject, type Project } from "./projects.api";

const TABS = [
  { path: "board", label: "Board" },
  { path: "list", label: "List" },
  { path: "sprints", label: "Sprints" },
  { path: "timeline", label: "Timeline" },
  { path: "artifacts", label: "Artifacts" },
  { path: "files", label: "Files" },
  { path: "assistant", label: "Assistant" },
  { path: "blueprint", label: "Blueprint" },
  { path: "documents", label: "Documents" },
];

/** What the project's pages (board, list, sprints) get from the layout. */
export interface ProjectOutletContext {
  project: Project;
}

/**
 * A project's header (name, key, who is viewing it) and tabs. `?task=<id>`
 * opens the task drawer over whichever tab is showing.
 */
export function ProjectLayout() {
  const { projectId = "" } = useParams();
  const workspace = useCurrentWorkspace();
  const project = useProject(projectId);
  const [search, setSearch] = useSearchParams();
  const openTaskId = search.get("task");

  if (project.isPending) return <PageSpinner label="Loading project…" />;
  if (project.isError) return <ErrorState error={project.error} onRetry={() => void project.refetch()} title="Couldn't load this project" />;
  const p = project.data;

  const closeTask = () => {
    const next = new URLSearchParams(search);
    next.delete("task");
    setSearch(next, { replace: true });
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-4">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Link to={`/w/${workspace.id}/projects`} className="text-zinc-400 hover:text-zinc-700" aria-label="All projects">
          <ArrowLeft className="size-4" />
        </Link>
        <span className="size-3 rounded-full" style={{ backgroundColor: p.color }} aria-hidden />
        <h1 className="text-xl font-semibold text-zinc-900">{p.name}</h1>
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-600">{p.key}</span>
        <ProjectBookedSummary workspaceId={workspace.id} projectId={p.id} />
        <div className="ml-auto">
          <RoomPresence room={`project:${p.id}`} label="viewing" />
        </div>
      </header>
      <nav aria-label="Project views" className="flex gap-1 overflow-x-auto border-b border-zinc-200">
        {TABS.map((tab) => (
          <NavLink
            key={tab.path}
            to={tab.path}
            className={({ isActive }) =>
              cn(
                "-mb-px shrink-0 border-b-2 px-2 py-2 text-sm font-medium whitespace-nowrap sm:px-3",
                isActive ? "border-indigo-600 text-indigo-700" : "border-transparent text-zinc-500 hover:text-zinc-800",
              )
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet context={{ project: p } satisfies ProjectOutletContext} />
      {openTaskId ? <TaskDrawer taskId={openTaskId} onClose={closeTask} /> : null}
    </div>
  );
}
