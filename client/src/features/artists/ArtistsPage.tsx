import { MoreHorizontal, Palette, Pencil, Plus, Search, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
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
import { ApiError } from "../../lib/api";
import { can } from "../../lib/permissions";
import type { Member } from "../../lib/types";
import { useDebouncedValue } from "../../lib/use-debounced-value";
import { useMembers } from "../members/members.api";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { ArtistFormDialog } from "./ArtistFormDialog";
import { useArtists, useDeleteArtist, useUpdateArtist, useWorkspaceSkills, type Artist } from "./artists.api";
import { formatMoney } from "./format";
import { Pager, useUrlParams } from "./list-controls";

const PER_PAGE = 20;
const ACTIVE_FILTERS = [
  { value: "all", label: "Active and inactive" },
  { value: "true", label: "Active" },
  { value: "false", label: "Inactive" },
] as const;
type ActiveFilter = (typeof ACTIVE_FILTERS)[number]["value"];

/** Artists are managed by ADMIN+ (the server's artist:manage key). */
export const canManageArtists = (workspace: { permissions: string[] }) => can(workspace, "artist:manage");

/** The delete refused with 409 (the artist has bookings), told as what to do instead. */
export async function deleteArtistExplained(remove: (id: string) => Promise<unknown>, artist: Artist) {
  try {
    await remove(artist.id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) throw new Error(`${artist.name} has bookings, so they can't be deleted — deactivate them instead (they stay in past bookings and can't be booked again).`, { cause: err });
    throw err;
  }
}

export function ArtistsPage() {
  const workspace = useCurrentWorkspace();
  const [params, update] = useUrlParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const urlQ = params.get("q") ?? "";
  const urlSkill = params.get("skill") ?? "";
  const active = (ACTIVE_FILTERS.some((f) => f.value === params.get("active")) ? params.get("active") : "all") as ActiveFilter;
  const [search, setSearch] = useState(urlQ);
  const [skill, setSkill] = useState(urlSkill);
  const q = useDebouncedValue(search.trim(), 300);
  const debouncedSkill = useDebouncedValue(skill.trim(), 300);

  useEffect(() => {
    if (q !== urlQ || debouncedSkill !== urlSkill) update({ q, skill: debouncedSkill, page: null });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the debounced inputs change
  }, [q, debouncedSkill]);

  const artists = useArtists(workspace.id, { page, perPage: PER_PAGE, q: urlQ, skill: urlSkill, active: active === "all" ? "" : active });
  const skillOptions = useWorkspaceSkills(workspace.id).data ?? [];
  const members = useMembers(workspace.id, { page: 1, perPage: 100, q: "" });
  const memberList = members.data?.data ?? [];
  const remove = useDeleteArtist(workspace.id);
  const patch = useUpdateArtist(workspace.id);
  const canManage = canManageArtists(workspace);
  const [editing, setEditing] = useState<Artist | "new" | null>(null);
  const [deleting, setDeleting] = useState<Artist | null>(null);

  const list = artists.data?.data ?? [];
  const meta = artists.data?.meta;
  const filtered = !!urlQ || !!urlSkill || active !== "all";
  const newButton = canManage ? (
    <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setEditing("new")}>
      New artist
    </Button>
  ) : null;

  const setActive = (a: Artist, next: boolean) =>
    patch
      .mutateAsync({ id: a.id, version: a.version, active: next })
      .then(() => toast.success(next ? `${a.name} is active again` : `${a.name} is deactivated`))
      .catch((err: unknown) => toast.error(err instanceof Error ? err.message : "Couldn't save"));

  return (
    <>
      <title>{`Artists · ${workspace.name} · TeamFlow`}</title>
      <PageHeader title="Artists" description="The artists and crew you book, their skills and rates." actions={newButton} />

      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="relative sm:max-w-xs sm:flex-1">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
          <Input type="search" aria-label="Search artists" placeholder="Search name, title or email" value={search} onChange={(e) => setSearch(e.target.value)} className="pl-9" />
        </div>
        <div className="sm:w-44">
          <Input aria-label="Skill filter" placeholder="Skill, e.g. lighting" value={skill} onChange={(e) => setSkill(e.target.value)} list="artist-skill-options" />
          <datalist id="artist-skill-options">
            {skillOptions.map((s) => (
              <option key={s.skill} value={s.skill}>{`${s.artists} ${s.artists === 1 ? "artist" : "artists"}`}</option>
            ))}
          </datalist>
        </div>
        <div className="sm:w-52">
          <Select aria-label="Active filter" value={active} options={[...ACTIVE_FILTERS]} onValueChange={(v) => update({ active: v === "all" ? null : v, page: null })} />
        </div>
        {artists.isFetching && !artists.isPending ? <Spinner className="size-4 text-zinc-400" label="Refreshing" /> : null}
      </div>

      {artists.isPending ? (
        <PageSpinner label="Loading artists…" />
      ) : artists.isError ? (
        <ErrorState error={artists.error} onRetry={() => void artists.refetch()} />
      ) : list.length === 0 ? (
        <div className="rounded-xl bg-white ring-1 ring-zinc-200">
          <EmptyState
            icon={Palette}
            title={filtered ? "No artists match" : "No artists yet"}
            description={filtered ? "Try another search, skill or filter." : canManage ? "Add the artists and crew you book." : "An admin adds the artists of this workspace."}
            action={filtered ? null : newButton}
          />
        </div>
      ) : (
        <div className="overflow-hidden rounded-xl bg-white shadow-xs ring-1 ring-zinc-200">
          <table className="w-full text-left text-sm" aria-label="Artists">
            <thead className="hidden border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500 md:table-header-group">
              <tr>
                <th className="px-4 py-2.5">Artist</th>
                <th className="px-4 py-2.5">Skills</th>
                <th className="px-4 py-2.5 text-right">Day rate</th>
                <th className="px-4 py-2.5">Timezone</th>
                <th className="px-4 py-2.5">Member</th>
                {canManage ? <th className="w-12 px-2 py-2.5"><span className="sr-only">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {list.map((a) => (
                <ArtistRow
                  key={a.id}
                  artist={a}
                  member={memberList.find((m) => m.userId === a.userId)}
                  canManage={canManage}
                  onEdit={() => setEditing(a)}
                  onToggleActive={() => void setActive(a, !a.active)}
                  onDelete={() => setDeleting(a)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Pager label="Artist pages" meta={meta} onPage={(n) => update({ page: String(n) })} />

      {editing ? <ArtistFormDialog workspaceId={workspace.id} artist={editing === "new" ? null : editing} members={memberList} onClose={() => setEditing(null)} /> : null}

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.name}?`}
        description="The artist, their working hours and time off are deleted. An artist with bookings can't be deleted: deactivate them instead."
        confirmLabel="Delete artist"
        onConfirm={async () => {
          if (!deleting) return;
          await deleteArtistExplained((id) => remove.mutateAsync(id), deleting);
          toast.success(`Deleted ${deleting.name}`);
        }}
      />
    </>
  );
}

function ArtistRow({ artist: a, member, canManage, onEdit, onToggleActive, onDelete }: { artist: Artist; member: Member | undefined; canManage: boolean; onEdit: () => void; onToggleActive: () => void; onDelete: () => void }) {
  return (
    <tr className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-4 py-3 md:table-row md:p-0" data-testid="artist-row">
      <td className="min-w-0 flex-1 basis-full md:px-4 md:py-3">
        <div className="flex items-center gap-3">
          <span className="size-3 shrink-0 rounded-full" style={{ backgroundColor: a.color }} aria-hidden />
          <div className="min-w-0">
            <Link to={a.id} className="font-medium text-zinc-900 hover:text-indigo-700 hover:underline">
              {a.name}
            </Link>
            {!a.active ? (
              <Badge tone="neutral" className="ml-2">
                Inactive
              </Badge>
            ) : null}
            {a.title ? <p className="truncate text-xs text-zinc-500">{a.title}</p> : null}
          </div>
        </div>
      </td>
      <td className="md:px-4 md:py-3">
        <div className="flex flex-wrap gap-1">
          {a.skills.length ? a.skills.map((s) => <Badge key={s} tone="indigo">{s}</Badge>) : <span className="text-xs text-zinc-400">No skills listed</span>}
        </div>
      </td>
      <td className="text-sm tabular-nums text-zinc-700 md:px-4 md:py-3 md:text-right">
        {a.dayRate !== null ? (
          <>
            {formatMoney(a.dayRate, a.currency)}
            <span className="text-xs text-zinc-400"> /day</span>
          </>
        ) : (
          <span className="text-xs text-zinc-400">No rate</span>
        )}
      </td>
      <td className="text-xs text-zinc-500 md:px-4 md:py-3 md:text-sm">{a.timezone}</td>
      <td className="text-xs text-zinc-500 md:px-4 md:py-3 md:text-sm"><span className="md:hidden">{member || a.userId ? "Linked to " : ""}</span>
        {member ? member.name : a.userId ? "a member" : <span title="No linked member">—<span className="sr-only">No linked member</span></span>}</td>
      {canManage ? (
        <td className="ml-auto md:px-2 md:py-3">
          <MenuRoot>
            <MenuTrigger asChild>
              <IconButton label={`Actions for ${a.name}`}>
                <MoreHorizontal className="size-4" aria-hidden />
              </IconButton>
            </MenuTrigger>
            <MenuContent align="end" className="min-w-44">
              <MenuItem onSelect={onEdit}>
                <Pencil className="size-4" aria-hidden /> Edit
              </MenuItem>
              <MenuItem onSelect={onToggleActive}>{a.active ? "Deactivate" : "Activate"}</MenuItem>
              <MenuSeparator />
              <MenuItem onSelect={onDelete} className="text-red-700 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-800">
                <Trash2 className="size-4" aria-hidden /> Delete
              </MenuItem>
            </MenuContent>
          </MenuRoot>
        </td>
      ) : null}
    </tr>
  );
}
