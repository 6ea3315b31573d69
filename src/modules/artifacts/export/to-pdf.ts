import type { Blockquote, Code, Heading, List, ListItem, Root, RootContent, Table } from "mdast";
import { plainText, runsOf, runsOfBlock, type Run } from "./inline";

/**
 * Markdown tree → PDF with pdfkit's standard fonts (Helvetica, Courier). They
 * only cover WinAnsi (Latin-1 plus a few signs): any other character is drawn
 * as "?" (toWinAnsi), never dropped silently and never a crash. No system font
 * is read, so the export is the same on every machine.
 */

const WIN_ANSI_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Each character pdfkit's standard fonts cannot draw becomes one "?" (per code point: an emoji is one "?"). */
export function toWinAnsi(s: string): string {
  let out = "";
  for (const ch of s.replace(/\r\n?/g, "\n")) {
    const c = ch.codePointAt(0)!;
    out += c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRAS.has(ch) ? ch : c === 0x09 ? "    " : "?";
  }
  return out;
}

const HEADING_SIZE: Record<number, number> = { 1: 22, 2: 18, 3: 15, 4: 13, 5: 12, 6: 11 };
const BODY = 11;
const CODE_SIZE = 9.5;
const TEXT = "#1f2937";
const MUTED = "#4b5563";
const LINK = "#1d4ed8";
const LIST_INDENT = 18;

function fontOf(run: Run, bold = false): string {
  if (run.code) return "Courier";
  const b = bold || run.bold;
  if (b && run.italic) return "Helvetica-BoldOblique";
  if (b) return "Helvetica-Bold";
  if (run.italic) return "Helvetica-Oblique";
  return "Helvetica";
}

class PdfWriter {
  private color = TEXT;
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private get left() {
    return this.doc.page.margins.left;
  }
  private get fullWidth() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page when `height` does not fit in what is left of this one (a heading never sits alone at the bottom). */
  private ensureSpace(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** A paragraph of runs at `x`, `width` wide; pdfkit wraps and breaks pages between lines. */
  private writeRuns(runs: Run[], x: number, width: number, size = BODY, bold = false) {
    const visible = runs.filter((r) => r.text !== "");
    if (visible.length === 0) return;
    this.ensureSpace(size * 1.4);
    visible.forEach((run, i) => {
      this.doc.font(fontOf(run, bold)).fontSize(run.code ? size * 0.92 : size).fillColor(run.link ? LINK : this.color);
      const options: PDFKit.Mixins.TextOptions = { continued: i < visible.length - 1, link: run.link ?? undefined, underline: Boolean(run.link), strike: Boolean(run.strike), width, lineGap: 2 };
      if (!run.link) options.link = null as unknown as undefined; // pdfkit carries a continued run's link over unless it is reset
      if (i === 0) this.doc.text(toWinAnsi(run.text), x, this.doc.y, options);
      else this.doc.text(toWinAnsi(run.text), options);
    });
  }

  blocks(nodes: RootContent[], indent: number) {
    for (const node of nodes) this.block(node, indent);
  }

  private block(node: RootContent, indent: number) {
    const x = this.left + indent;
    const width = this.fullWidth - indent;
    switch (node.type) {
      case "heading":
        return this.heading(node, x, width);
      case "paragraph":
      case "html":
        this.writeRuns(node.type === "html" ? [{ text: node.value }] : runsOfBlock(node), x, width);
        this.doc.moveDown(0.5);
        return;
      case "list":
        this.list(node, indent);
        this.doc.moveDown(0.3);
        return;
      case "table":
        return this.table(node, x, width);
      case "code":
        return this.code(node, x, width);
      case "blockquote":
        return this.blockquote(node, indent);
      case "thematicBreak":
        this.ensureSpace(16);
        this.doc.moveTo(x, this.doc.y + 6).lineTo(x + width, this.doc.y + 6).lineWidth(0.5).strokeColor("#9ca3af").stroke();
        this.doc.y += 14;
        return;
      case "footnoteDefinition":
        this.writeRuns([{ text: `[${node.label ?? node.identifier}] ` }], x, width, BODY - 1);
        return this.blocks(node.children, indent + LIST_INDENT);
      default:
        return;
    }
  }

  private heading(node: Heading, x: number, width: number) {
    const size = HEADING_SIZE[node.depth];
    this.doc.moveDown(0.4);
    this.ensureSpace(size * 3); // the heading and a line of what follows
    this.writeRuns(runsOf(node.children), x, width, size, true);
    this.doc.moveDown(0.3);
  }

  private list(node: List, indent: number) {
    const start = node.start ?? 1;
    node.children.forEach((item, i) => this.listItem(item, node.ordered ? `${start + i}.` : indent === 0 ? "•" : "–", indent));
  }

  private listItem(item: ListItem, bullet: string, indent: number) {
    this.ensureSpace(BODY * 1.6);
    const marker = item.checked === true ? "[x]" : item.checked === false ? "[ ]" : bullet;
    const y = this.doc.y;
    this.doc.font("Helvetica").fontSize(BODY).fillColor(this.color).text(marker, this.left + indent, y, { width: LIST_INDENT + 6, lineBreak: false });
    this.doc.y = y;
    const markerWidth = Math.max(LIST_INDENT, this.doc.widthOfString(marker) + 6);
    for (const child of item.children) {
      if (child.type === "paragraph") {
        this.writeRuns(runsOf(child.children), this.left + indent + markerWidth, this.fullWidth - indent - markerWidth);
        this.doc.moveDown(0.15);
      } else this.block(child, indent + markerWidth);
    }
  }

  /** GFM tables drawn as a grid, header row shaded and repeated on each page the table runs onto. */
  private table(node: Table, x: number, width: number) {
    const columns = Math.max(...node.children.map((r) => r.children.length));
    const cellWidth = width / columns;
    const pad = 4;
    const drawRow = (row: Table["children"][number], header: boolean) => {
      const cells = Array.from({ length: columns }, (_, c) => (row.children[c] ? runsOfBlock(row.children[c]) : []));
      this.doc.font(header ? "Helvetica-Bold" : "Helvetica").fontSize(BODY - 1);
      const height = Math.max(...cells.map((runs) => this.doc.heightOfString(toWinAnsi(plainText(runs)) || " ", { width: cellWidth - 2 * pad, lineGap: 2 }))) + 2 * pad + 2;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (!header) drawRow(node.children[0], true);
      }
      const y = this.doc.y;
      if (header) this.doc.rect(x, y, width, height).fill("#e5e7eb");
      let bottom = y + height;
      cells.forEach((runs, c) => {
        this.doc.y = y + pad;
        this.writeRuns(runs, x + c * cellWidth + pad, cellWidth - 2 * pad, BODY - 1, header);
        bottom = Math.max(bottom, this.doc.y + pad);
      });
      for (let c = 0; c < columns; c++) this.doc.rect(x + c * cellWidth, y, cellWidth, bottom - y).lineWidth(0.5).strokeColor("#9ca3af").stroke();
      this.doc.x = x;
      this.doc.y = bottom;
    };
    this.ensureSpace(BODY * 4);
    node.children.forEach((row, i) => drawRow(row, i === 0));
    this.doc.moveDown(0.6);
  }

  /** Code on a shaded block in Courier; a long block continues on the next page between two lines, never through one. */
  private code(node: Code, x: number, width: number) {
    const pad = 6;
    this.doc.font("Courier").fontSize(CODE_SIZE);
    const lines = toWinAnsi(node.value).split("\n");
    const heights = lines.map((l) => this.doc.heightOfString(l || " ", { width: width - 2 * pad, lineGap: 1 }));
    let i = 0;
    while (i < lines.length) {
      this.ensureSpace(heights[i] + 2 * pad);
      let end = i;
      let height = 2 * pad;
      while (end < lines.length && this.doc.y + height + heights[end] <= this.bottom) height += heights[end++];
      if (end === i) height += heights[end++]; // a line taller than a page: drawn anyway
      const y = this.doc.y;
      this.doc.rect(x, y, width, height).fill("#f3f4f6");
      this.doc.font("Courier").fontSize(CODE_SIZE).fillColor(TEXT).text(lines.slice(i, end).join("\n") || " ", x + pad, y + pad, { width: width - 2 * pad, lineGap: 1 });
      this.doc.x = x;
      this.doc.y = y + height;
      i = end;
      if (i < lines.length) this.doc.addPage();
    }
    this.doc.moveDown(0.6);
  }

  /** Indented, muted, with a bar on the left of the part on each page. */
  private blockquote(node: Blockquote, indent: number) {
    const barX = this.left + indent + 4;
    let top = this.doc.y;
    const bar = (from: number, to: number) => this.doc.moveTo(barX, from).lineTo(barX, to).lineWidth(2).strokeColor("#d1d5db").stroke();
    const onPage = () => {
      bar(top, this.bottom);
      top = this.doc.page.margins.top;
    };
    this.doc.on("pageAdded", onPage);
    const previous = this.color;
    this.color = MUTED;
    this.blocks(node.children, indent + 16);
    this.color = previous;
    this.doc.off("pageAdded", onPage);
    bar(top, this.doc.y - 4);
  }

  /** "Page n of m" at the foot of every page (pages are buffered until the end for the total). */
  pageNumbers() {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0; // writing in the margin must not open a new page
      this.doc.font("Helvetica").fontSize(9).fillColor(MUTED).text(`Page ${i + 1} of ${count}`, this.left, this.doc.page.height - 36, { width: this.fullWidth, align: "center", lineBreak: false });
      this.doc.page.margins.bottom = bottomMargin;
    }
  }
}

/** pdfkit is loaded by the first export, not at startup: about 10 MB of resident memory the server does not need until then. */
export async function renderPdf(tree: Root, title: string): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margins: { top: 56, bottom: 56, left: 56, right: 56 }, bufferPages: true, info: { Title: title, Creator: "TeamFlow" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const writer = new PdfWriter(doc);
  writer.blocks(tree.children, 0);
  writer.pageNumbers();
  doc.end();
  return done;
}
