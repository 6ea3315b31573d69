import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Section } from "../../components/ui/Card";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import {
  NOTIFICATION_TYPE_LABEL,
  NOTIFICATION_TYPES,
  useNotificationPreferences,
  useSaveNotificationPreferences,
  type NotificationPreference,
} from "./notifications.api";

/** Profile section: per notification type, in-app and email on or off. */
export function NotificationPreferencesSection() {
  const prefs = useNotificationPreferences();
  return (
    <Section id="notifications" title="Notifications" description="Choose what you hear about, in the app and by email.">
      {prefs.isPending ? (
        <PageSpinner />
      ) : prefs.isError ? (
        <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : (
        <PreferencesForm key={JSON.stringify(prefs.data)} initial={prefs.data} />
      )}
    </Section>
  );
}

function PreferencesForm({ initial }: { initial: NotificationPreference[] }) {
  const save = useSaveNotificationPreferences();
  const [values, setValues] = useState<NotificationPreference[]>(() =>
    NOTIFICATION_TYPES.map((type) => initial.find((p) => p.type === type) ?? { type, inApp: true, email: true }),
  );
  const dirty = JSON.stringify(values) !== JSON.stringify(NOTIFICATION_TYPES.map((t) => initial.find((p) => p.type === t) ?? { type: t, inApp: true, email: true }));

  const toggle = (type: string, channel: "inApp" | "email") =>
    setValues((v) => v.map((p) => (p.type === type ? { ...p, [channel]: !p[channel] } : p)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(values, {
      onSuccess: () => toast.success("Notification preferences saved"),
      onError: (err) => toast.error(errorMessage(err)),
    });
  };

  return (
    <form onSubmit={submit} className="px-5 py-4">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
            <th scope="col" className="pb-2 font-medium">
              Notify me about
            </th>
            <th scope="col" className="w-20 pb-2 text-center font-medium">
              In app
            </th>
            <th scope="col" className="w-20 pb-2 text-center font-medium">
              Email
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {values.map((p) => {
            const info = NOTIFICATION_TYPE_LABEL[p.type];
            return (
              <tr key={p.type}>
                <th scope="row" className="py-2.5 pr-3 text-left font-normal">
                  <span className="block font-medium text-zinc-900">{info.label}</span>
                  <span className="block text-xs text-zinc-500">{info.description}</span>
                </th>
                <td className="text-center">
                  <input
                    type="checkbox"
                    checked={p.inApp}
                    onChange={() => toggle(p.type, "inApp")}
                    aria-label={`${info.label}: in app`}
                    className="size-4 rounded border-zinc-300 accent-indigo-600"
                  />
                </td>
                <td className="text-center">
                  <input
                    type="checkbox"
                    checked={p.email}
                    onChange={() => toggle(p.type, "email")}
                    aria-label={`${info.label}: email`}
                    className="size-4 rounded border-zinc-300 accent-indigo-600"
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="mt-4 flex justify-end">
        <Button type="submit" loading={save.isPending} disabled={!dirty}>
          Save preferences
        </Button>
      </div>
    </form>
  );
}
