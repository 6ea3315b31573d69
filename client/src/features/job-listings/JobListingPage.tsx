import { ExternalLink, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { PageHeader } from "../../components/ui/Card";
import { ConfirmDialog, Dialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { can } from "../../lib/permissions";
import { renderMarkdown } from "../task-detail/markdown";
import { PROSE } from "../task-detail/prose";
import { cn } from "../../lib/cn";
import { useMe } from "../../lib/session";
import { useMyArtist } from "../artists/artists.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ApplicationsBoard } from "./ApplicationsBoard";
import { ApplyPanel } from "./ApplyPanel";
import { HireDialog } from "./HireDialog";
import { canManageJobs, formatRate, statusLabel, useApplicationEvents, useApplications, useDeleteListing, useListing, useLiveJobs, type JobApplication, type JobListing } from "./job-listings.api";
import { ListingEditorDialog } from "./ListingEditorDialog";

/** One listing: its details, the applications board, the application drawer and hiring. */
export function JobListingPage() {
  const workspace = useCurrentWorkspace();
  const { listingId = "" } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const listing = useListing(workspace.id, listingId);
  const apps = useApplications(workspace.id, listingId);
  const me = useMe();
  const myArtist = useMyArtist(workspace.id, me.data?.user.id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteListing(workspace.id);
  useLiveJobs(workspace.id);
  const manage = canManageJobs(workspace);
  const browseOnly = !can(workspace, "job_listing:read");
  const openId = params.get("application");
  const open = apps.data?.find((a) => a.id === openId) ?? null;

  if (listing.isPending) return <PageSpinner label="Loading listing…" />;
  if (listing.isError) return <ErrorState error={listing.error} onRetry={() => void listing.refetch()} />;
  const l = listing.data;
  const publicUrl = `/jobs/${workspace.slug}/${l.id}`;

  return (
    <div className="space-y-5">
      <p className="text-sm">
        <Link to={`/w/${workspace.id}/jobs`} className="text-indigo-700 hover:underline">← Jobs</Link>
      </p>
      <PageHeader
        title={l.title}
        description={[l.skills.join(", "), formatRate(l), l.remote ? "Remote" : l.location, l.startDate && l.endDate ? `${l.startDate} – ${l.endDate}` : null].filter(Boolean).join(" · ")}
        actions={
          manage ? (
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setEditing(true)}>Edit</Button>
              <Button variant="secondary" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => setDeleting(true)}>Delete</Button>
            </div>
          ) : null
        }
      />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={l.status === "OPEN" ? "green" : "neutral"}>{l.status === "OPEN" ? "Open" : "Closed"}</Badge>
        {l.isPublic ? (
          <a href={publicUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-indigo-700 hover:underline">
            Public page <ExternalLink className="size-3.5" aria-hidden />
          </a>
        ) : <span className="text-zinc-600">Not public</span>}
      </div>
      <details className="rounded-xl border border-zinc-200 bg-white p-4" open={browseOnly}>
        <summary className="cursor-pointer text-sm font-medium">Description</summary>
        <div className={cn(PROSE, "mt-3")} dangerouslySetInnerHTML={{ __html: renderMarkdown(l.description || "_No description_") }} />
      </details>
      {myArtist.data ? <ApplyPanel workspaceId={workspace.id} listing={l} artist={myArtist.data} /> : null}
      {browseOnly ? null : <h2 className="text-base font-semibold text-zinc-900">Applications</h2>}
      {browseOnly ? null : apps.isPending ? (
        <Spinner label="Loading applications" />
      ) : apps.isError ? (
        <ErrorState error={apps.error} onRetry={() => void apps.refetch()} />
      ) : apps.data.length === 0 ? (
        <EmptyState title="No applications yet" description={l.isPublic ? "Share the public page to collect applications." : "Make the listing public, or artists of the workspace apply in the app."} />
      ) : (
        <ApplicationsBoard workspaceId={workspace.id} listingId={l.id} applications={apps.data} canMove={manage} onOpen={(a) => setParams({ application: a.id })} />
      )}
      <ListingEditorDialog workspaceId={workspace.id} listing={l} open={editing} onOpenChange={setEditing} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete “${l.title}”?`}
        description="Its applications and their history go with it. Hired artists and their bookings stay."
        confirmLabel="Delete listing"
        onConfirm={async () => {
          await remove.mutateAsync(l.id);
          toast.success("Listing deleted");
          navigate(`/w/${workspace.id}/jobs`);
        }}
      />
      {open ? <ApplicationDrawer listing={l} application={open} manage={manage} onClose={() => setParams({})} /> : null}
    </div>
  );
}

function ApplicationDrawer({ listing, application: a, manage, onClose }: { listing: JobListing; application: JobApplication; manage: boolean; onClose: () => void }) {
  const workspace = useCurrentWorkspace();
  const events = useApplicationEvents(workspace.id, a.id);
  const [hiring, setHiring] = useState(false);
  const canHire = manage && a.nextStatuses.includes("HIRED");
  return (
    <>
      <Dialog open onOpenChange={(o) => (!o ? onClose() : undefined)} title={a.name} description={`${statusLabel(a.status)} · applied ${a.createdAt.slice(0, 10)}${a.source === "public" ? " through the public page" : " in the app"}`}
        footer={canHire ? <Button onClick={() => setHiring(true)}>Hire…</Button> : <Button variant="secondary" onClick={onClose}>Close</Button>}>
        <p className="text-sm"><a className="text-indigo-700 hover:underline" href={`mailto:${a.email}`}>{a.email}</a></p>
        {a.portfolioLinks.length ? (
          <ul className="text-sm">
            {a.portfolioLinks.map((p) => <li key={p}><a className="break-all text-indigo-700 hover:underline" href={p} target="_blank" rel="noreferrer noopener">{p}</a></li>)}
          </ul>
        ) : null}
        {a.message ? <p className="whitespace-pre-wrap rounded-lg bg-zinc-50 p-3 text-sm text-zinc-800">{a.message}</p> : null}
        {a.artistId ? <p className="text-sm"><Link className="text-indigo-700 hover:underline" to={`/w/${workspace.id}/artists/${a.artistId}`}>Artist profile</Link></p> : null}
        <h3 className="text-sm font-semibold">History</h3>
        {events.isPending ? <Spinner label="Loading history" /> : events.isError ? <p className="text-sm text-red-700">{errorMessage(events.error)}</p> : (
          <ol className="space-y-1 text-sm text-zinc-700" aria-label="History">
            {events.data.map((e) => (
              <li key={e.id}>
                {new Date(e.createdAt).toLocaleString()} — {e.type.replace("_", " ")}
                {(e.after as { status?: string } | null)?.status ? ` → ${statusLabel((e.after as { status: JobApplication["status"] }).status)}` : ""}
              </li>
            ))}
          </ol>
        )}
      </Dialog>
      {hiring ? <HireDialog workspaceId={workspace.id} listing={listing} application={a} open={hiring} onOpenChange={setHiring} onHired={onClose} /> : null}
    </>
  );
}
