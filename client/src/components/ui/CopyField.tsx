import { Check, Copy } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { cn } from "../../lib/cn";
import { controlClasses } from "./Input";

/**
 * A read-only value with a Copy button. Falls back to selecting the text
 * (so the user can press Ctrl/Cmd+C) when the clipboard API is unavailable,
 * e.g. on plain-http self-hosted installs.
 */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  const selectText = () => {
    inputRef.current?.focus();
    inputRef.current?.select();
  };

  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success("Copied to clipboard");
      setTimeout(() => setCopied(false), 2000);
    } catch {
      selectText();
      toast.info("Press Ctrl+C (⌘C on Mac) to copy the selected text");
    }
  };

  return (
    <div className="flex gap-2">
      <input
        ref={inputRef}
        readOnly
        value={value}
        aria-label={label}
        data-testid={testId}
        onFocus={(e) => e.currentTarget.select()}
        className={cn(controlClasses, "h-10 min-w-0 flex-1 bg-zinc-50 font-mono text-xs")}
      />
      <button
        type="button"
        onClick={copy}
        className="inline-flex h-10 shrink-0 items-center gap-1.5 rounded-lg bg-white px-3 text-sm font-medium text-zinc-800 shadow-xs ring-1 ring-inset ring-zinc-300 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {copied ? <Check className="size-4 text-emerald-600" aria-hidden /> : <Copy className="size-4" aria-hidden />}
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
