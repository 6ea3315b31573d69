import { KeyRound } from "lucide-react";
import { buttonClasses } from "../../components/ui/Button";
import { safeNext } from "../../lib/safe-next";
import { providerSignInUrl, useSignInProviders, type SignInProvider } from "./oauth.api";

function ProviderMark({ id }: { id: SignInProvider["id"] }) {
  // Simple monochrome marks; no third-party assets are loaded.
  const letter = { google: "G", microsoft: "M", github: "GH", oidc: "" }[id];
  if (!letter) return <KeyRound className="size-4" aria-hidden />;
  return (
    <span aria-hidden className="inline-flex size-5 items-center justify-center rounded bg-zinc-900 text-[10px] font-bold text-white">
      {letter}
    </span>
  );
}

/** One button per configured provider, and an "or" divider; nothing when none is configured. */
export function OAuthButtons({ next, verb = "Sign in" }: { next: string | null; verb?: string }) {
  const providers = useSignInProviders();
  if (!providers.data?.length) return null;
  const target = safeNext(next, "");
  return (
    <div className="space-y-3" data-testid="oauth-buttons">
      {providers.data.map((p) => (
        <a key={p.id} href={providerSignInUrl(p.id, target || null)} className={buttonClasses({ variant: "secondary", className: "w-full" })}>
          <ProviderMark id={p.id} />
          {verb} with {p.name}
        </a>
      ))}
      <div className="flex items-center gap-3 pt-1 text-xs uppercase tracking-wide text-zinc-400" aria-hidden>
        <span className="h-px flex-1 bg-zinc-200" />
        or with email
        <span className="h-px flex-1 bg-zinc-200" />
      </div>
    </div>
  );
}
