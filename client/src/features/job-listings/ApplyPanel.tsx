import { CheckCircle2, Send } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { ConfirmDialog, Dialog } from "../../components/ui/Dialog";
import { FormError } from "../../components/ui/Field";
import { Spinner } from "../../components/ui/Spinner";
import { errorMessage, fieldErrors, formMessage } from "../../lib/api";
import type { Artist } from "../artists/artists.api";
import { ApplicantFields, applicantErrors, applicantLinks, applicantProblems, type ApplicantDraft } from "./ApplicantFields";
import { statusLabel, useApply, useMyApplication, useWithdraw, type JobListing } from "./job-listings.api";

const FIELDS = ["name", "email", "portfolioLinks", "message"] as const;

/**
 * For an artist of the workspace (a user linked to an artist profile): apply to an open listing from
 * inside, prefilled from the profile, then see where the application stands and withdraw it.
 */
export function ApplyPanel({ workspaceId, listing, artist }: { workspaceId: string; listing: JobListing; artist: Artist }) {
  const mine = useMyApplication(workspaceId, listing.id, true);
  const [applying, setApplying] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const withdraw = useWithdraw(workspaceId);

  if (mine.isPending) return <Spinner label="Loading your application" />;
  if (mine.isError) return <p className="text-sm text-red-700">{errorMessage(mine.error)}</p>;
  const a = mine.data;
  return (
    <section aria-labelledby="my-application" className="rounded-xl border border-zinc-200 bg-white p-4">
      <h2 id="my-application" className="text-base font-semibold text-zinc-900">Your application</h2>
      {a ? (
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-zinc-700">
          <CheckCircle2 className="size-5 text-emerald-600" aria-hidden />
          <span>Applied {a.createdAt.slice(0, 10)}</span>
          <Badge tone={a.status === "WITHDRAWN" || a.status === "REJECTED" ? "neutral" : "green"}>{statusLabel(a.status)}</Badge>
          {a.withdrawable ? (
            <Button variant="secondary" onClick={() => setWithdrawing(true)}>Withdraw application</Button>
          ) : a.status === "WITHDRAWN" ? (
            <span className="text-zinc-600">You withdrew it; an application is once per listing.</span>
          ) : null}
        </div>
      ) : listing.status !== "OPEN" ? (
        <p className="mt-2 text-sm text-zinc-600">This listing is closed to applications.</p>
      ) : (
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-zinc-700">
          <span>You have not applied. Your artist profile fills in the form.</span>
          <Button icon={<Send className="size-4" aria-hidden />} onClick={() => setApplying(true)}>Apply</Button>
        </div>
      )}
      {applying ? <ApplyDialog workspaceId={workspaceId} listing={listing} artist={artist} onClose={() => setApplying(false)} /> : null}
      {a ? (
        <ConfirmDialog
          open={withdrawing}
          onOpenChange={setWithdrawing}
          title="Withdraw your application?"
          description={`The studio sees it as withdrawn. You cannot apply to “${listing.title}” again.`}
          confirmLabel="Withdraw"
          onConfirm={async () => {
            await withdraw.mutateAsync(a.id);
            toast.success("Application withdrawn");
          }}
        />
      ) : null}
    </section>
  );
}

function ApplyDialog({ workspaceId, listing, artist, onClose }: { workspaceId: string; listing: JobListing; artist: Artist; onClose: () => void }) {
  const apply = useApply(workspaceId, listing.id);
  const [draft, setDraft] = useState<ApplicantDraft>({ name: artist.name, email: artist.email ?? "", links: artist.portfolioLinks.join("\n"), message: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const local = applicantProblems(draft, { emailRequired: false });
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    const email = draft.email.trim();
    try {
      await apply.mutateAsync({ name: draft.name.trim(), ...(email ? { email } : {}), portfolioLinks: applicantLinks(draft), message: draft.message });
      toast.success("Application sent");
      onClose();
    } catch (err) {
      setErrors(applicantErrors(fieldErrors(err)));
      setFormError(formMessage(err, [...FIELDS]));
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(o) => (!o ? onClose() : undefined)}
      title={`Apply to “${listing.title}”`}
      description="Filled in from your artist profile; change anything for this application."
      onSubmit={submit}
      busy={apply.isPending}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={apply.isPending}>Send application</Button>
        </>
      }
    >
      <FormError message={formError} />
      <ApplicantFields draft={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} errors={errors} emailHint="Empty: your account's email" />
    </Dialog>
  );
}
