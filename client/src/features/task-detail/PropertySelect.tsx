import * as RadixSelect from "@radix-ui/react-select";
import {
  Archive,
  Check,
  ChevronDown,
  Circle,
  CircleCheck,
  CircleDot,
  CircleEllipsis,
  CircleSlash,
  OctagonExclamationPoint,
  SignalHigh,
  SignalLow,
  SignalMedium,
  type LucideIcon,
} from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../../lib/cn";
import type { TaskPriority, TaskStatus } from "../tasks/tasks.api";

// Icons that make status and priority readable at a glance (the text is always next to them).

const STATUS_ICON: Record<TaskStatus, [LucideIcon, string]> = {
  TODO: [Circle, "text-zinc-400"],
  IN_PROGRESS: [CircleDot, "text-amber-500"],
  IN_REVIEW: [CircleEllipsis, "text-indigo-500"],
  BLOCKED: [CircleSlash, "text-red-500"],
  DONE: [CircleCheck, "text-emerald-600"],
  ARCHIVED: [Archive, "text-zinc-400"],
};

const PRIORITY_ICON: Record<TaskPriority, [LucideIcon, string]> = {
  LOW: [SignalLow, "text-zinc-400"],
  MEDIUM: [SignalMedium, "text-zinc-500"],
  HIGH: [SignalHigh, "text-amber-600"],
  CRITICAL: [OctagonExclamationPoint, "text-red-600"],
};

export function StatusIcon({ status, className }: { status: TaskStatus; className?: string }) {
  const [Icon, color] = STATUS_ICON[status];
  return <Icon className={cn("size-4 shrink-0", color, className)} aria-hidden />;
}

export function PriorityIcon({ priority, className }: { priority: TaskPriority; className?: string }) {
  const [Icon, color] = PRIORITY_ICON[priority];
  return <Icon className={cn("size-4 shrink-0", color, className)} aria-hidden />;
}

export interface PropertyOption<V extends string> {
  value: V;
  label: string;
  icon?: ReactNode;
}

interface PropertySelectProps<V extends string> {
  id?: string;
  /** Accessible name, e.g. "Status". */
  label: string;
  value: V;
  options: PropertyOption<V>[];
  onChange: (value: V) => void;
}

/**
 * A property value that opens a list when clicked: looks like text until
 * hovered or focused, as in the rest of the properties panel.
 */
export function PropertySelect<V extends string>({ id, label, value, options, onChange }: PropertySelectProps<V>) {
  const current = options.find((o) => o.value === value);
  return (
    <RadixSelect.Root value={value} onValueChange={(v) => v !== value && onChange(v as V)}>
      <RadixSelect.Trigger
        id={id}
        aria-label={label}
        className={cn(
          "group inline-flex h-8 max-w-full items-center gap-2 rounded-lg px-2 text-left text-sm text-zinc-800",
          "hover:bg-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 data-[state=open]:bg-zinc-100",
        )}
      >
        {current?.icon}
        <span className="truncate">
          <RadixSelect.Value />
        </span>
        <ChevronDown className="size-3.5 shrink-0 text-zinc-400 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100" aria-hidden />
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content
          position="popper"
          align="start"
          sideOffset={4}
          className="z-50 max-h-[var(--radix-select-content-available-height)] min-w-48 overflow-hidden rounded-xl bg-white p-1 shadow-lg ring-1 ring-zinc-900/10"
        >
          <RadixSelect.Viewport>
            {options.map((o) => (
              <RadixSelect.Item
                key={o.value}
                value={o.value}
                className="relative flex cursor-default select-none items-center gap-2 rounded-lg py-1.5 pl-2 pr-8 text-sm text-zinc-800 outline-none data-[highlighted]:bg-zinc-100"
              >
                {o.icon}
                <RadixSelect.ItemText>{o.label}</RadixSelect.ItemText>
                <RadixSelect.ItemIndicator className="absolute right-2">
                  <Check className="size-4 text-indigo-600" aria-hidden />
                </RadixSelect.ItemIndicator>
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
