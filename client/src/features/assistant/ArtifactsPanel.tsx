import { Link } from "react-router-dom";
import { ExternalLink, FileText } from "lucide-react";
import { formatRelative } from "../../lib/format";
import { typeLabel } from "../artifacts/artifacts.api";
import { ExportButtons } from "../artifacts/ExportButtons";
import { useThreadArtifacts } from "./assistant.api";

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
          <ExportButtons id={a.id} title={a.title} compact />
        </li>
      ))}
    </ul>
  );
}
