import { Compass } from "lucide-react";
import { Link } from "react-router-dom";
import { buttonClasses } from "../components/ui/Button";
import { Logo } from "./Logo";

export function NotFoundPage({ inShell = false }: { inShell?: boolean }) {
  const body = (
    <div className="flex flex-col items-center text-center">
      <title>Page not found · TeamFlow</title>
      <div className="mb-5 flex size-14 items-center justify-center rounded-2xl bg-indigo-50 text-indigo-600">
        <Compass className="size-7" aria-hidden />
      </div>
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">Page not found</h1>
      <p className="mt-2 max-w-sm text-sm text-zinc-500">The page you are looking for doesn't exist or has moved.</p>
      <Link to="/" className={buttonClasses({ className: "mt-6" })}>
        Back to TeamFlow
      </Link>
    </div>
  );
  if (inShell) return <div className="py-16">{body}</div>;
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-10 px-4">
      <Logo size="lg" />
      <main>{body}</main>
    </div>
  );
}
