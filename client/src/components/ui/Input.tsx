import type { InputHTMLAttributes, Ref, SelectHTMLAttributes } from "react";
import { cn } from "../../lib/cn";

export const controlClasses =
  "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 " +
  "placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none " +
  "disabled:cursor-not-allowed disabled:bg-zinc-50 disabled:text-zinc-500 " +
  "aria-invalid:ring-red-400 aria-invalid:focus:ring-red-600";

export function Input({ className, ref, ...rest }: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return <input ref={ref} className={cn(controlClasses, "h-10", className)} {...rest} />;
}

/** Native select: best on phones and for long lists (timezones). */
export function NativeSelect({ className, children, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select className={cn(controlClasses, "h-10 pr-8", className)} {...rest}>
      {children}
    </select>
  );
}
