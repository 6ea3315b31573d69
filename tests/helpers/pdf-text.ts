import { execFile } from "node:child_process";

/**
 * The text of a PDF, read back with `unpdf` in a child Node process: unpdf
 * loads its PDF.js bundle with a dynamic import, which jest's CommonJS
 * runtime refuses (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG); plain Node runs it.
 */
const SCRIPT = `
import { extractText, getDocumentProxy } from "unpdf";
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const pdf = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));
const { totalPages, text } = await extractText(pdf, { mergePages: false });
process.stdout.write(JSON.stringify({ pages: totalPages, text }));
`;

export function pdfText(pdf: Buffer): Promise<{ pages: number; text: string[] }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["--input-type=module", "-e", SCRIPT], { cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`reading the PDF failed: ${stderr || err.message}`));
      resolve(JSON.parse(stdout));
    });
    child.stdin!.end(pdf);
  });
}
