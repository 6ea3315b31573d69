import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { Dialog } from "../../components/ui/Dialog";
import { fieldErrors, formMessage } from "../../lib/api";
import { useCreateWorkspace } from "./workspaces.api";

function useCreateAndOpen(onDone?: () => void) {
  const navigate = useNavigate();
  const mutation = useCreateWorkspace();
  const [name, setName] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setLocalError("Give your workspace a name");
      return;
    }
    setLocalError(null);
    mutation.mutate(
      { name: name.trim() },
      {
        onSuccess: (workspace) => {
          toast.success(`Workspace “${workspace.name}” created`);
          setName("");
          onDone?.();
          navigate(`/w/${workspace.id}`);
        },
      },
    );
  };

  const error = localError ?? fieldErrors(mutation.error).name ?? null;
  return { name, setName, submit, mutation, error, formError: formMessage(mutation.error, ["name"]) };
}

/** Inline form for the "create your first workspace" screen. */
export function CreateWorkspaceForm() {
  const { name, setName, submit, mutation, error, formError } = useCreateAndOpen();
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={formError} />
      <Field label="Workspace name" error={error} hint="Usually your team or company name. You can change it later.">
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Acme Studio" autoFocus maxLength={100} />
      </Field>
      <Button type="submit" className="w-full" loading={mutation.isPending}>
        Create workspace
      </Button>
    </form>
  );
}

export function CreateWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { name, setName, submit, mutation, error, formError } = useCreateAndOpen(() => onOpenChange(false));
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          setName("");
          mutation.reset();
        }
        onOpenChange(next);
      }}
      title="Create workspace"
      description="A workspace holds your team's projects, tasks and bookings. You'll be its owner."
      onSubmit={submit}
      busy={mutation.isPending}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Create workspace
          </Button>
        </>
      }
    >
      <FormError message={formError} />
      <Field label="Workspace name" error={error}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Acme Studio" autoFocus maxLength={100} />
      </Field>
    </Dialog>
  );
}
