import { TriangleAlert } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { CopyField } from "../../components/ui/CopyField";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { Select } from "../../components/ui/Select";
import { fieldErrors, formMessage } from "../../lib/api";
import type { CreatedApiToken, TokenScope } from "../../lib/types";
import { useCreateApiToken } from "./tokens.api";

const SCOPES: { value: TokenScope; label: string; description: string }[] = [
  { value: "read", label: "Read only", description: "Can read data, can't change anything" },
  { value: "read-write", label: "Read and write", description: "Can read and change data, like you can" },
];

/** Two steps: the form, then the new token — shown this one time only. */
export function CreateTokenDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateApiToken();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<TokenScope>("read");
  const [expiresInDays, setExpiresInDays] = useState("");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const close = () => {
    onOpenChange(false);
    // Forget the secret as soon as the dialog closes.
    setTimeout(() => {
      setCreated(null);
      setName("");
      setScope("read");
      setExpiresInDays("");
      setLocalErrors({});
      create.reset();
    }, 200);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = "Give the token a name so you recognise it later";
    const days = expiresInDays.trim() === "" ? undefined : Number(expiresInDays);
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) errors.expiresInDays = "Enter a whole number of days between 1 and 3650, or leave empty";
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    create.mutate(
      { name: name.trim(), scope, ...(days !== undefined ? { expiresInDays: days } : {}) },
      {
        onSuccess: (token) => {
          setCreated(token);
          toast.success(`Token “${token.name}” created`);
        },
      },
    );
  };

  if (created) {
    return (
      <Dialog
        open={open}
        onOpenChange={(next) => !next && close()}
        title="Copy your new token"
        description={`“${created.name}” · ${created.scope === "read" ? "read only" : "read and write"}`}
        footer={<Button onClick={close}>I've copied it</Button>}
      >
        <div className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="alert">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>This is the only time the token is shown. Store it somewhere safe, like a password manager — anyone with it can act as you.</p>
        </div>
        <CopyField value={created.token} label="New API token" testId="new-token" />
        <p className="text-xs text-zinc-500">
          Use it as <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono">Authorization: Bearer {created.prefix}…</code>
        </p>
      </Dialog>
    );
  }

  const errors = { ...fieldErrors(create.error), ...localErrors };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && close()}
      title="Create API token"
      description="Personal tokens let scripts and integrations use the TeamFlow API as you."
      onSubmit={submit}
      busy={create.isPending}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </>
      }
    >
      <FormError message={formMessage(create.error, ["name", "scope", "expiresInDays"])} />
      <Field label="Name" error={errors.name} hint="For example “CI deploy script”.">
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus />
      </Field>
      <Field label="Access" error={errors.scope}>
        <Select value={scope} onValueChange={setScope} options={SCOPES} />
      </Field>
      <Field label="Expires after (days)" error={errors.expiresInDays} hint="Leave empty for a token that doesn't expire.">
        <Input type="number" inputMode="numeric" min={1} max={3650} step={1} placeholder="90" value={expiresInDays} onChange={(e) => setExpiresInDays(e.target.value)} className="sm:max-w-40" />
      </Field>
    </Dialog>
  );
}
