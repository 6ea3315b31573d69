import contentDisposition from "content-disposition";
import type { ExportFormat } from "../artifacts.schema";
import { parseMarkdown, toMarkdown } from "./markdown-tree";
import { renderDocx } from "./to-docx";
import { renderPdf } from "./to-pdf";

/** An artifact as a file: one Markdown tree, written out as Markdown, PDF or DOCX. */
export interface ExportedFile {
  body: Buffer;
  contentType: string;
  disposition: string;
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/**
 * A file name from the title, safe anywhere: path separators, control and
 * reserved characters become "-", length is capped. The header carries the
 * UTF-8 name (filename*) and an ASCII fallback (filename) for old clients.
 */
export function exportFileName(title: string, format: ExportFormat): { name: string; ascii: string } {
  const base =
    title
      .normalize("NFC")
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, "-")
      .replace(/\s+/g, " ")
      .replace(/^[\s.-]+|[\s.-]+$/g, "")
      .slice(0, 120) || "artifact";
  const ascii = base.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x20-\x7e]+|%/g, "-").replace(/^[\s.-]+|[\s.-]+$/g, "") || "artifact";
  return { name: `${base}.${format}`, ascii: `${ascii}.${format}` };
}

export async function exportArtifact(artifact: { title: string; content: string }, format: ExportFormat): Promise<ExportedFile> {
  const tree = await parseMarkdown(artifact.content);
  const body = format === "md" ? Buffer.from(await toMarkdown(tree), "utf8") : format === "pdf" ? await renderPdf(tree, artifact.title) : await renderDocx(tree, artifact.title);
  const { name, ascii } = exportFileName(artifact.title, format);
  return { body, contentType: CONTENT_TYPE[format], disposition: contentDisposition(name, { type: "attachment", fallback: ascii }) };
}
