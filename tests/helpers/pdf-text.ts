import { execFile } from "node:child_process";

/**
 * The text of a PDF, read back with unpdf (PDF.js). unpdf loads PDF.js with a
 * dynamic import(), which jest's CommonJS VM refuses, so it runs in a plain
 * Node child process; the parsing is the real one.
 */
const SCRIPT = `
import { extractText, getDocumentProxy } from "unpdf";
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const pdf = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));
const { text, totalPages } = await extractText(pdf, { mergePages: false });
process.stdout.write(JSON.stringify({ pageTexts: text, totalPages }));
`;

export interface PdfText {
  /** All pages' text, joined with newlines. */
  text: string;
  /** Each page's text. */
  pageTexts: string[];
  totalPages: number;
}

export function pdfText(pdf: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["--input-type=module", "-e", SCRIPT], { cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`reading the PDF with unpdf failed: ${err.message} ${stderr}`));
      const { pageTexts, totalPages } = JSON.parse(stdout) as { pageTexts: string[]; totalPages: number };
      resolve({ text: pageTexts.join("\n"), pageTexts, totalPages });
    });
    child.stdin!.end(pdf);
  });
}
