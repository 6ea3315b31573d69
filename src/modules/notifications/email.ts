import nodemailer, { type Transporter } from "nodemailer";
import type { Config } from "../../config/env";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const transports = new Map<string, Transporter>();

/** One pooled nodemailer transport per SMTP_URL; undefined when email is not configured. */
export function mailer(config: Config): Transporter | undefined {
  if (!config.SMTP_URL) return undefined;
  let t = transports.get(config.SMTP_URL);
  if (!t) {
    t = nodemailer.createTransport(config.SMTP_URL);
    transports.set(config.SMTP_URL, t);
  }
  return t;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The one email layout: a heading, paragraphs, an optional button; plain-text twin included. */
export function renderEmail(input: { to: string; subject: string; heading: string; paragraphs: string[]; action?: { label: string; url: string }; footer?: string }): EmailMessage {
  const footer = input.footer ?? "You receive this because of your TeamFlow account. Change which emails you get in your profile.";
  const text = [input.heading, "", ...input.paragraphs.flatMap((p) => [p, ""]), ...(input.action ? [`${input.action.label}: ${input.action.url}`, ""] : []), "--", footer].join("\n");
  const html = `<!doctype html><html><body style="margin:0;background:#f5f5f7;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2937">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 16px">
<table role="presentation" width="100%" style="max-width:520px;background:#ffffff;border-radius:12px;padding:32px" cellpadding="0" cellspacing="0"><tr><td>
<p style="margin:0 0 24px;font-weight:700;color:#4f46e5">TeamFlow</p>
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(input.heading)}</h1>
${input.paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`).join("\n")}
${input.action ? `<p style="margin:24px 0"><a href="${escapeHtml(input.action.url)}" style="background:#4f46e5;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(input.action.label)}</a></p><p style="margin:0 0 16px;font-size:12px;color:#6b7280;word-break:break-all">${escapeHtml(input.action.url)}</p>` : ""}
<p style="margin:24px 0 0;font-size:12px;color:#6b7280">${escapeHtml(footer)}</p>
</td></tr></table></td></tr></table></body></html>`;
  return { to: input.to, subject: input.subject, text, html };
}
