import type { Response } from "express";

/** A file the API answers with (an export): opened in a tab instead of saved (a PDF viewer), it can run nothing and load nothing. */
export function sendDownload(res: Response, file: { contentType: string; disposition: string; body: Buffer | string }): void {
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Disposition", file.disposition);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
  res.setHeader("Cache-Control", "private, no-store");
  res.status(200).end(file.body);
}
