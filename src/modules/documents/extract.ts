import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Config } from "../../config/env";

/**
 * Text out of an uploaded document: text and Markdown as they are (UTF-8),
 * PDF with `unpdf` (pages capped, a PDF with no text layer refused with the
 * reason), DOCX with `mammoth` (raw text). Each run is bounded by a timeout.
 */
export class ExtractionFailure extends Error {}

export const PDF = "application/pdf";
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const TEXT_TYPES = ["text/plain", "text/markdown"];
export const DOCUMENT_TYPES = [...TEXT_TYPES, PDF, DOCX];

export interface Extracted {
  text: string;
  pageCount: number | null;
}

type Progress = (percent: number) => Promise<void>;
type Limits = Pick<Config, "DOCUMENT_MAX_PDF_PAGES" | "DOCUMENT_EXTRACT_TIMEOUT_MS" | "DOCUMENT_MAX_CHARS">;

export async function extractText(bytes: Buffer, mimeType: string, limits: Limits, progress: Progress): Promise<Extracted> {
  const work = TEXT_TYPES.includes(mimeType) ? Promise.resolve({ text: bytes.toString("utf8"), pageCount: null }) : mimeType === PDF ? extractPdf(bytes, limits, progress) : mimeType === DOCX ? extractDocx(bytes) : Promise.reject(new ExtractionFailure(`${mimeType} documents are not supported`));
  const result = await withTimeout(work, limits.DOCUMENT_EXTRACT_TIMEOUT_MS);
  const text = normalise(result.text);
  if (!text.trim()) throw new ExtractionFailure(mimeType === PDF ? "This PDF has no text layer (it is probably scanned): run it through OCR and upload the result" : "The document contains no text");
  if (text.length > limits.DOCUMENT_MAX_CHARS) throw new ExtractionFailure(`The text is longer than the ${limits.DOCUMENT_MAX_CHARS.toLocaleString("en")} character limit (DOCUMENT_MAX_CHARS); split the document`);
  return { text, pageCount: result.pageCount };
}

/** One line-ending style and no NUL bytes (PostgreSQL text refuses them). */
const normalise = (text: string) => text.replace(/\r\n?/g, "\n").split("\u0000").join("");

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ExtractionFailure(`Extracting the text took longer than ${Math.round(ms / 1000)} s (DOCUMENT_EXTRACT_TIMEOUT_MS)`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * PDF text in a worker thread: a hostile or huge PDF cannot block the server's
 * event loop, and the timeout really stops the work (the worker is terminated).
 * The worker loads unpdf (ESM-only) natively, by file URL.
 */
const PDF_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { getDocumentProxy } = await import(workerData.unpdf);
  let pdf;
  try { pdf = await getDocumentProxy(new Uint8Array(workerData.bytes)); }
  catch (err) { return parentPort.postMessage({ failure: "The PDF could not be read: " + err.message }); }
  if (pdf.numPages > workerData.maxPages) return parentPort.postMessage({ failure: "The PDF has " + pdf.numPages + " pages, more than the " + workerData.maxPages + " page limit (DOCUMENT_MAX_PDF_PAGES)" });
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\\n" : "") : "")).join(""));
    parentPort.postMessage({ progress: Math.round((n / pdf.numPages) * 80) });
  }
  parentPort.postMessage({ text: pages.join("\\n\\n"), pageCount: pdf.numPages });
})().catch((err) => parentPort.postMessage({ failure: "The PDF could not be read: " + err.message }));
`;

const unpdfUrl = () => pathToFileURL(path.join(path.dirname(require.resolve("unpdf")), "index.mjs")).href;

function extractPdf(bytes: Buffer, limits: Limits, progress: Progress): Promise<Extracted> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PDF_WORKER, { eval: true, workerData: { unpdf: unpdfUrl(), bytes, maxPages: limits.DOCUMENT_MAX_PDF_PAGES }, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new ExtractionFailure(`Extracting the text took longer than ${Math.round(limits.DOCUMENT_EXTRACT_TIMEOUT_MS / 1000)} s (DOCUMENT_EXTRACT_TIMEOUT_MS)`));
    }, limits.DOCUMENT_EXTRACT_TIMEOUT_MS);
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    worker.on("message", (m: { progress?: number; failure?: string; text?: string; pageCount?: number }) => {
      if (m.progress !== undefined) return void progress(m.progress).catch(() => undefined);
      if (m.failure) return finish(() => reject(new ExtractionFailure(m.failure)));
      finish(() => resolve({ text: m.text ?? "", pageCount: m.pageCount ?? null }));
    });
    worker.on("error", (err) => finish(() => reject(new ExtractionFailure(`The PDF could not be read: ${err.message}`))));
    worker.on("exit", (code) => finish(() => reject(new ExtractionFailure(`The PDF reader stopped (exit code ${code}); the file may be too complex`))));
  });
}

async function extractDocx(bytes: Buffer): Promise<Extracted> {
  const mammoth = await import("mammoth");
  try {
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    return { text: value, pageCount: null };
  } catch (err) {
    throw new ExtractionFailure(`The Word document could not be read: ${(err as Error).message}`);
  }
}
