import * as RadixSelect from "@radix-ui/react-select";
import { Check, ChevronDown } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../../lib/cn";

export interface SelectOption<V extends string> {
  value: V;
  label: string;
  description?: ReactNode;
}

interface SelectProps<V extends string> {
  value: V;
  onValueChange: (value: V) => void;
  options: SelectOption<V>[];
  /** Accessible name when there is no visible <label>. */
  "aria-label"?: string;
  id?: string;
  disabled?: boolean;
  className?: string;
  size?: "sm" | "md";
  "data-testid"?: string;
}

export function Select<V extends string>({ value, onValueChange, options, id, disabled, className, size = "md", ...rest }: SelectProps<V>) {
  return (
    <RadixSelect.Root value={value} onValueChange={(v) => onValueChange(v as V)} disabled={disabled}>
      <RadixSelect.Trigger
        id={id}
        aria-label={rest["aria-label"]}
        data-testid={rest["data-testid"]}
        className={cn(
          "inline-flex w-full items-center justify-between gap-2 rounded-lg bg-white px-3 text-left text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300",
          "hover:bg-zinc-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 data-[state=open]:ring-2 data-[state=open]:ring-indigo-600",
          "disabled:cursor-not-allowed disabled:opacity-60",
          size === "sm" ? "h-8" : "h-10",
          className,
        )}
      >
        <RadixSelect.Value />
        <RadixSelect.Icon>
          <ChevronDown className="size-4 text-zinc-500" aria-hidden />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-[var(--radix-select-content-available-height)] min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-lg bg-white p-1 shadow-lg ring-1 ring-zinc-900/10"
        >
          <RadixSelect.Viewport>
            {options.map((option) => (
              <RadixSelect.Item
                key={option.value}
                value={option.value}
                className="relative flex cursor-default select-none flex-col rounded-md py-1.5 pl-8 pr-3 text-sm text-zinc-800 outline-none data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-900 data-[disabled]:opacity-50"
              >
                <RadixSelect.ItemIndicator className="absolute left-2 top-2">
                  <Check className="size-4 text-indigo-600" aria-hidden />
                </RadixSelect.ItemIndicator>
                <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
                {option.description ? <span className="text-xs text-zinc-500">{option.description}</span> : null}
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
