import { useEffect } from "react";
import { Link, useLocation, useOutletContext, useParams, useSearchParams } from "react-router-dom";
import { ArrowLeft } from "lucide-react";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { useDocument } from "./documents.api";

/**
 * One document's text, passage by passage. `?passage=<id>` (the assistant's
 * citations and tool results link there) or `#passage-<id>` (the search
 * results) scrolls to that passage and highlights it; a passage that is no
 * longer in the document (re-uploaded, deleted) says so.
 */
export function DocumentPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const { documentId = "" } = useParams();
  const { hash } = useLocation();
  const [search] = useSearchParams();
  const doc = useDocument(project.id, documentId);
  const target = search.get("passage") ?? (hash.startsWith("#passage-") ? hash.slice("#passage-".length) : null);

  useEffect(() => {
    if (!target || !doc.data) return;
    const el = document.getElementById(`passage-${target}`);
    el?.scrollIntoView({ block: "center" });
    el?.focus({ preventScroll: true });
  }, [target, doc.data]);

  if (doc.isPending) return <PageSpinner label="Loading the document…" />;
  if (doc.isError) return <ErrorState error={doc.error} onRetry={() => void doc.refetch()} title="Couldn't open this document" />;
  const d = doc.data;
  return (
    <article className="flex max-w-3xl flex-col gap-3">
      <Link to=".." relative="path" className="inline-flex items-center gap-1 text-sm text-indigo-700 hover:underline">
        <ArrowLeft className="size-4" /> All documents
      </Link>
      <h2 className="text-lg font-semibold text-zinc-900">{d.name}</h2>
      {target && d.status === "ready" && !d.passages.some((p) => p.id === target) ? (
        <p role="status" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-200">
          The cited passage is no longer in this document (it was changed or re-uploaded). The whole text is below.
        </p>
      ) : null}
      {d.status === "failed" && <p className="text-sm text-red-700">{d.errorDetail}</p>}
      {d.waitingForScan ? (
        <p className="text-sm text-amber-800">{d.errorDetail}</p>
      ) : (
        d.status !== "ready" && d.status !== "failed" && <p className="text-sm text-zinc-600">The text is being extracted ({d.progress} %). It appears here when ready.</p>
      )}
      {d.passages.map((p) => (
        <section
          key={p.id}
          id={`passage-${p.id}`}
          tabIndex={-1}
          aria-label={`Passage ${p.ordinal + 1}${p.id === target ? " (cited)" : ""}`}
          aria-current={p.id === target ? "true" : undefined}
          className={cn("whitespace-pre-wrap rounded-md p-3 text-sm leading-6 text-zinc-800 outline-none", p.id === target ? "bg-amber-100 ring-2 ring-amber-400" : "bg-white")}
        >
          {p.text}
        </section>
      ))}
    </article>
  );
}
