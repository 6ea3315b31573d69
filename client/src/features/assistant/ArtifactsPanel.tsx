import { useState } from "react";
import { Link } from "react-router-dom";
import { Download, ExternalLink, FileText } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { errorMessage } from "../../lib/api";
import { formatRelative } from "../../lib/format";
import { downloadExport, typeLabel, type ExportFormat } from "../artifacts/artifacts.api";
import { useThreadArtifacts } from "./assistant.api";

const FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: "md", label: "MD" },
  { format: "pdf", label: "PDF" },
  { format: "docx", label: "DOCX" },
];

function Exports({ id, title }: { id: string; title: string }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      await downloadExport(id, format);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label={`Export ${title}`}>
      {FORMATS.map((f) => (
        <Button key={f.format} size="sm" variant="ghost" className="h-7 px-2 text-xs" icon={<Download className="size-3.5" aria-hidden />} loading={busy === f.format} disabled={busy !== null} onClick={() => void run(f.format)} aria-label={`Export ${title} as ${f.label}`}>
          {f.label}
        </Button>
      ))}
      {error ? <p role="alert" className="w-full text-xs text-red-700">{error}</p> : null}
    </div>
  );
}

/** The thread's artifacts (GET /threads/:id/artifacts), refreshed when an `artifact` stream event or an artifact.* event arrives. */
export function ArtifactsPanel({ projectId, threadId, projectBase }: { projectId: string; threadId: string; projectBase: string }) {
  const artifacts = useThreadArtifacts(projectId, threadId);
  if (artifacts.isPending) return <p className="text-sm text-zinc-500">Loading artifacts…</p>;
  if (artifacts.isError)
    return (
      <div role="alert" className="text-sm text-red-700">
        Couldn't load the artifacts. <button type="button" className="font-medium underline" onClick={() => void artifacts.refetch()}>Try again</button>
      </div>
    );
  if (!artifacts.data.length) return <p className="text-sm text-zinc-500">No artifacts yet. Ask the assistant for a user story, acceptance criteria or a requirements document and it appears here.</p>;
  return (
    <ul className="flex flex-col gap-2" aria-label="Artifacts of this conversation">
      {artifacts.data.map((a) => (
        <li key={a.id} className="rounded-md bg-white p-2 ring-1 ring-zinc-200">
          <div className="flex items-start gap-2">
            <FileText className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-hidden />
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-zinc-900">{a.title}</p>
              <p className="text-xs text-zinc-500">
                {typeLabel(a.type)} · v{a.version} · {formatRelative(a.updatedAt)}
              </p>
            </div>
            <Link to={`${projectBase}/artifacts?artifact=${encodeURIComponent(a.id)}`} className="inline-flex shrink-0 items-center gap-1 rounded px-1 text-xs font-medium text-indigo-700 hover:underline" aria-label={`Open ${a.title}`}>
              Open <ExternalLink className="size-3" aria-hidden />
            </Link>
          </div>
          <Exports id={a.id} title={a.title} />
        </li>
      ))}
    </ul>
  );
}
