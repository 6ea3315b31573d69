import { useMemo } from "react";
import { cn } from "../../lib/cn";
import { useAttachmentResolver } from "../attachments/attachment-links";
import { renderMarkdown } from "./markdown";
import { PROSE } from "./prose";


/** Sanitised markdown (descriptions, comments); mentions `<@id>` show as @Name, `attachment:<id>` links as the file. */
export function Markdown({ source, nameOf, className }: { source: string; nameOf?: (userId: string) => string | undefined; className?: string }) {
  const resolveAttachment = useAttachmentResolver(source);
  const html = useMemo(() => renderMarkdown(source, nameOf, resolveAttachment), [source, nameOf, resolveAttachment]);
  return <div className={cn(PROSE, className)} data-testid="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
