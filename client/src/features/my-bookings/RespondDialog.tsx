import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { controlClasses } from "../../components/ui/Input";
import { ApiError, errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import type { Booking } from "../artists/artists.api";
import { formatBookingRange } from "../artists/format";
import { useRespond } from "./my-bookings.api";

/** A 409 told as what happened: a firm booking of yours already overlaps, or the booking moved on meanwhile. */
export function respondErrorMessage(err: unknown, response: "accept" | "decline", timeZone?: string): string {
  if (err instanceof ApiError && err.status === 409) {
    const clash = err.details.find((d) => typeof d.bookingId === "string");
    if (clash && response === "accept") {
      const when = typeof clash.start === "string" && typeof clash.end === "string" ? ` (${formatBookingRange(clash.start, clash.end, timeZone)})` : "";
      return `You can't accept this booking: it ${clash.message}${when}. Decline one of them, or ask the booker to move it.`;
    }
    return err.message;
  }
  return errorMessage(err);
}

/** Accept or decline a booking with an optional note to the booker. */
export function RespondDialog({ booking, response, artistId, timezone, onClose }: { booking: Booking; response: "accept" | "decline"; artistId: string; timezone: string; onClose: () => void }) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const respond = useRespond(artistId);
  const accept = response === "accept";

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    try {
      await respond.mutateAsync({ id: booking.id, response, note: note.trim() || undefined });
      toast.success(accept ? `Accepted ${booking.title}` : `Declined ${booking.title}`);
      onClose();
    } catch (err) {
      setError(respondErrorMessage(err, response, timezone));
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={respond.isPending}
      size="sm"
      title={accept ? `Accept ${booking.title}?` : `Decline ${booking.title}?`}
      description={`${formatBookingRange(booking.start, booking.end, timezone)}. ${accept ? "It becomes a confirmed booking." : "The booker is told you can't do it."}`}
      onSubmit={(e) => void submit(e)}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={respond.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant={accept ? "primary" : "danger"} loading={respond.isPending}>
            {accept ? "Accept booking" : "Decline booking"}
          </Button>
        </>
      }
    >
      <FormError message={error} />
      <Field label="Note (optional)" hint="Sent to whoever made the booking.">
        <textarea className={cn(controlClasses, "min-h-20")} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={accept ? "See you on set." : "I'm away that week."} />
      </Field>
    </Dialog>
  );
}
