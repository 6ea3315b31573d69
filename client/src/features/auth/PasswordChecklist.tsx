import { Check, Circle } from "lucide-react";
import { passwordRules } from "../../lib/password-rules";
import { cn } from "../../lib/cn";

/** Live password policy checklist (SPEC §4.1) shown under a new-password field. */
export function PasswordChecklist({ password, email, id }: { password: string; email: string; id?: string }) {
  const rules = passwordRules(password, email);
  return (
    <ul id={id} className="mt-2 space-y-1" aria-label="Password requirements">
      {rules.map((rule) => (
        <li key={rule.id} className={cn("flex items-center gap-2 text-xs", rule.ok ? "text-emerald-700" : "text-zinc-500")}>
          {rule.ok ? <Check className="size-3.5" aria-hidden /> : <Circle className="size-3.5" aria-hidden />}
          <span>{rule.label}</span>
          <span className="sr-only">{rule.ok ? "(met)" : "(not met yet)"}</span>
        </li>
      ))}
    </ul>
  );
}
