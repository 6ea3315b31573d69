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

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

interface MentionToken extends Tokens.Generic {
  type: "mention";
  raw: string;
  userId: string;
}

function createMarked(nameOf: (userId: string) => string | undefined): Marked {
  return new Marked({
    gfm: true,
    breaks: true,
    renderer: {
      html: ({ text }) => escapeHtml(text),
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

export function renderMarkdown(source: string, nameOf: (userId: string) => string | undefined = () => undefined): string {
  addLinkHook();
  const html = createMarked(nameOf).parse(source, { async: false });
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
