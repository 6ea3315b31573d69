import { useQuery } from "@tanstack/react-query";
import { CheckCircle2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useParams } from "react-router-dom";
import { Button } from "../../components/ui/Button";
import { FormError } from "../../components/ui/Field";
import { FullPageSpinner } from "../../components/ui/Spinner";
import { api, ApiError, errorMessage, fieldErrors, formMessage } from "../../lib/api";
import { renderMarkdown } from "../task-detail/markdown";
import { PROSE } from "../task-detail/prose";
import { cn } from "../../lib/cn";
import { ApplicantFields, applicantErrors, applicantLinks, applicantProblems, type ApplicantDraft } from "./ApplicantFields";
import { formatRate } from "./job-listings.api";

const FIELDS = ["name", "email", "portfolioLinks", "message"] as const;

/** /jobs/:workspaceSlug/:listingId — the public listing and its application form; no account needed. */
export function PublicJobPage() {
  const { workspaceSlug = "", listingId = "" } = useParams();
  const listing = useQuery({ queryKey: ["public-job", listingId], queryFn: () => api.get("/public/job-listings/{id}", { path: { id: listingId } }), retry: false });
  if (listing.isPending) return <FullPageSpinner label="Loading the listing…" />;
  // The slug is part of the address: a listing under another workspace's slug is not found either.
  if (listing.isError || listing.data.workspace.slug !== workspaceSlug) {
    const limited = listing.error instanceof ApiError && listing.error.status === 429;
    return (
      <main className="mx-auto max-w-xl px-4 py-16 text-center">
        <h1 className="text-xl font-semibold text-zinc-900">{limited ? "Too many requests" : "This job isn't available"}</h1>
        <p className="mt-2 text-zinc-600">{limited ? errorMessage(listing.error) : "It may have been filled or closed, or the link is wrong. Ask the studio for a current link."}</p>
      </main>
    );
  }
  const l = listing.data;
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:py-12">
      <p className="text-sm font-medium text-indigo-700">{l.workspace.name}</p>
      <h1 className="mt-1 text-2xl font-semibold text-zinc-900">{l.title}</h1>
      <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-700">
        {l.skills.length ? <li>{l.skills.join(", ")}</li> : null}
        {formatRate(l) ? <li>{formatRate(l)}</li> : null}
        {l.remote || l.location ? <li>{[l.location, l.remote ? "remote possible" : null].filter(Boolean).join(", ")}</li> : null}
        {l.startDate && l.endDate ? <li>{l.startDate} – {l.endDate}</li> : null}
      </ul>
      <article className={cn(PROSE, "mt-6 text-[0.95rem] leading-7 sm:text-base [&_h1]:text-xl [&_h2]:text-lg [&_h3]:text-base")} dangerouslySetInnerHTML={{ __html: renderMarkdown(l.description) }} />
      <ApplyForm listingId={l.id} />
    </main>
  );
}

function ApplyForm({ listingId }: { listingId: string }) {
  const [draft, setDraft] = useState<ApplicantDraft>({ name: "", email: "", links: "", message: "" });
  const [website, setWebsite] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const local = applicantProblems(draft, { emailRequired: true });
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api.post("/public/job-listings/{id}/applications", { path: { id: listingId }, body: { name: draft.name.trim(), email: draft.email.trim(), portfolioLinks: applicantLinks(draft), message: draft.message, website } });
      setDone(true);
    } catch (err) {
      setErrors(applicantErrors(fieldErrors(err)));
      setFormError(formMessage(err, [...FIELDS]) ?? (err instanceof ApiError && err.status === 404 ? "This job closed while you were writing." : null));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <section className="mt-10 rounded-xl border border-emerald-200 bg-emerald-50 p-5" role="status">
        <h2 className="flex items-center gap-2 font-semibold text-emerald-900"><CheckCircle2 className="size-5" aria-hidden /> Application sent</h2>
        <p className="mt-1 text-sm text-emerald-900">Thank you. The studio will get back to you by email.</p>
      </section>
    );
  }
  return (
    <section className="mt-10 rounded-xl border border-zinc-200 bg-white p-5" aria-labelledby="apply-heading">
      <h2 id="apply-heading" className="text-lg font-semibold text-zinc-900">Apply</h2>
      <form className="mt-4 space-y-4" onSubmit={submit} noValidate>
        <FormError message={formError} />
        <ApplicantFields draft={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} errors={errors} />
        {/* Spam trap: hidden from people and assistive tech; bots fill it in. */}
        <div aria-hidden="true" className="absolute -left-[9999px] h-0 overflow-hidden">
          <label>
            Website
            <input tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} name="website" />
          </label>
        </div>
        <Button type="submit" loading={busy} className="w-full sm:w-auto">Send application</Button>
      </form>
    </section>
  );
}
