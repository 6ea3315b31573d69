import { cn } from "../lib/cn";

export function Logo({ size = "md", className }: { size?: "md" | "lg"; className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight text-zinc-900", size === "lg" ? "text-xl" : "text-base", className)}>
      <svg viewBox="0 0 32 32" className={size === "lg" ? "size-9" : "size-7"} aria-hidden>
        <rect width="32" height="32" rx="8" fill="#4f46e5" />
        <path d="M9 11h14M16 11v12" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" />
        <circle cx="23" cy="21" r="2.4" fill="#a5b4fc" />
      </svg>
      TeamFlow
    </span>
  );
}
