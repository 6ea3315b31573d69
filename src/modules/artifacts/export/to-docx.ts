import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";
import type { List, Root, RootContent, Table as MdTable } from "mdast";
import { runsOf, runsOfBlock, type Run } from "./inline";

/**
 * Markdown tree → Word document: headings use Word's Heading 1–6 styles (so
 * the navigation pane and converters see them), lists are real numbered or
 * bulleted lists, tables are tables, code is Courier New on a shaded block.
 * Word draws any Unicode character, so nothing is replaced here.
 */

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
const MONO = "Courier New";
const CODE_SHADING = { type: ShadingType.CLEAR, color: "auto", fill: "F3F4F6" };
const LEVELS = 9;

function textRun(run: Run, bold = false): TextRun {
  if (run.text === "\n") return new TextRun({ break: 1 });
  return new TextRun({
    text: run.text,
    bold: bold || run.bold,
    italics: run.italic,
    strike: run.strike,
    font: run.code ? MONO : undefined,
    shading: run.code ? CODE_SHADING : undefined,
    style: run.link ? "Hyperlink" : undefined,
  });
}

/** Runs as paragraph children; consecutive runs of one link become one hyperlink. */
function inlines(runs: Run[], bold = false): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (let i = 0; i < runs.length; ) {
    const link = runs[i].link;
    if (!link) {
      out.push(textRun(runs[i++], bold));
      continue;
    }
    const group: TextRun[] = [];
    while (i < runs.length && runs[i].link === link) group.push(textRun(runs[i++], bold));
    out.push(new ExternalHyperlink({ link, children: group }));
  }
  return out;
}

class DocxWriter {
  /** Each ordered list restarts at its own number: one numbering instance per list. */
  private listInstance = 0;

  blocks(nodes: RootContent[], indent = 0): Array<Paragraph | Table> {
    return nodes.flatMap((n) => this.block(n, indent));
  }

  private block(node: RootContent, indent: number): Array<Paragraph | Table> {
    const indentation = indent ? { left: indent } : undefined;
    switch (node.type) {
      case "heading":
        return [new Paragraph({ heading: HEADINGS[node.depth - 1], children: inlines(runsOf(node.children)) })];
      case "paragraph":
        return [new Paragraph({ children: inlines(runsOf(node.children)), indent: indentation, spacing: { after: 120 } })];
      case "html":
        return [new Paragraph({ children: [new TextRun(node.value)], indent: indentation })];
      case "list":
        return this.list(node, 0, indent);
      case "table":
        return [this.table(node)];
      case "code":
        return node.value.split(/\r?\n/).map(
          (line, i, all) =>
            new Paragraph({
              children: [new TextRun({ text: line, font: MONO, size: 19 })],
              shading: CODE_SHADING,
              indent: indentation,
              spacing: { before: 0, after: i === all.length - 1 ? 160 : 0 },
              keepLines: true,
            }),
        );
      case "blockquote":
        return this.blocks(node.children, indent + 567).map((p) => p);
      case "thematicBreak":
        return [new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "9CA3AF", space: 1 } } })];
      case "footnoteDefinition":
        return [new Paragraph({ children: [new TextRun(`[${node.label ?? node.identifier}]`)] }), ...this.blocks(node.children, indent + 567)];
      default:
        return [];
    }
  }

  private list(node: List, level: number, indent: number): Paragraph[] {
    const instance = ++this.listInstance;
    const reference = node.ordered ? "ordered" : "bullets";
    return node.children.flatMap((item) =>
      item.children.flatMap((child, i): Paragraph[] => {
        if (child.type === "list") return this.list(child, Math.min(level + 1, LEVELS - 1), indent);
        if (child.type !== "paragraph" || i > 0) return this.blocks([child], indent + 720 * (level + 1)) as Paragraph[];
        const box = item.checked === true ? [new TextRun("☑ ")] : item.checked === false ? [new TextRun("☐ ")] : [];
        return [new Paragraph({ children: [...box, ...inlines(runsOf(child.children))], numbering: { reference, level, instance: node.ordered ? instance : undefined } })];
      }),
    );
  }

  private table(node: MdTable): Table {
    const columns = Math.max(...node.children.map((r) => r.children.length));
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: node.children.map(
        (row, r) =>
          new TableRow({
            ...(r === 0 ? { tableHeader: true } : {}), // mammoth and Word read a present tblHeader as true, whatever its value
            children: Array.from(
              { length: columns },
              (_, c) =>
                new TableCell({
                  shading: r === 0 ? { type: ShadingType.CLEAR, color: "auto", fill: "E5E7EB" } : undefined,
                  children: [new Paragraph({ children: row.children[c] ? inlines(runsOfBlock(row.children[c]), r === 0) : [] })],
                }),
            ),
          }),
      ),
    });
  }
}

const levels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string) =>
  Array.from({ length: LEVELS }, (_, level) => ({
    level,
    format,
    text: text(level),
    alignment: AlignmentType.START,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));

export async function renderDocx(tree: Root, title: string): Promise<Buffer> {
  const doc = new Document({
    title,
    creator: "TeamFlow",
    numbering: {
      config: [
        { reference: "ordered", levels: levels(LevelFormat.DECIMAL, (l) => `%${l + 1}.`) },
        { reference: "bullets", levels: levels(LevelFormat.BULLET, (l) => ["•", "◦", "▪"][l % 3]) },
      ],
    },
    sections: [
      {
        footers: {
          default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] })] })] }),
        },
        children: new DocxWriter().blocks(tree.children),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
