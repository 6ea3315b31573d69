import { Check } from "lucide-react";
import { useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { controlClasses, Input, NativeSelect } from "../../components/ui/Input";
import { ApiError, fieldErrors, formMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { browserTimeZone } from "../../lib/format";
import { clearFieldError } from "../../lib/form";
import type { Member } from "../../lib/types";
import { PROJECT_COLORS } from "../projects/projects.api";
import { useCreateArtist, useUpdateArtist, useWorkspaceSkills, type Artist, type ArtistInput } from "./artists.api";
import { decimalToMinor, minorToDecimal } from "./format";
import { SkillsInput } from "./SkillsInput";

const FIELDS = ["name", "email", "title", "skills", "dayRate", "currency", "timezone", "color", "active", "userId", "portfolioLinks"] as const;
const LABELS: Record<string, string> = {
  name: "Name",
  email: "Email",
  title: "Title",
  skills: "Skills",
  dayRate: "Day rate",
  currency: "Currency",
  timezone: "Timezone",
  color: "Colour",
  userId: "Linked member",
  portfolioLinks: "Portfolio links",
};
const CURRENCIES = ["EUR", "GBP", "USD", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY", "NZD", "INR", "BRL"];

/** Every IANA timezone the browser knows (falls back to a short list). */
function timeZones(): string[] {
  try {
    const zones = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone");
    if (zones?.length) return zones.includes("UTC") ? zones : ["UTC", ...zones];
  } catch {
    // older browser
  }
  return ["UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"];
}

/**
 * Server errors keyed by the form's fields: "portfolioLinks.2" goes to the
 * links field (naming the line), and "is …" messages get the field's name.
 */
function readableFieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const [base, index] = field.split(".");
    if (!base || out[base]) continue;
    const named = /^[a-z]/.test(message) && LABELS[base] ? `${LABELS[base]} ${message}` : message;
    out[base] = index !== undefined && base === "portfolioLinks" ? `Line ${Number(index) + 1}: ${message}` : index !== undefined ? `${named} (${Number(index) + 1})` : named;
  }
  return out;
}

interface Values {
  name: string;
  email: string;
  title: string;
  skills: string[];
  dayRate: string;
  currency: string;
  timezone: string;
  color: string;
  active: boolean;
  userId: string;
  portfolioLinks: string;
}

function initialValues(artist: Artist | null): Values {
  const currency = artist?.currency ?? "EUR";
  return {
    name: artist?.name ?? "",
    email: artist?.email ?? "",
    title: artist?.title ?? "",
    skills: artist?.skills ?? [],
    dayRate: minorToDecimal(artist?.dayRate, currency),
    currency,
    timezone: artist?.timezone ?? browserTimeZone(),
    color: artist?.color ?? PROJECT_COLORS[1]!,
    active: artist?.active ?? true,
    userId: artist?.userId ?? "",
    portfolioLinks: (artist?.portfolioLinks ?? []).join("\n"),
  };
}

function toInput(v: Values): ArtistInput {
  return {
    name: v.name.trim(),
    email: v.email.trim() || null,
    title: v.title.trim() || null,
    skills: v.skills,
    dayRate: decimalToMinor(v.dayRate, v.currency),
    currency: v.currency,
    timezone: v.timezone,
    color: v.color,
    active: v.active,
    userId: v.userId || null,
    portfolioLinks: v.portfolioLinks
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  };
}

interface Props {
  workspaceId: string;
  /** null: a new artist. */
  artist: Artist | null;
  members: Member[];
  onClose: () => void;
  onSaved?: (artist: Artist) => void;
}

/** Create or edit an artist. Mount it only while open. */
export function ArtistFormDialog({ workspaceId, artist, members, onClose, onSaved }: Props) {
  const [values, setValues] = useState<Values>(() => initialValues(artist));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const create = useCreateArtist(workspaceId);
  const update = useUpdateArtist(workspaceId);
  const skillSuggestions = (useWorkspaceSkills(workspaceId).data ?? []).map((s) => s.skill);
  const busy = create.isPending || update.isPending;
  const zones = useMemo(timeZones, []);

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clearFieldError(setErrors, field);
  };

  const validate = (): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!values.name.trim()) out.name = "Enter a name";
    if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) out.email = "Enter an email address like ada@example.com";
    const rate = decimalToMinor(values.dayRate, values.currency);
    if (rate !== null && Number.isNaN(rate)) out.dayRate = "Enter an amount like 450 or 450.50";
    const lines = values.portfolioLinks.split("\n").map((l) => l.trim()).filter(Boolean);
    const bad = lines.findIndex((l) => !/^https?:\/\/\S+$/i.test(l));
    if (bad >= 0) out.portfolioLinks = `Line ${bad + 1}: enter a link starting with https://`;
    return out;
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const local = validate();
    setErrors(local);
    setError(null);
    if (Object.keys(local).length > 0) return;
    const input = toInput(values);
    try {
      let saved: Artist;
      if (artist) {
        const before = toInput(initialValues(artist));
        const changes: Record<string, unknown> = {};
        for (const field of FIELDS) if (JSON.stringify(input[field]) !== JSON.stringify(before[field])) changes[field] = input[field];
        if (Object.keys(changes).length === 0) {
          onClose();
          return;
        }
        saved = await update.mutateAsync({ id: artist.id, version: artist.version, ...changes });
        toast.success(`Saved ${input.name}`);
      } else {
        saved = await create.mutateAsync(input);
        toast.success(`Added ${input.name}`);
      }
      onSaved?.(saved);
      onClose();
    } catch (err) {
      setErrors(readableFieldErrors(err));
      setError(err);
      if (err instanceof ApiError && err.status === 409 && err.details.some((d) => d.field === "version")) {
        setError(new Error("Someone else changed this artist meanwhile. Close this dialog and open it again to edit the latest version."));
      }
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      title={artist ? `Edit ${artist.name}` : "New artist"}
      description={artist ? undefined : "An artist or crew member you can book onto projects."}
      onSubmit={submit}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {artist ? "Save changes" : "Create artist"}
          </Button>
        </>
      }
    >
      <FormError message={formMessage(error, FIELDS)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" error={errors.name}>
          <Input value={values.name} maxLength={200} autoFocus onChange={(e) => set("name", e.target.value)} placeholder="Lena Lighter" />
        </Field>
        <Field label="Title" error={errors.title}>
          <Input value={values.title} maxLength={200} onChange={(e) => set("title", e.target.value)} placeholder="Lighting artist" />
        </Field>
        <Field label="Email" error={errors.email} className="sm:col-span-2">
          <Input type="email" value={values.email} maxLength={320} onChange={(e) => set("email", e.target.value)} placeholder="lena@example.com" />
        </Field>
        <Field label="Skills" error={errors.skills} className="sm:col-span-2" hint="Press Enter or a comma after each skill.">
          <SkillsInput value={values.skills} onChange={(skills) => set("skills", skills)} suggestions={skillSuggestions} />
        </Field>
        <Field label="Day rate" error={errors.dayRate} hint="Leave empty when not known.">
          <Input inputMode="decimal" value={values.dayRate} onChange={(e) => set("dayRate", e.target.value)} placeholder="450.00" />
        </Field>
        <Field label="Currency" error={errors.currency}>
          <NativeSelect value={values.currency} onChange={(e) => set("currency", e.target.value)}>
            {(CURRENCIES.includes(values.currency) ? CURRENCIES : [values.currency, ...CURRENCIES]).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Timezone" error={errors.timezone} hint="Working hours and time off are in this timezone.">
          <NativeSelect value={values.timezone} onChange={(e) => set("timezone", e.target.value)}>
            {(zones.includes(values.timezone) ? zones : [values.timezone, ...zones]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Linked member" error={errors.userId} hint="The member who is this artist: they answer their own bookings.">
          <NativeSelect value={values.userId} onChange={(e) => set("userId", e.target.value)}>
            <option value="">Nobody</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({m.email})
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Portfolio links" error={errors.portfolioLinks} className="sm:col-span-2" hint="One link per line.">
          <textarea className={cn(controlClasses, "min-h-16")} rows={2} value={values.portfolioLinks} onChange={(e) => set("portfolioLinks", e.target.value)} placeholder="https://vimeo.com/…" />
        </Field>
      </div>
      <div className="space-y-1.5">
        <span id="artist-colour-label" className="block text-sm font-medium text-zinc-800">
          Colour
        </span>
        <div role="radiogroup" aria-labelledby="artist-colour-label" className="flex flex-wrap gap-2">
          {PROJECT_COLORS.map((c) => {
            const selected = values.color.toLowerCase() === c;
            return (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={selected}
                aria-label={c}
                title={c}
                onClick={() => set("color", c)}
                className={cn("flex size-8 items-center justify-center rounded-full ring-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600", selected && "ring-2 ring-zinc-900")}
                style={{ backgroundColor: c }}
              >
                {selected ? <Check className="size-4 text-white" aria-hidden /> : null}
              </button>
            );
          })}
        </div>
        {errors.color ? <p className="text-xs font-medium text-red-600">{errors.color}</p> : null}
      </div>
      <label className="flex items-center gap-2 text-sm text-zinc-800">
        <input type="checkbox" className="size-4 rounded border-zinc-300 text-indigo-600" checked={values.active} onChange={(e) => set("active", e.target.checked)} />
        Active (can be booked)
      </label>
    </Dialog>
  );
}
