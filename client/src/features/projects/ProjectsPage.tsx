import { Archive, ArchiveRestore, CalendarDays, ChevronLeft, ChevronRight, FolderKanban, MoreHorizontal, Pencil, Plus, Search, Trash2, UserRound } from "lucide-react";
import { useEffect, useState } from "react";
import { useSearchParams, Link } from "react-router-dom";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button, IconButton } from "../../components/ui/Button";
import { PageHeader } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { Input } from "../../components/ui/Input";
import { MenuContent, MenuItem, MenuRoot, MenuSeparator, MenuTrigger } from "../../components/ui/Menu";
import { Select } from "../../components/ui/Select";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { can } from "../../lib/permissions";
import type { Member } from "../../lib/types";
import { useDebouncedValue } from "../../lib/use-debounced-value";
import { useMembers } from "../members/members.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ProjectFormDialog } from "./ProjectFormDialog";
import { STATUS_LABEL, useArchiveProject, useDeleteProject, useProjects, type Project, type ProjectListParams, type ProjectStatus } from "./projects.api";

const PER_PAGE = 24;

type Filter = "open" | "active" | "on_hold" | "completed" | "archived" | "all";
const FILTERS: { value: Filter; label: string }[] = [
  { value: "open", label: "Not archived" },
  { value: "active", label: "Active" },
  { value: "on_hold", label: "On hold" },
  { value: "completed", label: "Completed" },
  { value: "archived", label: "Archived" },
  { value: "all", label: "All" },
];

function filterParams(filter: Filter): Pick<ProjectListParams, "status" | "includeArchived"> {
  if (filter === "open") return {};
  if (filter === "all") return { includeArchived: true };
  return { status: filter.toUpperCase() as ProjectStatus };
}

const STATUS_TONE = { ACTIVE: "green", ON_HOLD: "amber", COMPLETED: "sky", ARCHIVED: "neutral" } as const;

function formatDay(day: string | null): string | null {
  if (!day) return null;
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return null;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

function dateRange(p: Project): string | null {
  const start = formatDay(p.startDate);
  const end = formatDay(p.endDate);
  if (start && end) return `${start} – ${end}`;
  if (start) return `From ${start}`;
  if (end) return `Until ${end}`;
  return null;
}

export function ProjectsPage() {
  const workspace = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const filter = (FILTERS.some((f) => f.value === params.get("status")) ? params.get("status") : "open") as Filter;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const urlQ = params.get("q") ?? "";
  const [search, setSearch] = useState(urlQ);
  const q = useDebouncedValue(search.trim(), 300);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === "") next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  useEffect(() => {
    if (q !== urlQ) update({ q, page: null });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the debounced search changes
  }, [q]);

  const projects = useProjects(workspace.id, { page, perPage: PER_PAGE, q: urlQ, ...filterParams(filter) });
  const members = useMembers(workspace.id, { page: 1, perPage: 100, q: "" });
  const memberList = members.data?.data ?? [];
  const archive = useArchiveProject(workspace.id);
  const remove = useDeleteProject(workspace.id);

  const canCreate = can(workspace, "project:create");
  // Edit, archive and delete (project:delete goes to the same roles).
  const canManage = can(workspace, "project:update");
  const [editing, setEditing] = useState<Project | "new" | null>(null);
  const [deleting, setDeleting] = useState<Project | null>(null);

  const toggleArchive = (p: Project) => {
    const archiving = p.status !== "ARCHIVED";
    archive
      .mutateAsync({ id: p.id, archive: archiving })
      .then(() => toast.success(archiving ? `Archived ${p.name}` : `Restored ${p.name}`))
      .catch((err) => toast.error(errorMessage(err)));
  };

  const meta = projects.data?.meta;
  const list = projects.data?.data ?? [];
  const filtered = !!urlQ || filter !== "open";
  const newButton = canCreate ? (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setEditing("new")}>
      New project
    </Button>
  ) : null;

  return (
    <>
      <title>{`Projects · ${workspace.name} · TeamFlow`}</title>
      <PageHeader title="Projects" description={`The projects of ${workspace.name}.`} actions={newButton} />

      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="relative sm:max-w-xs sm:flex-1">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
          <Input type="search" aria-label="Search projects" placeholder="Search by name or key" value={search} onChange={(e) => setSearch(e.target.value)} className="pl-9" />
        </div>
        <div className="sm:w-44">
          <Select aria-label="Status filter" value={filter} options={FILTERS} onValueChange={(v) => update({ status: v === "open" ? null : v, page: null })} />
        </div>
        {projects.isFetching && !projects.isPending ? <Spinner className="size-4 text-zinc-400" label="Refreshing" /> : null}
      </div>

      {projects.isPending ? (
        <PageSpinner label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorState error={projects.error} onRetry={() => void projects.refetch()} />
      ) : list.length === 0 ? (
        <div className="rounded-xl bg-white ring-1 ring-zinc-200">
          <EmptyState
            icon={FolderKanban}
            title={filtered ? "No projects match" : "No projects yet"}
            description={filtered ? "Try another search or status." : `${canCreate ? "Create the first project of this workspace." : "Nobody has created a project here yet."} Archived projects are under the Archived filter.`}
            action={filtered ? null : newButton}
          />
        </div>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Projects">
          {list.map((p) => (
            <ProjectCard
              key={p.id}
              project={p}
              lead={memberList.find((m) => m.userId === p.leadId)}
              canManage={canManage}
              onEdit={() => setEditing(p)}
              onArchive={() => toggleArchive(p)}
              onDelete={() => setDeleting(p)}
            />
          ))}
        </ul>
      )}

      {meta && meta.totalPages > 1 ? (
        <nav aria-label="Project pages" className="mt-4 flex items-center justify-between gap-2 text-sm text-zinc-600">
          <span>
            Page {meta.page} of {meta.totalPages}
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" icon={<ChevronLeft className="size-4" aria-hidden />} disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
              Previous
            </Button>
            <Button variant="secondary" size="sm" disabled={page >= meta.totalPages} onClick={() => update({ page: String(page + 1) })}>
              Next
              <ChevronRight className="size-4" aria-hidden />
            </Button>
          </div>
        </nav>
      ) : null}

      {editing ? (
        <ProjectFormDialog workspaceId={workspace.id} project={editing === "new" ? null : editing} members={memberList} onClose={() => setEditing(null)} />
      ) : null}

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.name}?`}
        description="The project and everything in it will be deleted for everyone. Archive it instead if you may need it again."
        confirmLabel="Delete project"
        requireText={deleting?.key}
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync(deleting.id);
          toast.success(`Deleted ${deleting.name}`);
        }}
      />
    </>
  );
}

function ProjectCard({
  project: p,
  lead,
  canManage,
  onEdit,
  onArchive,
  onDelete,
}: {
  project: Project;
  lead: Member | undefined;
  canManage: boolean;
  onEdit: () => void;
  onArchive: () => void;
  onDelete: () => void;
}) {
  const dates = dateRange(p);
  return (
    <li className="flex flex-col overflow-hidden rounded-xl bg-white shadow-xs ring-1 ring-zinc-200" data-testid="project-card">
      <div className="h-1.5" style={{ backgroundColor: p.color }} aria-hidden />
      <div className="flex flex-1 flex-col gap-3 p-4">
        <div className="flex items-start gap-3">
          <span className="mt-0.5 size-3 shrink-0 rounded-full" style={{ backgroundColor: p.color }} aria-hidden />
          <div className="min-w-0 flex-1">
            {/* h2: the page's h1 is the next level up (heading-order). */}
            <h2 className="truncate text-sm font-semibold text-zinc-900" title={p.name}>
              <Link to={p.id + "/board"} className="hover:text-indigo-700 hover:underline">
                {p.name}
              </Link>
            </h2>
            <div className="mt-1 flex flex-wrap items-center gap-1.5">
              <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs font-medium text-zinc-700">{p.key}</span>
              <Badge tone={STATUS_TONE[p.status]}>{STATUS_LABEL[p.status]}</Badge>
            </div>
          </div>
          {canManage ? (
            <MenuRoot>
              <MenuTrigger asChild>
                <IconButton label={`Actions for ${p.name}`} className="-mr-2 -mt-1">
                  <MoreHorizontal className="size-4" aria-hidden />
                </IconButton>
              </MenuTrigger>
              <MenuContent align="end" className="min-w-44">
                <MenuItem onSelect={onEdit}>
                  <Pencil className="size-4" aria-hidden /> Edit
                </MenuItem>
                <MenuItem onSelect={onArchive}>
                  {p.status === "ARCHIVED" ? <ArchiveRestore className="size-4" aria-hidden /> : <Archive className="size-4" aria-hidden />}
                  {p.status === "ARCHIVED" ? "Restore" : "Archive"}
                </MenuItem>
                <MenuSeparator />
                <MenuItem onSelect={onDelete} className="text-red-700 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-800">
                  <Trash2 className="size-4" aria-hidden /> Delete
                </MenuItem>
              </MenuContent>
            </MenuRoot>
          ) : null}
        </div>
        {p.description ? <p className="line-clamp-2 text-sm text-zinc-600">{p.description}</p> : null}
        <dl className="mt-auto space-y-1 text-xs text-zinc-500">
          {dates ? (
            <div className="flex items-center gap-1.5">
              <dt>
                <CalendarDays className="size-3.5" aria-label="Dates" />
              </dt>
              <dd>{dates}</dd>
            </div>
          ) : null}
          {lead ? (
            <div className="flex items-center gap-1.5">
              <dt>
                <UserRound className="size-3.5" aria-label="Lead" />
              </dt>
              <dd>{lead.name}</dd>
            </div>
          ) : null}
        </dl>
      </div>
    </li>
  );
}
