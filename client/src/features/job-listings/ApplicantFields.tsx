import { Field } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";

/** What an applicant fills in, on the public page and when applying from inside. */
export interface ApplicantDraft {
  name: string;
  email: string;
  /** One link per line (or separated by spaces). */
  links: string;
  message: string;
}

export const applicantLinks = (draft: ApplicantDraft) => draft.links.split(/\s+/).filter(Boolean);

/** The form's own checks, in words, before anything is sent (the server checks again). */
export function applicantProblems(draft: ApplicantDraft, { emailRequired }: { emailRequired: boolean }): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!draft.name.trim()) problems.name = emailRequired ? "Tell us your name." : "Enter the name the studio should see.";
  const email = draft.email.trim();
  if ((emailRequired || email) && !/^\S+@\S+\.\S+$/.test(email)) problems.email = emailRequired ? "Enter an email address we can reply to." : "Enter an email address the studio can reply to, or leave it empty to use your account's.";
  if (applicantLinks(draft).some((p) => !/^https?:\/\//i.test(p))) problems.portfolioLinks = "Links start with https:// (one per line).";
  return problems;
}

/** The server's field errors under the form's names (portfolioLinks.3 → portfolioLinks). */
export const applicantErrors = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.startsWith("portfolioLinks") ? "portfolioLinks" : k, v]));

export function ApplicantFields({ draft, onChange, errors, emailHint }: { draft: ApplicantDraft; onChange: (patch: Partial<ApplicantDraft>) => void; errors: Record<string, string>; emailHint?: string }) {
  return (
    <>
      <Field label="Name" error={errors.name}>
        <Input value={draft.name} onChange={(e) => onChange({ name: e.target.value })} maxLength={120} autoComplete="name" />
      </Field>
      <Field label="Email" hint={emailHint} error={errors.email}>
        <Input type="email" value={draft.email} onChange={(e) => onChange({ email: e.target.value })} maxLength={254} autoComplete="email" />
      </Field>
      <Field label="Portfolio links" hint="One per line, up to 10" error={errors.portfolioLinks}>
        <textarea className="min-h-20 w-full rounded-lg border border-zinc-300 p-2 text-sm" value={draft.links} onChange={(e) => onChange({ links: e.target.value })} />
      </Field>
      <Field label="Message" error={errors.message}>
        <textarea className="min-h-28 w-full rounded-lg border border-zinc-300 p-2 text-sm" value={draft.message} onChange={(e) => onChange({ message: e.target.value })} maxLength={5000} />
      </Field>
    </>
  );
}
