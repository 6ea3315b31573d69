import { useQueryClient } from "@tanstack/react-query";
import { Download, File, FileImage, FileText, ShieldAlert, Trash2 } from "lucide-react";
import { useState } from "react";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import type { Attachment } from "./attachments.api";
import { deleteWithUndo } from "./pending-deletes";
import { formatBytes } from "./upload";
import { Lightbox, PdfViewer } from "./viewers";

/**
 * Files as tiles: image thumbnails, an icon for the rest, name and size, a
 * badge while the virus scan runs or when a file was found infected. An image
 * opens the lightbox, a PDF the viewer, anything else downloads.
 */
export function AttachmentGrid({
  attachments,
  taskId = null,
  originOf,
  compact = false,
}: {
  attachments: Attachment[];
  /** The task whose list also shows these files (refreshed after a delete). */
  taskId?: string | null;
  /** A note under a tile ("In a comment"). */
  originOf?: (a: Attachment) => string | null;
  compact?: boolean;
}) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const images = attachments.filter((a) => a.kind === "image" && a.downloadable && a.urls.preview);
  const imageIndex = images.findIndex((a) => a.id === open);
  const pdf = attachments.find((a) => a.id === open && a.kind === "pdf");

  return (
    <>
      <ul
        className={cn(
          "grid gap-2 sm:gap-3",
          compact ? "grid-cols-[repeat(auto-fill,minmax(7rem,1fr))] sm:grid-cols-[repeat(auto-fill,minmax(8rem,1fr))]" : "grid-cols-[repeat(auto-fill,minmax(8rem,1fr))] sm:grid-cols-[repeat(auto-fill,minmax(9.5rem,1fr))]",
        )}
        aria-label={`${attachments.length} file${attachments.length === 1 ? "" : "s"}`}
        data-testid="attachment-grid"
      >
        {attachments.map((a) => (
          <AttachmentTile key={a.id} attachment={a} origin={originOf?.(a) ?? null} onOpen={() => setOpen(a.id)} onDelete={() => deleteWithUndo(a, queryClient, taskId)} />
        ))}
      </ul>
      {imageIndex >= 0 ? <Lightbox images={images} index={imageIndex} onIndex={(i) => setOpen(images[i]!.id)} onClose={() => setOpen(null)} /> : null}
      {pdf ? <PdfViewer file={pdf} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function FileIcon({ attachment, className }: { attachment: Attachment; className?: string }) {
  const Icon = attachment.kind === "image" ? FileImage : attachment.kind === "pdf" || attachment.kind === "text" ? FileText : File;
  return <Icon className={className} aria-hidden />;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot > name.length - 8 ? name.slice(dot + 1).toUpperCase() : "";
}

function AttachmentTile({ attachment: a, origin, onOpen, onDelete }: { attachment: Attachment; origin: string | null; onOpen: () => void; onDelete: () => void }) {
  const [broken, setBroken] = useState(false);
  const infected = a.scanStatus === "infected";
  const scanning = a.scanStatus === "pending";
  const picture = a.kind === "image" && a.downloadable && !broken ? (a.urls.thumbnail ?? a.urls.preview) : null;
  const opensHere = a.downloadable && ((a.kind === "image" && !!a.urls.preview) || a.kind === "pdf");
  const ext = extensionOf(a.fileName);
  const details = `${a.fileName}, ${formatBytes(a.size)}${a.uploader ? `, added by ${a.uploader.name}` : ""} ${formatDateTime(a.createdAt)}`;

  const face = (
    <>
      {picture ? (
        <img src={picture} alt="" loading="lazy" onError={() => setBroken(true)} className="size-full object-cover" data-testid="attachment-thumbnail" />
      ) : (
        <span className="flex flex-col items-center gap-1 text-zinc-400">
          {infected ? <ShieldAlert className="size-8 text-red-500" aria-hidden /> : <FileIcon attachment={a} className="size-8" />}
          {ext && !infected ? <span className="text-[10px] font-semibold tracking-wide text-zinc-500">{ext}</span> : null}
        </span>
      )}
    </>
  );
  const faceClass = "flex aspect-[4/3] w-full items-center justify-center overflow-hidden bg-zinc-50";
  const focusRing = "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600";

  return (
    <li className="group relative flex min-w-0 flex-col overflow-hidden rounded-lg bg-white ring-1 ring-zinc-200" data-testid="attachment-tile" data-attachment-id={a.id} data-file-name={a.fileName} title={details}>
      {opensHere ? (
        <button type="button" onClick={onOpen} className={cn(faceClass, focusRing, "cursor-zoom-in")} aria-label={`${a.kind === "pdf" ? "Preview" : "View"} ${a.fileName}`}>
          {face}
        </button>
      ) : a.downloadable ? (
        <a href={a.urls.download} download={a.fileName} className={cn(faceClass, focusRing)} aria-label={`Download ${a.fileName}`}>
          {face}
        </a>
      ) : (
        <div className={faceClass}>{face}</div>
      )}
      <div className="min-w-0 space-y-0.5 px-2 py-1.5">
        <p className={cn("truncate text-xs font-medium", infected ? "text-zinc-500 line-through" : "text-zinc-900")}>{a.fileName}</p>
        <p className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-[11px] text-zinc-500">
          <span>{formatBytes(a.size)}</span>
          {scanning ? (
            <span className="rounded bg-amber-50 px-1 font-medium text-amber-800 ring-1 ring-inset ring-amber-600/20" title={a.scanDetail ?? "Waiting for the virus scan: it can be downloaded once it is clean"}>
              {a.scanDetail?.startsWith("Too large") ? "Not scanned: too large" : "Scanning…"}
            </span>
          ) : null}
          {infected ? <span className="rounded bg-red-50 px-1 font-medium text-red-700 ring-1 ring-inset ring-red-600/20">Infected — removed</span> : null}
          {origin ? <span className="text-zinc-400">{origin}</span> : null}
        </p>
      </div>
      <div className="absolute right-1 top-1 flex gap-1 transition-opacity sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100">
        {a.downloadable ? (
          <a href={a.urls.download} download={a.fileName} aria-label={`Download ${a.fileName}`} title="Download" className={tileAction}>
            <Download className="size-3.5" aria-hidden />
          </a>
        ) : null}
        {a.canDelete ? (
          <button type="button" onClick={onDelete} aria-label={`Delete ${a.fileName}`} title="Delete" className={cn(tileAction, "hover:text-red-700")}>
            <Trash2 className="size-3.5" aria-hidden />
          </button>
        ) : null}
      </div>
    </li>
  );
}

const tileAction =
  "inline-flex size-7 items-center justify-center rounded-md bg-white/95 text-zinc-600 shadow-sm ring-1 ring-zinc-900/10 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600";
