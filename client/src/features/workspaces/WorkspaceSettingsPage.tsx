import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { PageHeader, Section } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { ErrorState } from "../../components/ui/ErrorState";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { PageSpinner } from "../../components/ui/Spinner";
import { ApiError, errorMessage, fieldErrors, formMessage } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { can } from "../../lib/permissions";
import { ROLE_LABEL } from "../../lib/roles";
import { useMe } from "../../lib/session";
import type { Workspace } from "../../lib/types";
import { useCurrentWorkspace } from "./WorkspaceContext";
import { useDeleteWorkspace, useRenameWorkspace, useWorkspace } from "./workspaces.api";

/** Save (when changed) and Reset, under a settings form. */
function SaveActions({ pending, dirty, onReset }: { pending: boolean; dirty: boolean; onReset: () => void }) {
  return (
    <div className="flex gap-2">
      <Button type="submit" loading={pending} disabled={!dirty}>
        Save
      </Button>
      {dirty ? (
        <Button variant="ghost" onClick={onReset}>
          Reset
        </Button>
      ) : null}
    </div>
  );
}

/** A failed PATCH: a 409 means someone else saved first (the latest copy is refetched). */
const saveFailed = (what: "name" | "settings") => (err: Error) => {
  if (err instanceof ApiError && err.code === "CONFLICT") toast.error(`Someone else changed this workspace. The latest ${what} ${what === "name" ? "is" : "are"} shown; try again.`);
  else toast.error(errorMessage(err));
};

function RenameForm({ workspace, canEdit }: { workspace: Workspace; canEdit: boolean }) {
  const [name, setName] = useState(workspace.name);
  const [localError, setLocalError] = useState<string | null>(null);
  const rename = useRenameWorkspace(workspace.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setLocalError("The name can't be empty");
      return;
    }
    setLocalError(null);
    rename.mutate(
      { name: name.trim(), version: workspace.version },
      {
        onSuccess: (updated) => {
          setName(updated.name);
          toast.success("Workspace renamed");
        },
        onError: saveFailed("name"),
      },
    );
  };

  const dirty = name.trim() !== workspace.name;
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Rename workspace">
      <FormError message={rename.error instanceof ApiError && rename.error.code === "VALIDATION_ERROR" ? formMessage(rename.error, ["name"]) : null} />
      <Field
        label="Workspace name"
        error={localError ?? fieldErrors(rename.error).name}
        hint={canEdit ? undefined : "Only an owner can rename the workspace."}
      >
        <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!canEdit} maxLength={100} className="sm:max-w-md" />
      </Field>
      {canEdit ? <SaveActions pending={rename.isPending} dirty={dirty} onReset={() => setName(workspace.name)} /> : null}
    </form>
  );
}

/** Validates the hold length field: empty = holds never expire by default, else whole hours 1–8760. */
function parseHoldHours(raw: string): { value: number | null } | { error: string } {
  const v = raw.trim();
  if (!v) return { value: null };
  if (!/^\d+$/.test(v)) return { error: "Enter a whole number of hours, or leave it empty" };
  const n = Number(v);
  if (n < 1) return { error: "At least 1 hour" };
  if (n > 8760) return { error: "At most 8760 hours (a year)" };
  return { value: n };
}

function HoldExpiryForm({ workspace, canEdit }: { workspace: Workspace; canEdit: boolean }) {
  const initial = workspace.holdExpiryHours === null ? "" : String(workspace.holdExpiryHours);
  const [hours, setHours] = useState(initial);
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useRenameWorkspace(workspace.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseHoldHours(hours);
    if ("error" in parsed) {
      setLocalError(parsed.error);
      return;
    }
    setLocalError(null);
    void save
      .mutateAsync({ holdExpiryHours: parsed.value, version: workspace.version })
      // Through the promise: a saved version remounts this form (keyed by version), which would drop mutate()'s callbacks.
      .then(
        (updated) => toast.success(updated.holdExpiryHours === null ? "New holds no longer expire by default" : `New holds expire after ${updated.holdExpiryHours} hours`),
        saveFailed("settings"),
      );
  };

  const dirty = hours.trim() !== initial;
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Hold expiry">
      <FormError message={save.error instanceof ApiError && save.error.code === "VALIDATION_ERROR" ? formMessage(save.error, ["holdExpiryHours"]) : null} />
      <Field
        label="Holds expire after (hours)"
        error={localError ?? fieldErrors(save.error).holdExpiryHours}
        hint={
          canEdit
            ? "A hold made without its own expiry is released by the maintenance job after this many hours, and the next hold moves up. Empty: holds never expire by default."
            : "Only an admin or owner can change how long holds last."
        }
      >
        <Input
          type="number"
          inputMode="numeric"
          min={1}
          max={8760}
          step={1}
          value={hours}
          placeholder="Never"
          onChange={(e) => setHours(e.target.value)}
          disabled={!canEdit}
          className="sm:max-w-[10rem]"
        />
      </Field>
      {canEdit ? <SaveActions pending={save.isPending} dirty={dirty} onReset={() => setHours(initial)} /> : null}
    </form>
  );
}

export function WorkspaceSettingsPage() {
  const current = useCurrentWorkspace();
  const query = useWorkspace(current.id);
  const { data: me } = useMe();
  const navigate = useNavigate();
  const remove = useDeleteWorkspace(current.id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canRename = can(current, "workspace:update");
  const canDelete = can(current, "workspace:delete");
  const canChangeSettings = can(current, "workspace:settings");

  return (
    <>
      <title>{`Workspace settings · ${current.name} · TeamFlow`}</title>
      <PageHeader title="Workspace settings" description="General settings for this workspace." />
      {query.isPending ? (
        <PageSpinner />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="space-y-6">
          <Section title="General" description={`Created ${formatDate(query.data.createdAt, me?.user.timezone)} · Your role: ${ROLE_LABEL[current.role]}`}>
            {/* Keyed by version so a newer server copy resets the field. */}
            <RenameForm key={query.data.version} workspace={query.data} canEdit={canRename} />
          </Section>

          <Section title="Bookings" description="How long a hold on an artist lasts before it is released automatically.">
            <HoldExpiryForm key={query.data.version} workspace={query.data} canEdit={canChangeSettings} />
          </Section>

          {canDelete ? (
            <Section
              tone="danger"
              title="Delete workspace"
              description="Permanently deletes this workspace with all its projects, tasks and bookings for every member. This can't be undone."
              actions={
                <Button variant="danger" onClick={() => setConfirmDelete(true)}>
                  Delete workspace
                </Button>
              }
            />
          ) : null}

          <ConfirmDialog
            open={confirmDelete}
            onOpenChange={setConfirmDelete}
            title={`Delete “${query.data.name}”?`}
            description="Everything in this workspace will be deleted for all members. This can't be undone."
            confirmLabel="Delete workspace"
            requireText={query.data.name}
            onConfirm={async () => {
              await remove.mutateAsync();
              toast.success(`Workspace “${query.data.name}” deleted`);
              navigate("/", { replace: true });
            }}
          />
        </div>
      )}
    </>
  );
}
