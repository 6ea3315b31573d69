import { useEffect, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { Input, NativeSelect } from "../../components/ui/Input";
import { fieldErrors, formMessage } from "../../lib/api";
import { renderMarkdown } from "../task-detail/markdown";
import { useSaveListing, type JobListing, type JobListingInput } from "./job-listings.api";

const FIELDS = ["title", "description", "skills", "startDate", "endDate", "rateMin", "rateMax", "currency", "location", "remote", "status", "isPublic"] as const;

interface Draft {
  title: string;
  description: string;
  skills: string;
  startDate: string;
  endDate: string;
  rateMin: string;
  rateMax: string;
  currency: string;
  location: string;
  remote: boolean;
  status: "OPEN" | "CLOSED";
  isPublic: boolean;
}

const draftOf = (l?: JobListing): Draft => ({
  title: l?.title ?? "",
  description: l?.description ?? "",
  skills: l?.skills.join(", ") ?? "",
  startDate: l?.startDate ?? "",
  endDate: l?.endDate ?? "",
  rateMin: l?.rateMin != null ? String(l.rateMin / 100) : "",
  rateMax: l?.rateMax != null ? String(l.rateMax / 100) : "",
  currency: l?.currency ?? "EUR",
  location: l?.location ?? "",
  remote: l?.remote ?? false,
  status: l?.status ?? "OPEN",
  isPublic: l?.isPublic ?? false,
});

/** Day rates are typed in whole units and sent in minor units (cents). */
const money = (v: string) => (v.trim() === "" ? null : Math.round(Number(v) * 100));

/** Checks the browser can do before asking the server (which checks them all again). */
function localErrors(d: Draft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.title.trim()) e.title = "Give the role a title.";
  if (d.startDate && d.endDate && d.startDate > d.endDate) e.endDate = "The end date is before the start date.";
  const min = money(d.rateMin);
  const max = money(d.rateMax);
  if ((min !== null && Number.isNaN(min)) || (min ?? 0) < 0) e.rateMin = "Enter a number, e.g. 450.";
  if ((max !== null && Number.isNaN(max)) || (max ?? 0) < 0) e.rateMax = "Enter a number, e.g. 600.";
  if (min !== null && max !== null && min > max) e.rateMax = "The maximum is below the minimum.";
  return e;
}

export function ListingEditorDialog({ workspaceId, listing, open, onOpenChange, onSaved }: { workspaceId: string; listing?: JobListing; open: boolean; onOpenChange: (open: boolean) => void; onSaved?: (l: JobListing) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(listing));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveListing(workspaceId);
  useEffect(() => {
    if (open) {
      setDraft(draftOf(listing));
      setErrors({});
      setFormError(null);
      setPreview(false);
    }
  }, [open, listing]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((e) => ({ ...e, [k]: "" }));
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local = localErrors(draft);
    setErrors(local);
    if (Object.keys(local).length) return;
    const body: JobListingInput & { version?: number } = {
      title: draft.title.trim(),
      description: draft.description,
      skills: draft.skills.split(",").map((s) => s.trim()).filter(Boolean),
      startDate: draft.startDate || null,
      endDate: draft.endDate || null,
      rateMin: money(draft.rateMin),
      rateMax: money(draft.rateMax),
      currency: draft.currency.trim().toUpperCase(),
      location: draft.location.trim() || null,
      remote: draft.remote,
      status: draft.status,
      isPublic: draft.isPublic,
      ...(listing ? { version: listing.version } : {}),
    };
    try {
      const saved = await save.mutateAsync({ id: listing?.id, body });
      toast.success(listing ? "Listing saved" : "Listing posted");
      onOpenChange(false);
      onSaved?.(saved as JobListing);
    } catch (err) {
      setErrors(fieldErrors(err));
      setFormError(formMessage(err, FIELDS));
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={listing ? "Edit job listing" : "New job listing"}
      onSubmit={submit}
      busy={save.isPending}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {listing ? "Save" : "Post listing"}
          </Button>
        </>
      }
    >
      <FormError message={formError} />
      <Field label="Title" error={errors.title}>
        <Input value={draft.title} onChange={(e) => set("title", e.target.value)} maxLength={200} />
      </Field>
      <div>
        <div className="mb-1.5 flex items-center justify-between">
          <span className="text-sm font-medium text-zinc-800" id="desc-label">
            Description (Markdown)
          </span>
          <Button variant="ghost" size="sm" onClick={() => setPreview((p) => !p)} aria-pressed={preview}>
            {preview ? "Edit" : "Preview"}
          </Button>
        </div>
        {preview ? (
          <div className="prose prose-sm max-h-64 overflow-y-auto rounded-lg border border-zinc-200 p-3" dangerouslySetInnerHTML={{ __html: renderMarkdown(draft.description || "_Nothing yet_") }} />
        ) : (
          <textarea aria-labelledby="desc-label" className="min-h-32 w-full rounded-lg border border-zinc-300 p-2 text-sm" value={draft.description} onChange={(e) => set("description", e.target.value)} maxLength={20000} />
        )}
        {errors.description ? <p className="mt-1 text-sm text-red-600">{errors.description}</p> : null}
      </div>
      <Field label="Skills" hint="Comma separated, e.g. Compositing, Nuke" error={errors.skills ?? Object.entries(errors).find(([k, v]) => k.startsWith("skills.") && v)?.[1]}>
        <Input value={draft.skills} onChange={(e) => set("skills", e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Start date" error={errors.startDate}>
          <Input type="date" value={draft.startDate} onChange={(e) => set("startDate", e.target.value)} />
        </Field>
        <Field label="End date" error={errors.endDate}>
          <Input type="date" value={draft.endDate} onChange={(e) => set("endDate", e.target.value)} />
        </Field>
        <Field label="Day rate from" error={errors.rateMin}>
          <Input inputMode="decimal" value={draft.rateMin} onChange={(e) => set("rateMin", e.target.value)} />
        </Field>
        <Field label="Day rate to" error={errors.rateMax}>
          <Input inputMode="decimal" value={draft.rateMax} onChange={(e) => set("rateMax", e.target.value)} />
        </Field>
        <Field label="Currency" error={errors.currency}>
          <Input value={draft.currency} maxLength={3} onChange={(e) => set("currency", e.target.value)} />
        </Field>
        <Field label="Location" error={errors.location}>
          <Input value={draft.location} onChange={(e) => set("location", e.target.value)} />
        </Field>
        <Field label="Status" error={errors.status}>
          <NativeSelect value={draft.status} onChange={(e) => set("status", e.target.value as Draft["status"])}>
            <option value="OPEN">Open</option>
            <option value="CLOSED">Closed</option>
          </NativeSelect>
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={draft.remote} onChange={(e) => set("remote", e.target.checked)} /> Remote possible
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={draft.isPublic} onChange={(e) => set("isPublic", e.target.checked)} /> Public: anyone with the link can read it and apply
      </label>
    </Dialog>
  );
}
