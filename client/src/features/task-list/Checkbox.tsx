import * as RadixCheckbox from "@radix-ui/react-checkbox";
import { Check, Minus } from "lucide-react";
import { cn } from "../../lib/cn";

/**
 * A checkbox for rows (selection, done/not done). `round` draws the circle
 * used for completing a task, as task apps do.
 */
export function Checkbox({
  checked,
  onCheckedChange,
  label,
  round = false,
  disabled,
  className,
}: {
  checked: boolean | "indeterminate";
  onCheckedChange: (checked: boolean) => void;
  /** Accessible name. */
  label: string;
  round?: boolean;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <RadixCheckbox.Root
      checked={checked}
      onCheckedChange={(next) => onCheckedChange(next === true)}
      aria-label={label}
      disabled={disabled}
      onClick={(e) => e.stopPropagation()}
      className={cn(
        "peer inline-flex size-4.5 shrink-0 items-center justify-center border bg-white",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50",
        round ? "rounded-full border-zinc-400 hover:border-emerald-600 data-[state=checked]:border-emerald-600 data-[state=checked]:bg-emerald-600" : "rounded border-zinc-300 hover:border-zinc-400",
        !round && "data-[state=checked]:border-indigo-600 data-[state=checked]:bg-indigo-600 data-[state=indeterminate]:border-indigo-600 data-[state=indeterminate]:bg-indigo-600",
        className,
      )}
    >
      <RadixCheckbox.Indicator className="text-white">
        {checked === "indeterminate" ? <Minus className="size-3.5" strokeWidth={3} aria-hidden /> : <Check className="size-3.5" strokeWidth={3} aria-hidden />}
      </RadixCheckbox.Indicator>
    </RadixCheckbox.Root>
  );
}
