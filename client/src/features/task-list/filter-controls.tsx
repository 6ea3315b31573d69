import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import * as Popover from "@radix-ui/react-popover";
import { Check, ChevronDown } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "../../lib/cn";
import { MenuContent, MenuSeparator } from "../../components/ui/Menu";
import { addDays, formatDay, today } from "./due-dates";

// Filter buttons of the list toolbar. Each shows its name, and its value when
// set (tinted then, so the active filters stand out at a glance).

export interface FilterOption {
  value: string;
  label: string;
  /** Optional leading mark (a colour dot, an avatar). */
  icon?: ReactNode;
}

function FilterTrigger({ name, current, ...props }: { name: string; current: string | null } & ComponentProps<"button">) {
  return (
    <button
      type="button"
      className={cn(
        "inline-flex h-8 max-w-64 items-center gap-1.5 rounded-lg px-2.5 text-sm font-medium ring-1 ring-inset transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
        current ? "bg-indigo-50 text-indigo-800 ring-indigo-200 hover:bg-indigo-100" : "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50",
      )}
      {...props}
    >
      <span className="truncate">{current ? `${name}: ${current}` : name}</span>
      <ChevronDown className="size-3.5 shrink-0 opacity-60" aria-hidden />
    </button>
  );
}

const itemClasses =
  "relative flex cursor-default select-none items-center gap-2 rounded-lg py-1.5 pl-8 pr-3 text-sm text-zinc-700 outline-none " +
  "data-[highlighted]:bg-zinc-100 data-[highlighted]:text-zinc-900 data-[disabled]:opacity-50";

/** What a multi-select shows when set: the names of up to two, or a count. */
function summary(options: FilterOption[], selected: string[]): string | null {
  if (selected.length === 0) return null;
  if (selected.length > 2) return `${selected.length} selected`;
  return options
    .filter((o) => selected.includes(o.value))
    .map((o) => o.label)
    .join(", ");
}

export function MultiSelectFilter({ name, options, selected, onChange }: { name: string; options: FilterOption[]; selected: string[]; onChange: (next: string[]) => void }) {
  const toggle = (value: string, on: boolean) => {
    const next = on ? [...selected, value] : selected.filter((v) => v !== value);
    // Keep the options' order so the URL (and the cache key) does not depend on click order.
    onChange(options.map((o) => o.value).filter((v) => next.includes(v)));
  };
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <FilterTrigger name={name} current={summary(options, selected)} />
      </DropdownMenu.Trigger>
      <MenuContent align="start" className="min-w-48">
        {options.map((o) => (
          <DropdownMenu.CheckboxItem
            key={o.value}
            checked={selected.includes(o.value)}
            onCheckedChange={(on) => toggle(o.value, on)}
            // Stay open: several values are usually picked in a row.
            onSelect={(e) => e.preventDefault()}
            className={itemClasses}
          >
            <DropdownMenu.ItemIndicator className="absolute left-2.5">
              <Check className="size-4 text-indigo-600" aria-hidden />
            </DropdownMenu.ItemIndicator>
            {o.icon}
            {o.label}
          </DropdownMenu.CheckboxItem>
        ))}
        {selected.length ? (
          <>
            <MenuSeparator />
            <DropdownMenu.Item className={itemClasses} onSelect={() => onChange([])}>
              Clear {name.toLowerCase()}
            </DropdownMenu.Item>
          </>
        ) : null}
      </MenuContent>
    </DropdownMenu.Root>
  );
}

const ANY = "__any__";

export function SingleSelectFilter({
  name,
  anyLabel,
  options,
  value,
  onChange,
}: {
  name: string;
  /** The "not filtered" choice, e.g. "Any assignee". */
  anyLabel: string;
  options: FilterOption[];
  value: string | null;
  onChange: (next: string | null) => void;
}) {
  const current = options.find((o) => o.value === value);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <FilterTrigger name={name} current={current?.label ?? null} />
      </DropdownMenu.Trigger>
      <MenuContent align="start" className="max-h-80 min-w-52 overflow-y-auto">
        <DropdownMenu.RadioGroup value={value ?? ANY} onValueChange={(v) => onChange(v === ANY ? null : v)}>
          <DropdownMenu.RadioItem value={ANY} className={itemClasses}>
            <DropdownMenu.ItemIndicator className="absolute left-2.5">
              <Check className="size-4 text-indigo-600" aria-hidden />
            </DropdownMenu.ItemIndicator>
            {anyLabel}
          </DropdownMenu.RadioItem>
          <MenuSeparator />
          {options.map((o) => (
            <DropdownMenu.RadioItem key={o.value} value={o.value} className={itemClasses}>
              <DropdownMenu.ItemIndicator className="absolute left-2.5">
                <Check className="size-4 text-indigo-600" aria-hidden />
              </DropdownMenu.ItemIndicator>
              {o.icon}
              <span className="truncate">{o.label}</span>
            </DropdownMenu.RadioItem>
          ))}
        </DropdownMenu.RadioGroup>
      </MenuContent>
    </DropdownMenu.Root>
  );
}

function rangeSummary(from: string | null, to: string | null): string | null {
  if (from && to) return from === to ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`;
  if (from) return `from ${formatDay(from)}`;
  if (to) return `until ${formatDay(to)}`;
  return null;
}

const dateInputClasses =
  "block h-9 w-full rounded-lg border-0 bg-white px-2.5 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 focus:outline-none focus:ring-2 focus:ring-indigo-600";

/** Due day range (inclusive), with a few common presets. */
export function DueRangeFilter({ from, to, onChange }: { from: string | null; to: string | null; onChange: (range: { from: string | null; to: string | null }) => void }) {
  const now = today();
  const presets = [
    { label: "Before today", from: null, to: addDays(now, -1) },
    { label: "Today", from: now, to: now },
    { label: "Next 7 days", from: now, to: addDays(now, 7) },
  ];
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <FilterTrigger name="Due" current={rangeSummary(from, to)} />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 w-72 space-y-3 rounded-xl bg-white p-3 shadow-lg ring-1 ring-zinc-900/10 focus:outline-none"
        >
          <div className="flex flex-wrap gap-1.5">
            {presets.map((p) => (
              <button
                key={p.label}
                type="button"
                onClick={() => onChange({ from: p.from, to: p.to })}
                className="rounded-md bg-zinc-100 px-2 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                {p.label}
              </button>
            ))}
          </div>
          <div className="grid grid-cols-2 gap-2">
            <label className="space-y-1 text-xs font-medium text-zinc-600">
              <span>Due from</span>
              <input type="date" value={from ?? ""} max={to ?? undefined} onChange={(e) => onChange({ from: e.target.value || null, to })} className={dateInputClasses} />
            </label>
            <label className="space-y-1 text-xs font-medium text-zinc-600">
              <span>Due to</span>
              <input type="date" value={to ?? ""} min={from ?? undefined} onChange={(e) => onChange({ from, to: e.target.value || null })} className={dateInputClasses} />
            </label>
          </div>
          {from && to && from > to ? <p className="text-xs font-medium text-red-600">The end is before the start: nothing can match.</p> : null}
          {from || to ? (
            <button type="button" onClick={() => onChange({ from: null, to: null })} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
              Clear due dates
            </button>
          ) : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
