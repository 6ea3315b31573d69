import { useState } from "react";
import { Download } from "lucide-react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { ApiError, errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { downloadExport, type ExportFormat } from "./artifacts.api";

const FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: "md", label: "Markdown" },
  { format: "pdf", label: "PDF" },
  { format: "docx", label: "Word" },
];

/** What the toast of a failed export tells the user to do. */
function nextStep(err: unknown, format: ExportFormat): string {
  if (err instanceof ApiError && err.status === 404) return "It may have been deleted: reload the page.";
  return format === "md" ? "Try again in a moment." : "Try again, or export as Markdown.";
}

function failureReason(err: unknown): string {
  // fetch rejects with a bare TypeError ("Failed to fetch") when the request never got an answer.
  return err instanceof ApiError ? errorMessage(err).replace(/\.?$/, ".") : "The server could not be reached.";
}

/**
 * An artifact's Markdown, PDF and Word downloads (named after the title by the
 * server). One download at a time: the running one shows a spinner, all are
 * disabled meanwhile; a failure is a toast with what to do next.
 * `compact` is the small variant for side panels.
 */
export function ExportButtons({ id, title, compact = false }: { id: string; title: string; compact?: boolean }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat, label: string) => {
    setBusy(format);
    try {
      await downloadExport(id, format, title);
    } catch (err) {
      toast.error(`Couldn't export “${title}” as ${label}`, { description: `${failureReason(err)} ${nextStep(err, format)}` });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className={cn("flex flex-wrap items-center", compact ? "gap-1" : "gap-2")} role="group" aria-label={`Export ${title}`}>
      {FORMATS.map((f) => (
        <Button
          key={f.format}
          variant={compact ? "ghost" : "secondary"}
          size={compact ? "xs" : "sm"}
          icon={<Download className={compact ? "size-3.5" : "size-4"} aria-hidden />}
          loading={busy === f.format}
          disabled={busy !== null}
          aria-label={`Export ${title} as ${f.label}`}
          onClick={() => void run(f.format, f.label)}
        >
          {f.label}
        </Button>
      ))}
    </div>
  );
}
