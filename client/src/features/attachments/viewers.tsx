import * as RadixDialog from "@radix-ui/react-dialog";
import { ChevronLeft, ChevronRight, Download, ExternalLink, X } from "lucide-react";
import type { KeyboardEvent, ReactNode } from "react";
import { useReturnFocus } from "../../components/ui/return-focus";
import { cn } from "../../lib/cn";
import type { Attachment } from "./attachments.api";
import { formatBytes } from "./upload";

const overlay = "fixed inset-0 z-[60] bg-zinc-950/85 data-[state=open]:animate-[fade-in_150ms_ease-out]";
const darkButton =
  "inline-flex size-10 items-center justify-center rounded-full text-white/90 hover:bg-white/15 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white";
const darkLink =
  "inline-flex h-9 items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-white/90 ring-1 ring-inset ring-white/25 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-white";

/** A dark full-screen dialog over everything (the drawers too); Escape and Close end it. */
function ViewerDialog({ testId, className, onClose, onKeyDown, children }: { testId: string; className: string; onClose: () => void; onKeyDown?: (e: KeyboardEvent) => void; children: ReactNode }) {
  // Mounted only while open: the focus goes back to the file that opened it.
  useReturnFocus(true);
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={overlay} />
        <RadixDialog.Content aria-describedby={undefined} data-testid={testId} onKeyDown={onKeyDown} className={cn("fixed z-[61] flex flex-col text-white focus:outline-none", className)}>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** The dialog's title (the file name), a line of details, extra actions, Download and Close. */
function ViewerHeader({ file, details, children }: { file: Attachment; details: string; children?: ReactNode }) {
  return (
    <header className="flex shrink-0 items-center gap-2 px-3 py-2 sm:gap-3 sm:px-5">
      <div className="min-w-0 flex-1">
        <RadixDialog.Title className="truncate text-sm font-semibold" title={file.fileName}>
          {file.fileName}
        </RadixDialog.Title>
        <p className="text-xs text-white/70">{details}</p>
      </div>
      {children}
      <a href={file.urls.download} download={file.fileName} className={darkLink}>
        <Download className="size-4" aria-hidden />
        <span className="hidden sm:inline">Download</span>
        <span className="sr-only sm:hidden">Download {file.fileName}</span>
      </a>
      <RadixDialog.Close className={darkButton} aria-label="Close">
        <X className="size-5" aria-hidden />
      </RadixDialog.Close>
    </header>
  );
}

/**
 * Images full screen, one at a time: ←/→ (and the side buttons) move between
 * the images of the list, Escape closes, focus returns to the tile.
 */
export function Lightbox({ images, index, onIndex, onClose }: { images: Attachment[]; index: number; onIndex: (i: number) => void; onClose: () => void }) {
  const image = images[index];
  const many = images.length > 1;
  const go = (step: number) => onIndex((index + step + images.length) % images.length);
  const onKeyDown = (e: KeyboardEvent) => {
    if (!many) return;
    if (e.key === "ArrowRight") {
      e.preventDefault();
      go(1);
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      go(-1);
    }
  };
  if (!image) return null;
  return (
    <ViewerDialog testId="lightbox" onClose={onClose} onKeyDown={onKeyDown} className="inset-0 bg-zinc-950/90">
          <ViewerHeader file={image} details={`${formatBytes(image.size)}${image.width && image.height ? ` · ${image.width}×${image.height}` : ""}${many ? ` · ${index + 1} of ${images.length}` : ""}`} />
          <div className="relative flex min-h-0 flex-1 items-center justify-center px-2 pb-4 sm:px-16">
            <img
              key={image.id}
              src={image.urls.preview ?? image.urls.thumbnail ?? undefined}
              alt={image.fileName}
              className="max-h-full max-w-full rounded object-contain shadow-2xl"
              data-testid="lightbox-image"
            />
            {many ? (
              <>
                <button type="button" className={cn(darkButton, "absolute left-2 top-1/2 -translate-y-1/2 bg-black/30 sm:left-4")} aria-label="Previous image" onClick={() => go(-1)}>
                  <ChevronLeft className="size-6" aria-hidden />
                </button>
                <button type="button" className={cn(darkButton, "absolute right-2 top-1/2 -translate-y-1/2 bg-black/30 sm:right-4")} aria-label="Next image" onClick={() => go(1)}>
                  <ChevronRight className="size-6" aria-hidden />
                </button>
              </>
            ) : null}
          </div>
    </ViewerDialog>
  );
}

/** A PDF in the browser's own viewer (the inline link), with "Open in new tab" and Download beside it. */
export function PdfViewer({ file, onClose }: { file: Attachment; onClose: () => void }) {
  const src = file.urls.preview ?? file.urls.download;
  return (
    <ViewerDialog testId="pdf-viewer" onClose={onClose} className="inset-0 bg-zinc-900 sm:inset-6 sm:overflow-hidden sm:rounded-xl sm:shadow-2xl">
          <ViewerHeader file={file} details={`PDF · ${formatBytes(file.size)}`}>
            <a href={src} target="_blank" rel="noopener noreferrer" className={darkLink}>
              <ExternalLink className="size-4" aria-hidden />
              <span className="hidden sm:inline">Open in new tab</span>
              <span className="sr-only sm:hidden">Open {file.fileName} in a new tab</span>
            </a>
          </ViewerHeader>
          <iframe src={src} title={`${file.fileName} (PDF preview)`} className="min-h-0 w-full flex-1 border-0 bg-zinc-100" data-testid="pdf-frame" />
    </ViewerDialog>
  );
}
