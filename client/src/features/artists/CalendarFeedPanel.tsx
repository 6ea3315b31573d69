import { CalendarPlus, RefreshCw } from "lucide-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { CopyField } from "../../components/ui/CopyField";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { FormError } from "../../components/ui/Field";
import { api, errorMessage } from "../../lib/api";
import { artistKeys } from "./artists.api";

/**
 * The artist's secret calendar feed (.ics) for their calendar app. The
 * server only shows a URL when it makes one (the secret is not stored in
 * the clear), so an existing feed can be replaced (the old URL stops) or
 * revoked, but not shown again.
 */
export function CalendarFeedPanel({ artistId, whose, hasFeed }: { artistId: string; whose: string; hasFeed: boolean }) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const exists = hasFeed || url !== null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      const feed = await api.post("/artists/{id}/calendar-token", { path: { id: artistId } });
      setUrl(feed.url);
      toast.success(exists ? "A new feed URL replaces the old one" : "Calendar feed URL created");
      void queryClient.invalidateQueries({ queryKey: artistKeys.one(artistId) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-3" data-testid="calendar-feed">
      <p className="text-sm text-zinc-500">
        Subscribe to {whose} bookings from Google Calendar, Outlook or Apple Calendar. Anyone with the URL can read the bookings: keep it private. Creating a new URL stops the old one.
      </p>
      <FormError message={error ? errorMessage(error) : null} />
      {url ? <CopyField value={url} label="Calendar feed URL" testId="calendar-feed-url" /> : null}
      {!url && hasFeed ? <p className="text-sm text-zinc-600">A feed URL exists. For safety it can't be shown again: regenerate it to get a new one (the old one stops working).</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" loading={busy} icon={exists ? <RefreshCw className="size-4" aria-hidden /> : <CalendarPlus className="size-4" aria-hidden />} onClick={() => void generate()}>
          {exists ? "Regenerate URL" : "Create feed URL"}
        </Button>
        {exists ? (
          <Button variant="ghost" onClick={() => setConfirmRevoke(true)}>
            Revoke feed
          </Button>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirmRevoke}
        onOpenChange={setConfirmRevoke}
        title="Revoke the calendar feed?"
        description="Calendar apps subscribed to the current URL stop receiving updates. You can create a new URL later."
        confirmLabel="Revoke feed"
        onConfirm={async () => {
          await api.delete("/artists/{id}/calendar-token", { path: { id: artistId } });
          setUrl(null);
          void queryClient.invalidateQueries({ queryKey: artistKeys.one(artistId) });
          toast.success("Calendar feed revoked");
        }}
      />
    </div>
  );
}
