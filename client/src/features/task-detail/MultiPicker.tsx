import * as Popover from "@radix-ui/react-popover";
import { Check, Plus, Search } from "lucide-react";
import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "../../lib/cn";

export interface PickerOption {
  id: string;
  label: string;
  /** Extra words the search matches (e.g. an email). */
  keywords?: string;
  /** Shown before the label (avatar, colour dot). */
  icon?: ReactNode;
}

interface MultiPickerProps {
  /** Name of the field, e.g. "Assignees". */
  label: string;
  options: PickerOption[];
  selected: string[];
  onToggle: (id: string) => void;
  /** What the closed picker shows. */
  trigger: ReactNode;
  /** Accessible summary of the selection, e.g. "Ada Lovelace, Alan Turing". */
  summary: string;
  /** Offer to create an option from the search text (labels). */
  onCreate?: (name: string) => Promise<unknown>;
  /** Text of the create option, e.g. name => `Create label “${name}”`. */
  createText?: (name: string) => string;
  emptyText?: string;
  loading?: boolean;
  testId?: string;
}

/**
 * A searchable multi-select in a popover (combobox pattern): type to filter,
 * arrows to move, Enter to toggle, Escape to close. Changes apply at once.
 */
export function MultiPicker(props: MultiPickerProps) {
  const { label, options, selected, onToggle, trigger, summary, onCreate, emptyText = "Nothing found", loading, testId } = props;
  const createText = props.createText ?? ((name: string) => `Create “${name}”`);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [creating, setCreating] = useState(false);

  const q = query.trim().toLowerCase();
  const shown = q ? options.filter((o) => o.label.toLowerCase().includes(q) || o.keywords?.toLowerCase().includes(q)) : options;
  const canCreate = !!onCreate && q !== "" && !options.some((o) => o.label.toLowerCase() === q);
  const count = shown.length + (canCreate ? 1 : 0);
  const activeIndex = Math.min(active, Math.max(count - 1, 0));
  const optionId = (i: number) => `${id}-option-${i}`;

  const create = async () => {
    if (!onCreate || creating) return;
    setCreating(true);
    try {
      await onCreate(query.trim());
      setQuery("");
    } finally {
      setCreating(false);
    }
  };

  const choose = (i: number) => {
    if (i < shown.length) onToggle(shown[i]!.id);
    else if (canCreate) void create();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (count === 0) return;
      setActive((activeIndex + (e.key === "ArrowDown" ? 1 : -1) + count) % count);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (count > 0) choose(activeIndex);
    }
  };

  return (
    <Popover.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setQuery("");
      }}
    >
      <Popover.Trigger
        title={summary || undefined}
        data-testid={testId}
        className="flex min-h-8 w-fit max-w-full items-center gap-1.5 rounded-lg px-2 py-1 text-left text-sm text-zinc-800 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 data-[state=open]:bg-zinc-100"
      >
        {/* The name is the visible text after this (WCAG 2.5.3 label in name), not an aria-label. */}
        <span className="sr-only">{label}: </span>
        {trigger}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          collisionPadding={8}
          className="z-50 w-72 rounded-xl bg-white p-1 shadow-lg ring-1 ring-zinc-900/10 focus:outline-none"
        >
          <div className="flex items-center gap-2 border-b border-zinc-100 px-2 pb-1">
            <Search className="size-4 shrink-0 text-zinc-400" aria-hidden />
            <input
              role="combobox"
              aria-label={`Search ${label.toLowerCase()}`}
              aria-expanded
              aria-controls={`${id}-listbox`}
              aria-activedescendant={count > 0 ? optionId(activeIndex) : undefined}
              aria-autocomplete="list"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
              placeholder={onCreate ? `Search or create…` : "Search…"}
              className="h-9 min-w-0 flex-1 border-0 bg-transparent text-sm text-zinc-900 placeholder:text-zinc-400 focus:outline-none"
            />
          </div>
          <ul id={`${id}-listbox`} role="listbox" aria-label={label} aria-multiselectable className="max-h-64 overflow-y-auto py-1">
            {shown.map((o, i) => {
              const isSelected = selected.includes(o.id);
              return (
                <li
                  key={o.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={isSelected}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => setActive(i)}
                  onClick={() => choose(i)}
                  className={cn(
                    "flex cursor-pointer items-center gap-2 rounded-lg px-2 py-1.5 text-sm text-zinc-800",
                    i === activeIndex && "bg-zinc-100",
                  )}
                >
                  <span className={cn("flex size-4 shrink-0 items-center justify-center rounded border", isSelected ? "border-indigo-600 bg-indigo-600 text-white" : "border-zinc-300")}>
                    {isSelected ? <Check className="size-3" aria-hidden /> : null}
                  </span>
                  {o.icon}
                  <span className="min-w-0 flex-1 truncate">{o.label}</span>
                </li>
              );
            })}
            {canCreate ? (
              <li
                id={optionId(shown.length)}
                role="option"
                aria-selected={false}
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => setActive(shown.length)}
                onClick={() => void create()}
                className={cn(
                  "flex cursor-pointer items-center gap-2 rounded-lg px-2 py-1.5 text-sm text-indigo-700",
                  activeIndex === shown.length && "bg-indigo-50",
                )}
              >
                <Plus className="size-4" aria-hidden />
                <span className="min-w-0 flex-1 truncate">{creating ? "Creating…" : createText(query.trim())}</span>
              </li>
            ) : null}
          </ul>
          {count === 0 ? <p className="px-2 pb-3 pt-1 text-center text-sm text-zinc-500">{loading ? "Loading…" : emptyText}</p> : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
