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
        onError: (err) => {
          if (err instanceof ApiError && err.code === "CONFLICT") toast.error("Someone else changed this workspace. The latest name is shown; try again.");
          else toast.error(errorMessage(err));
        },
      },
    );
  };

  const dirty = name.trim() !== workspace.name;
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={rename.error instanceof ApiError && rename.error.code === "VALIDATION_ERROR" ? formMessage(rename.error, ["name"]) : null} />
      <Field
        label="Workspace name"
        error={localError ?? fieldErrors(rename.error).name}
        hint={canEdit ? undefined : "Only an owner can rename the workspace."}
      >
        <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!canEdit} maxLength={100} className="sm:max-w-md" />
      </Field>
      {canEdit ? (
        <div className="flex gap-2">
          <Button type="submit" loading={rename.isPending} disabled={!dirty}>
            Save
          </Button>
          {dirty ? (
            <Button variant="ghost" onClick={() => setName(workspace.name)}>
              Reset
            </Button>
          ) : null}
        </div>
      ) : null}
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
