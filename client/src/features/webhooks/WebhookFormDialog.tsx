import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { fieldErrors, formMessage } from "../../lib/api";
import { useCreateWebhook, useUpdateWebhook, useWebhookEvents, type Webhook, type WebhookEvent, type WebhookWithSecret } from "./webhooks.api";

/** Events grouped by what they are about: "task.created" → group "task". */
function groups(events: WebhookEvent[]) {
  const map = new Map<string, WebhookEvent[]>();
  for (const e of events) {
    const g = e.split(".")[0];
    map.set(g, [...(map.get(g) ?? []), e]);
  }
  return [...map.entries()];
}

/** Create (then the secret is shown by the caller) or edit a webhook: URL, description, events. */
export function WebhookFormDialog({
  workspaceId,
  open,
  onOpenChange,
  editing,
  onCreated,
}: {
  workspaceId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  editing: Webhook | null;
  onCreated: (hook: WebhookWithSecret) => void;
}) {
  const catalogue = useWebhookEvents();
  const create = useCreateWebhook(workspaceId);
  const update = useUpdateWebhook(workspaceId);
  const mutation = editing ? update : create;
  const [url, setUrl] = useState(editing?.url ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [events, setEvents] = useState<Set<WebhookEvent>>(new Set((editing?.events ?? []) as WebhookEvent[]));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const close = () => {
    onOpenChange(false);
    create.reset();
    update.reset();
  };
  const toggle = (e: WebhookEvent, on: boolean) => setEvents((prev) => {
    const next = new Set(prev);
    if (on) next.add(e);
    else next.delete(e);
    return next;
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!/^https?:\/\/\S+$/i.test(url.trim())) errors.url = "Enter the full address of your receiver, starting with https:// (or http://)";
    if (events.size === 0) errors.events = "Choose at least one event to send";
    setLocalErrors(errors);
    if (Object.keys(errors).length) return;
    const input = { url: url.trim(), description: description.trim() || null, events: [...events] };
    if (editing) {
      update.mutate({ id: editing.id, version: editing.version, ...input }, { onSuccess: () => { toast.success("Webhook saved"); close(); } });
    } else {
      create.mutate(input, { onSuccess: (hook) => { onCreated(hook); close(); } });
    }
  };

  const all = catalogue.data?.map((e) => e.type) ?? [];
  const errors = { ...fieldErrors(mutation.error), ...localErrors };
  const eventsError = errors.events ?? Object.entries(errors).find(([k]) => k.startsWith("events."))?.[1];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && close()}
      title={editing ? "Edit webhook" : "Add webhook"}
      description="TeamFlow POSTs each chosen event as signed JSON to this URL."
      onSubmit={submit}
      busy={mutation.isPending}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={mutation.isPending}>Cancel</Button>
          <Button type="submit" loading={mutation.isPending}>{editing ? "Save" : "Add webhook"}</Button>
        </>
      }
    >
      <FormError message={formMessage(mutation.error, ["url", "events", "description"])} />
      <Field label="Payload URL" error={errors.url} hint="Must be reachable on the internet: private and loopback addresses are refused.">
        <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.example.com/teamflow" maxLength={2000} autoFocus inputMode="url" />
      </Field>
      <Field label="Description (optional)" error={errors.description}>
        <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} placeholder="e.g. Sync to our CRM" />
      </Field>
      <fieldset>
        <div className="flex items-center justify-between">
          <legend className="text-sm font-medium text-zinc-800">Events</legend>
          <div className="flex gap-2 text-xs">
            <button type="button" className="font-medium text-indigo-600 hover:text-indigo-500" onClick={() => setEvents(new Set(all))}>Select all</button>
            <button type="button" className="font-medium text-zinc-500 hover:text-zinc-700" onClick={() => setEvents(new Set())}>Clear</button>
          </div>
        </div>
        {eventsError ? <p className="mt-1 text-sm text-red-600" role="alert">{eventsError}</p> : null}
        <div className="mt-2 max-h-64 space-y-3 overflow-y-auto rounded-lg border border-zinc-200 p-3" data-testid="event-picker">
          {catalogue.isPending ? <p className="text-sm text-zinc-500">Loading events…</p> : null}
          {groups(all).map(([group, items]) => (
            <div key={group}>
              <p className="text-xs font-semibold uppercase tracking-wide text-zinc-400">{group}</p>
              <div className="mt-1 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2">
                {items.map((e) => (
                  <label key={e} className="flex items-center gap-2 text-sm text-zinc-700">
                    <input type="checkbox" className="size-4 rounded border-zinc-300 text-indigo-600" checked={events.has(e)} onChange={(ev) => toggle(e, ev.target.checked)} />
                    <code className="font-mono text-xs">{e}</code>
                  </label>
                ))}
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </Dialog>
  );
}
