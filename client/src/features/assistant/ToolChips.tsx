import { useState } from "react";
import { Link } from "react-router-dom";
import { ChevronDown, ChevronRight, FileText, ListChecks, Loader2, Search, TriangleAlert } from "lucide-react";
import { passageHref, passagesOf, type ToolCall } from "./citations";

/**
 * The tools an answer used, one chip each: "Searched documents: <query>"
 * expands to the passages found (each opens in its document), "Created
 * artifact: <title>" links to it, "Summarised the thread". A call still
 * running shows a spinner; a failed one says why.
 */

const argOf = (call: ToolCall, key: string): string | null => {
  const v = (call.arguments as Record<string, unknown> | null | undefined)?.[key];
  return typeof v === "string" ? v : null;
};

const chip = "inline-flex max-w-full items-center gap-1.5 rounded-full bg-zinc-100 px-2.5 py-1 text-xs text-zinc-700 ring-1 ring-inset ring-zinc-200";

function SearchChip({ call, projectBase, running }: { call: ToolCall; projectBase: string; running: boolean }) {
  const [open, setOpen] = useState(false);
  const passages = passagesOf(call);
  const label = `Searched documents: ${argOf(call, "query") ?? "…"}`;
  if (running || call.error || !passages.length) {
    return (
      <span className={chip}>
        <Search className="size-3.5 shrink-0" aria-hidden />
        <span className="truncate">{label}</span>
        {running ? <Loader2 className="size-3.5 animate-spin" aria-label="running" /> : null}
        {!running && !call.error ? <span className="text-zinc-500">· nothing found</span> : null}
      </span>
    );
  }
  const panelId = `tool-${call.id}`;
  return (
    <div className="w-full">
      <button type="button" className={`${chip} hover:bg-zinc-200`} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <Search className="size-3.5 shrink-0" aria-hidden />
        <span className="truncate">{label}</span>
        <span className="shrink-0 whitespace-nowrap text-zinc-500">· {passages.length} {passages.length === 1 ? "passage" : "passages"}</span>
        {open ? <ChevronDown className="size-3.5" aria-hidden /> : <ChevronRight className="size-3.5" aria-hidden />}
      </button>
      {open ? (
        <ol id={panelId} className="mt-1 flex flex-col gap-1 rounded-md bg-zinc-50 p-2 text-xs ring-1 ring-zinc-200" aria-label="Passages found">
          {passages.map((p) => (
            <li key={`${p.ref}-${p.passageId}`} className="min-w-0">
              <Link to={passageHref(projectBase, p)} className="font-medium text-indigo-700 hover:underline">
                [{p.ref}] {p.documentName}
              </Link>
              <p className="line-clamp-2 text-zinc-600">{p.text}</p>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

function ToolChip({ call, projectBase, running }: { call: ToolCall; projectBase: string; running: boolean }) {
  if (call.name === "search_documents") return <SearchChip call={call} projectBase={projectBase} running={running} />;
  const failed = call.error ? (
    <span className="inline-flex items-center gap-1 text-red-700">
      <TriangleAlert className="size-3.5" aria-hidden /> failed: {call.error}
    </span>
  ) : null;
  const spinner = running ? <Loader2 className="size-3.5 animate-spin" aria-label="running" /> : null;
  if (call.name === "create_artifact") {
    const artifact = (call.result as { artifact?: { id: string; title: string } } | undefined)?.artifact;
    const title = artifact?.title ?? argOf(call, "title") ?? "…";
    return (
      <span className={chip}>
        <FileText className="size-3.5 shrink-0" aria-hidden />
        {artifact ? (
          <Link to={`${projectBase}/artifacts?artifact=${encodeURIComponent(artifact.id)}`} className="truncate font-medium text-indigo-700 hover:underline">
            Created artifact: {title}
          </Link>
        ) : (
          <span className="truncate">{running ? "Creating artifact" : "Artifact"}: {title}</span>
        )}
        {spinner}
        {failed}
      </span>
    );
  }
  return (
    <span className={chip}>
      <ListChecks className="size-3.5 shrink-0" aria-hidden />
      <span className="truncate">{call.name === "summarize_thread" ? (running ? "Summarising the thread" : "Summarised the thread") : `Used ${call.name}`}</span>
      {spinner}
      {failed}
    </span>
  );
}

export function ToolChips({ calls, projectBase, runningIds = [] }: { calls: readonly ToolCall[]; projectBase: string; runningIds?: readonly string[] }) {
  if (!calls.length) return null;
  return (
    <ul className="mb-2 flex flex-wrap gap-1.5" aria-label="Tools used">
      {calls.map((c) => (
        <li key={c.id} className="min-w-0 max-w-full">
          <ToolChip call={c} projectBase={projectBase} running={runningIds.includes(c.id)} />
        </li>
      ))}
    </ul>
  );
}
