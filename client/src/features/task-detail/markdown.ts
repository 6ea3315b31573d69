import DOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";

/**
 * Markdown of descriptions and comments → safe HTML.
 *
 * Two layers: raw HTML in the source is shown as text, never interpreted
 * (SPEC §6: HTML payloads are stored verbatim and rendered escaped), and the
 * result still goes through DOMPurify, which drops event handlers and
 * `javascript:` URLs from anything markdown itself produced (links, images).
 */

/** How mentions are stored in a comment body: `<@userId>`. */
export const MENTION_PATTERN = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;

export const mentionToken = (userId: string) => `<@${userId}>`;

/** How files are linked from markdown: `![name](attachment:<id>)` or `[name](attachment:<id>)`. */
export const ATTACHMENT_LINK = /^attachment:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const ATTACHMENT_IDS = /\(attachment:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

/** The attachment ids a markdown body links to. */
export function attachmentIdsIn(source: string): string[] {
  return [...new Set(Array.from(source.matchAll(ATTACHMENT_IDS), (m) => m[1]!.toLowerCase()))];
}

/** What an `attachment:<id>` link points at, as far as the page knows it. */
export interface LinkedFile {
  fileName: string;
  kind: string;
  downloadable: boolean;
  scanStatus: string;
  urls: { download: string; preview: string | null; thumbnail: string | null };
}

/** A linked file: known, `null` when it was removed, `undefined` while it loads. */
export type ResolveAttachment = (id: string) => LinkedFile | null | undefined;

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

interface MentionToken extends Tokens.Generic {
  type: "mention";
  raw: string;
  userId: string;
}

/** The HTML for an `attachment:<id>` link or image; `label` is already HTML. */
function attachmentHtml(id: string, label: string, altText: string, asImage: boolean, resolve: ResolveAttachment): string {
  const file = resolve(id);
  const idAttr = `data-attachment-id="${escapeHtml(id)}"`;
  if (file === undefined) return `<span class="attachment-link attachment-loading" ${idAttr}>${label || "attachment"}</span>`;
  if (file === null || file.scanStatus === "infected") return `<span class="attachment-removed" ${idAttr}>(attachment removed)</span>`;
  if (!file.downloadable) return `<span class="attachment-link attachment-pending" ${idAttr}>${label || escapeHtml(file.fileName)} (being scanned for viruses…)</span>`;
  const preview = file.urls.preview;
  if (asImage && file.kind === "image" && preview) {
    return `<a href="${escapeHtml(preview)}" ${idAttr} class="attachment-image"><img src="${escapeHtml(preview)}" alt="${escapeHtml(altText || file.fileName)}" ${idAttr}></a>`;
  }
  const href = file.kind === "pdf" && preview ? preview : file.urls.download;
  return `<a href="${escapeHtml(href)}" class="attachment-link" ${idAttr}>${label || escapeHtml(file.fileName)}</a>`;
}

function createMarked(nameOf: (userId: string) => string | undefined, resolve: ResolveAttachment): Marked {
  return new Marked({
    gfm: true,
    breaks: true,
    renderer: {
      html: ({ text }) => escapeHtml(text),
      link(token) {
        const id = ATTACHMENT_LINK.exec(token.href)?.[1];
        if (!id) return false;
        return attachmentHtml(id.toLowerCase(), this.parser.parseInline(token.tokens), token.text, false, resolve);
      },
      image(token) {
        const id = ATTACHMENT_LINK.exec(token.href)?.[1];
        if (!id) return false;
        return attachmentHtml(id.toLowerCase(), escapeHtml(token.text), token.text, true, resolve);
      },
    },
    extensions: [
      {
        name: "mention",
        level: "inline",
        start: (src) => {
          const at = src.indexOf("<@");
          return at < 0 ? undefined : at;
        },
        tokenizer: (src) => {
          const match = /^<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/i.exec(src);
          if (!match) return undefined;
          return { type: "mention", raw: match[0], userId: match[1]!.toLowerCase() } satisfies MentionToken;
        },
        renderer: (token) => {
          const { userId } = token as MentionToken;
          const name = nameOf(userId);
          const cls = name ? "mention" : "mention mention-unknown";
          return `<span class="${cls}" data-user-id="${escapeHtml(userId)}">@${escapeHtml(name ?? "former member")}</span>`;
        },
      },
    ],
  });
}

let hooked = false;

/** Links open in a new tab without handing it our window. */
function addLinkHook() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A" && node.getAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer nofollow");
    }
  });
}

export function renderMarkdown(
  source: string,
  nameOf: (userId: string) => string | undefined = () => undefined,
  resolveAttachment: ResolveAttachment = () => undefined,
): string {
  addLinkHook();
  const html = createMarked(nameOf, resolveAttachment).parse(source, { async: false });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "button", "textarea", "select", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
}

/** Plain text of a markdown body with mentions as @Name (for previews, e.g. the activity timeline). */
export function mentionsAsNames(source: string, nameOf: (userId: string) => string | undefined): string {
  return source.replace(MENTION_PATTERN, (_m, id: string) => `@${nameOf(id.toLowerCase()) ?? "former member"}`);
}
