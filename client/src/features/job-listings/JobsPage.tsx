import { Briefcase, Plus } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { PageHeader } from "../../components/ui/Card";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { Input, NativeSelect } from "../../components/ui/Input";
import { PageSpinner } from "../../components/ui/Spinner";
import { can } from "../../lib/permissions";
import { useDebouncedValue } from "../../lib/use-debounced-value";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { canManageJobs, formatRate, useListings, useLiveJobs } from "./job-listings.api";
import { ListingEditorDialog } from "./ListingEditorDialog";

/** The workspace's job listings: open and closed, search and skill filters, a new listing. */
export function JobsPage() {
  const workspace = useCurrentWorkspace();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "OPEN") as "OPEN" | "CLOSED" | "ALL";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [search, setSearch] = useState("");
  const [skill, setSkill] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const s = useDebouncedValue(skill.trim(), 300);
  const [creating, setCreating] = useState(false);
  const manage = canManageJobs(workspace);
  // An artist user without the read permission sees the open listings only (to apply), without counts.
  const browseOnly = !can(workspace, "job_listing:read");
  useLiveJobs(workspace.id);
  const list = useListings(workspace.id, { status: browseOnly ? "OPEN" : status === "ALL" ? undefined : status, q, skill: s, page });

  return (
    <div className="space-y-5">
      <PageHeader
        title="Jobs"
        description={browseOnly ? "Open roles you can apply to." : "Open roles, their applicants and who you hired."}
        actions={manage ? <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>New listing</Button> : null}
      />
      <div className="flex flex-col gap-2 sm:flex-row">
        {browseOnly ? null : <NativeSelect aria-label="Status" value={status} onChange={(e) => setParams({ status: e.target.value })} className="sm:w-40">
          <option value="OPEN">Open</option>
          <option value="CLOSED">Closed</option>
          <option value="ALL">Open and closed</option>
        </NativeSelect>}
        <Input aria-label="Search listings" placeholder="Search title and description" value={search} onChange={(e) => setSearch(e.target.value)} />
        <Input aria-label="Skill" placeholder="Skill" value={skill} onChange={(e) => setSkill(e.target.value)} className="sm:w-48" />
      </div>
      {list.isPending ? (
        <PageSpinner label="Loading listings…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <EmptyState icon={Briefcase} title="No listings here" description={manage ? "Post a role to collect applications, in-app or through a public page." : "Nothing matches these filters."} action={manage ? <Button onClick={() => setCreating(true)}>New listing</Button> : null} />
      ) : (
        <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white">
          {list.data.data.map((l) => {
            const total = Object.values(l.applicationCounts).reduce<number>((a, b) => a + (b ?? 0), 0);
            return (
              <li key={l.id} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <Link to={`/w/${workspace.id}/jobs/${l.id}`} className="font-medium text-zinc-900 hover:underline">
                    {l.title}
                  </Link>
                  <p className="text-sm text-zinc-600">
                    {[l.skills.join(", "), formatRate(l), l.remote ? "Remote" : l.location, l.startDate && l.endDate ? `${l.startDate} – ${l.endDate}` : null].filter(Boolean).join(" · ")}
                  </p>
                </div>
                <div className="flex shrink-0 items-center gap-2">
                  {l.isPublic ? <Badge tone="sky">Public</Badge> : null}
                  <Badge tone={l.status === "OPEN" ? "green" : "neutral"}>{l.status === "OPEN" ? "Open" : "Closed"}</Badge>
                  {browseOnly ? null : <span className="text-sm text-zinc-600">{total} {total === 1 ? "applicant" : "applicants"}</span>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {list.data && list.data.meta.totalPages > 1 ? (
        <div className="flex justify-end gap-2">
          <Button variant="secondary" disabled={page <= 1} onClick={() => setParams({ status, page: String(page - 1) })}>Previous</Button>
          <Button variant="secondary" disabled={page >= list.data.meta.totalPages} onClick={() => setParams({ status, page: String(page + 1) })}>Next</Button>
        </div>
      ) : null}
      <ListingEditorDialog workspaceId={workspace.id} open={creating} onOpenChange={setCreating} onSaved={(l) => navigate(`/w/${workspace.id}/jobs/${l.id}`)} />
    </div>
  );
}
