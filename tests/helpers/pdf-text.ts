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
const { text, totalPages } = await extractText(pdf, { mergePages: true });
process.stdout.write(JSON.stringify({ text, totalPages }));
`;

export function pdfText(pdf: Buffer): Promise<{ text: string; totalPages: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["--input-type=module", "-e", SCRIPT], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`unpdf failed: ${err.message} ${stderr}`));
      resolve(JSON.parse(stdout) as { text: string; totalPages: number });
    });
    child.stdin!.end(pdf);
  });
}
