import { X } from "lucide-react";
import { useId, useState, type KeyboardEvent } from "react";
import { cn } from "../../lib/cn";
import { controlClasses } from "../../components/ui/Input";

/**
 * Skills as chips: Enter or comma adds what was typed, Backspace on an empty
 * input removes the last one, each chip has a remove button.
 */
export function SkillsInput({ value, onChange, id, suggestions = [], ...aria }: { value: string[]; onChange: (skills: string[]) => void; id?: string; suggestions?: string[]; "aria-invalid"?: boolean; "aria-describedby"?: string }) {
  const [draft, setDraft] = useState("");
  const listId = `${useId()}-skills`;

  const add = (text: string) => {
    const skills = text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const next = [...value];
    for (const s of skills) if (!next.some((v) => v.toLowerCase() === s.toLowerCase())) next.push(s);
    if (next.length !== value.length) onChange(next);
    setDraft("");
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      if (draft.trim()) add(draft);
    } else if (e.key === "Backspace" && !draft && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  return (
    <div className={cn(controlClasses, "flex h-auto min-h-10 flex-wrap items-center gap-1.5 py-1.5 focus-within:ring-2 focus-within:ring-indigo-600")}>
      {value.map((s) => (
        <span key={s} className="inline-flex items-center gap-1 rounded-md bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700">
          {s}
          <button type="button" className="rounded text-indigo-500 hover:text-indigo-800" aria-label={`Remove ${s}`} onClick={() => onChange(value.filter((v) => v !== s))}>
            <X className="size-3" aria-hidden />
          </button>
        </span>
      ))}
      <input
        id={id}
        {...aria}
        className="min-w-24 flex-1 border-0 bg-transparent p-0 text-sm outline-none focus:ring-0"
        value={draft}
        placeholder={value.length ? "" : "Type a skill, press Enter"}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => draft.trim() && add(draft)}
        list={suggestions.length ? listId : undefined}
      />
      {suggestions.length ? (
        <datalist id={listId}>
          {suggestions.filter((s) => !value.some((v) => v.toLowerCase() === s.toLowerCase())).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
    </div>
  );
}
