import { RotateCw, TriangleAlert, X } from "lucide-react";
import { Button, IconButton } from "../../components/ui/Button";
import { cn } from "../../lib/cn";
import { formatBytes } from "./upload";
import { cancelUpload, dismissUpload, retryUpload, type UploadItem } from "./uploads-store";

/** One row per upload: name, size, a progress bar with Cancel, or the reason it failed with Retry. */
export function UploadRows({ items }: { items: UploadItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label="Uploads" data-testid="upload-rows">
      {items.map((item) => (
        <UploadRow key={item.key} item={item} />
      ))}
    </ul>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const percent = Math.round(item.progress * 100);
  const failed = item.state === "failed";
  const name = item.file.name;
  return (
    <li
      className={cn("rounded-lg px-3 py-2 text-sm ring-1 ring-inset", failed ? "bg-red-50/60 ring-red-200" : "bg-white ring-zinc-200")}
      data-testid="upload-row"
      data-state={item.state}
      data-file-name={name}
    >
      <div className="flex min-w-0 items-center gap-2">
        {failed ? <TriangleAlert className="size-4 shrink-0 text-red-600" aria-hidden /> : null}
        <span className="min-w-0 flex-1 truncate font-medium text-zinc-900" title={name}>
          {name}
        </span>
        <span className="shrink-0 text-xs text-zinc-500">{formatBytes(item.file.size)}</span>
        {failed ? (
          <>
            {item.error?.kind !== "too-large" && item.error?.kind !== "type" ? (
              <Button size="xs" variant="secondary" icon={<RotateCw className="size-3.5" aria-hidden />} onClick={() => retryUpload(item.key)} aria-label={`Retry ${name}`}>
                Retry
              </Button>
            ) : null}
            <IconButton label={`Dismiss ${name}`} className="size-7" onClick={() => dismissUpload(item.key)}>
              <X className="size-4" aria-hidden />
            </IconButton>
          </>
        ) : (
          <Button size="xs" variant="ghost" onClick={() => cancelUpload(item.key)} aria-label={`Cancel uploading ${name}`}>
            Cancel
          </Button>
        )}
      </div>
      {failed ? (
        <p role="alert" className="mt-1 text-sm text-red-800" data-testid="upload-error">
          {item.error?.message ?? "The upload failed."}
        </p>
      ) : (
        <div className="mt-1.5 flex items-center gap-2">
          <div
            role="progressbar"
            aria-label={`Uploading ${name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-100"
            data-testid="upload-progress"
          >
            <div className={cn("h-full rounded-full bg-indigo-600 transition-[width] duration-200", item.state === "processing" && "animate-pulse")} style={{ width: `${percent}%` }} />
          </div>
          <span className="w-20 shrink-0 text-right text-xs tabular-nums text-zinc-500">{item.state === "processing" ? "Checking…" : `${percent}%`}</span>
        </div>
      )}
    </li>
  );
}
