import type { Paragraph, ParagraphChild, Table, TextRun } from "docx" with { "resolution-mode": "import" };
import type { List, Root, RootContent, Table as MdTable } from "mdast";
import { runsOf, runsOfBlock, type Run } from "./inline";

/**
 * Markdown tree → Word document: headings use Word's Heading 1–6 styles (so
 * the navigation pane and converters see them), lists are real numbered or
 * bulleted lists, tables are tables, code is Courier New on a shaded block.
 * Word draws any Unicode character, so nothing is replaced here.
 */

/** The docx library (over 10 MB of heap) is loaded by the first Word export, not at startup. */
const loadDocx = () => import("docx");
let D: Awaited<ReturnType<typeof loadDocx>>;

const headings = () => [D.HeadingLevel.HEADING_1, D.HeadingLevel.HEADING_2, D.HeadingLevel.HEADING_3, D.HeadingLevel.HEADING_4, D.HeadingLevel.HEADING_5, D.HeadingLevel.HEADING_6];
const MONO = "Courier New";
const codeShading = () => ({ type: D.ShadingType.CLEAR, color: "auto", fill: "F3F4F6" });
const LEVELS = 9;

function textRun(run: Run, bold = false): TextRun {
  if (run.text === "\n") return new D.TextRun({ break: 1 });
  return new D.TextRun({
    text: run.text,
    bold: bold || run.bold,
    italics: run.italic,
    strike: run.strike,
    font: run.code ? MONO : undefined,
    shading: run.code ? codeShading() : undefined,
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
    out.push(new D.ExternalHyperlink({ link, children: group }));
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
        return [new D.Paragraph({ heading: headings()[node.depth - 1], children: inlines(runsOf(node.children)) })];
      case "paragraph":
        return [new D.Paragraph({ children: inlines(runsOf(node.children)), indent: indentation, spacing: { after: 120 } })];
      case "html":
        return [new D.Paragraph({ children: [new D.TextRun(node.value)], indent: indentation })];
      case "list":
        return this.list(node, 0, indent);
      case "table":
        return [this.table(node)];
      case "code":
        return node.value.split(/\r?\n/).map(
          (line, i, all) =>
            new D.Paragraph({
              children: [new D.TextRun({ text: line, font: MONO, size: 19 })],
              shading: codeShading(),
              indent: indentation,
              spacing: { before: 0, after: i === all.length - 1 ? 160 : 0 },
              keepLines: true,
            }),
        );
      case "blockquote":
        return this.blocks(node.children, indent + 567).map((p) => p);
      case "thematicBreak":
        return [new D.Paragraph({ children: [], border: { bottom: { style: D.BorderStyle.SINGLE, size: 6, color: "9CA3AF", space: 1 } } })];
      case "footnoteDefinition":
        return [new D.Paragraph({ children: [new D.TextRun(`[${node.label ?? node.identifier}]`)] }), ...this.blocks(node.children, indent + 567)];
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
        const box = item.checked === true ? [new D.TextRun("☑ ")] : item.checked === false ? [new D.TextRun("☐ ")] : [];
        return [new D.Paragraph({ children: [...box, ...inlines(runsOf(child.children))], numbering: { reference, level, instance: node.ordered ? instance : undefined } })];
      }),
    );
  }

  private table(node: MdTable): Table {
    const columns = Math.max(...node.children.map((r) => r.children.length));
    return new D.Table({
      width: { size: 100, type: D.WidthType.PERCENTAGE },
      rows: node.children.map(
        (row, r) =>
          new D.TableRow({
            ...(r === 0 ? { tableHeader: true } : {}), // mammoth and Word read a present tblHeader as true, whatever its value
            children: Array.from(
              { length: columns },
              (_, c) =>
                new D.TableCell({
                  shading: r === 0 ? { type: D.ShadingType.CLEAR, color: "auto", fill: "E5E7EB" } : undefined,
                  children: [new D.Paragraph({ children: row.children[c] ? inlines(runsOfBlock(row.children[c]), r === 0) : [] })],
                }),
            ),
          }),
      ),
    });
  }
}

const levels = (format: (typeof D.LevelFormat)[keyof typeof D.LevelFormat], text: (level: number) => string) =>
  Array.from({ length: LEVELS }, (_, level) => ({
    level,
    format,
    text: text(level),
    alignment: D.AlignmentType.START,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));

export async function renderDocx(tree: Root, title: string): Promise<Buffer> {
  D ??= await loadDocx();
  const doc = new D.Document({
    title,
    creator: "TeamFlow",
    numbering: {
      config: [
        { reference: "ordered", levels: levels(D.LevelFormat.DECIMAL, (l) => `%${l + 1}.`) },
        { reference: "bullets", levels: levels(D.LevelFormat.BULLET, (l) => ["•", "◦", "▪"][l % 3]) },
      ],
    },
    sections: [
      {
        footers: {
          default: new D.Footer({ children: [new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [new D.TextRun({ children: ["Page ", D.PageNumber.CURRENT, " of ", D.PageNumber.TOTAL_PAGES] })] })] }),
        },
        children: new DocxWriter().blocks(tree.children),
      },
    ],
  });
  return D.Packer.toBuffer(doc);
}
