import type { PhrasingContent, RootContent, TableCell } from "mdast";

/** A piece of a paragraph with its formatting: what both the PDF and the DOCX writer draw. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
  link?: string;
}
type Style = Omit<Run, "text">;

/** Phrasing content flattened to runs; nested emphasis adds up (bold inside a link stays a bold link). */
export function runsOf(nodes: PhrasingContent[], style: Style = {}): Run[] {
  return nodes.flatMap((n): Run[] => {
    switch (n.type) {
      case "text":
        return [{ ...style, text: n.value }];
      case "strong":
        return runsOf(n.children, { ...style, bold: true });
      case "emphasis":
        return runsOf(n.children, { ...style, italic: true });
      case "delete":
        return runsOf(n.children, { ...style, strike: true });
      case "inlineCode":
        return [{ ...style, code: true, text: n.value }];
      case "link":
        return runsOf(n.children, { ...style, link: n.url });
      case "linkReference":
        return runsOf(n.children, style);
      case "break":
        return [{ ...style, text: "\n" }];
      // Images are not fetched (an export must not reach out to the network): their alt text and address stay.
      case "image":
        return [{ ...style, text: `[image: ${n.alt || n.url}]`, link: n.url }];
      case "imageReference":
        return [{ ...style, text: `[image: ${n.alt ?? n.identifier}]` }];
      case "footnoteReference":
        return [{ ...style, text: `[${n.label ?? n.identifier}]` }];
      case "html":
        return [{ ...style, text: n.value }];
      default:
        return [];
    }
  });
}

/** Runs of a block that holds phrasing content, or none. */
export function runsOfBlock(node: RootContent | TableCell): Run[] {
  return "children" in node ? runsOf(node.children as PhrasingContent[]) : [];
}

export const plainText = (runs: Run[]) => runs.map((r) => r.text).join("");
