import { useMemo, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Field, FormError } from "../../components/ui/Field";
import { Input, NativeSelect } from "../../components/ui/Input";
import { errorMessage, fieldErrors, formMessage } from "../../lib/api";
import { browserTimeZone } from "../../lib/format";
import type { User } from "../../lib/types";
import { useUpdateProfile } from "./profile.api";

function timeZones(current: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = []; // older browsers: UTC and the current zone only
  }
  return Array.from(new Set(["UTC", current, ...zones])).sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
}

export function ProfileForm({ user }: { user: User }) {
  const [name, setName] = useState(user.name);
  const [timezone, setTimezone] = useState(user.timezone || "UTC");
  const [localError, setLocalError] = useState<string | null>(null);
  const update = useUpdateProfile();
  const zones = useMemo(() => timeZones(user.timezone || "UTC"), [user.timezone]);
  const detected = browserTimeZone();

  const dirty = name.trim() !== user.name || timezone !== user.timezone;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setLocalError("Your name can't be empty");
      return;
    }
    setLocalError(null);
    update.mutate(
      { name: name.trim(), timezone },
      {
        onSuccess: () => toast.success("Profile saved"),
        onError: (err) => toast.error(errorMessage(err)),
      },
    );
  };

  const errors = fieldErrors(update.error);
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormError message={formMessage(update.error, ["name", "timezone"])} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" error={localError ?? errors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" maxLength={100} />
        </Field>
        <Field label="Email" hint="Your email is your sign-in and can't be changed here.">
          <Input value={user.email} disabled readOnly />
        </Field>
      </div>
      <Field
        label="Timezone"
        error={errors.timezone}
        hint={
          timezone !== detected ? (
            <>
              Dates and times are shown in this timezone.{" "}
              <button type="button" className="font-medium text-indigo-600 hover:text-indigo-500" onClick={() => setTimezone(detected)}>
                Use this device's timezone ({detected})
              </button>
            </>
          ) : (
            "Dates and times are shown in this timezone."
          )
        }
      >
        <NativeSelect value={timezone} onChange={(e) => setTimezone(e.target.value)} className="sm:max-w-sm">
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Button type="submit" loading={update.isPending} disabled={!dirty}>
        Save profile
      </Button>
    </form>
  );
}
