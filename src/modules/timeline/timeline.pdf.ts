
/**
 * The project's Gantt as a PDF (A4 landscape): phases with their progress and
 * dependencies, milestones, one lane per booked artist, today's line, drawn
 * from the same data as `GET /projects/:id/timeline`. Rows that do not fit
 * continue on the next page under the same date header.
 */

export interface TimelinePdfInput {
  projectName: string;
  projectKey: string;
  /** "today" in the viewer's time zone, YYYY-MM-DD. */
  today: string;
  generatedAt: string;
  phases: Array<{ id: string; name: string; startDate: string; endDate: string; progress: number; color: string; dependsOn: string[] }>;
  milestones: Array<{ name: string; date: string; done: boolean }>;
  bookings: Array<{ artist: { id: string; name: string; color: string }; title: string; start: string; end: string; status: string; holdRank: number | null }>;
}

const PAGE = { width: 841.89, height: 595.28, margin: 36 };
const LABEL_WIDTH = 170;
const ROW = 20;
const HEADER = 34;
const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const STATUS_LABEL: Record<string, string> = { CONFIRMED: "Confirmed", PENCIL: "Pencil", HOLD: "Hold" };

const dayOf = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The standard PDF fonts encode WinAnsi (Latin-1 and a few more) only: any
 * other character becomes "?" rather than a wrong glyph.
 */
const WIN_ANSI_EXTRA = new Set([..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"]);
export const winAnsi = (s: string) => [...s].map((c) => (c.charCodeAt(0) <= 0xff || WIN_ANSI_EXTRA.has(c) ? c : "?")).join("");

type Row =
  | { kind: "section"; label: string }
  | { kind: "phase"; phase: TimelinePdfInput["phases"][number] }
  | { kind: "milestones"; milestones: TimelinePdfInput["milestones"] }
  | { kind: "artist"; name: string; color: string; bookings: TimelinePdfInput["bookings"] };

/** The days shown: every phase, milestone and booking, with a little room either side. */
function dateRange(input: TimelinePdfInput): { from: number; to: number } {
  const days = [
    ...input.phases.flatMap((p) => [dayOf(p.startDate), dayOf(p.endDate)]),
    ...input.milestones.map((m) => dayOf(m.date)),
    ...input.bookings.flatMap((b) => [dayOf(b.start.slice(0, 10)), dayOf(b.end.slice(0, 10))]),
  ];
  if (!days.length) {
    const today = dayOf(input.today);
    return { from: today - 7 * DAY_MS, to: today + 21 * DAY_MS };
  }
  return { from: Math.min(...days) - 2 * DAY_MS, to: Math.max(...days) + 3 * DAY_MS };
}

function rowsOf(input: TimelinePdfInput): Row[] {
  const rows: Row[] = [{ kind: "section", label: "Phases" }];
  for (const phase of input.phases) rows.push({ kind: "phase", phase });
  if (!input.phases.length) rows.push({ kind: "section", label: "No phases yet" });
  if (input.milestones.length) rows.push({ kind: "milestones", milestones: input.milestones });
  const artists = new Map<string, { name: string; color: string; bookings: TimelinePdfInput["bookings"] }>();
  for (const b of input.bookings) {
    const lane = artists.get(b.artist.id) ?? { name: b.artist.name, color: b.artist.color, bookings: [] };
    lane.bookings.push(b);
    artists.set(b.artist.id, lane);
  }
  if (artists.size) rows.push({ kind: "section", label: "Booked artists" });
  for (const lane of [...artists.values()].sort((a, b) => a.name.localeCompare(b.name))) rows.push({ kind: "artist", ...lane });
  return rows;
}

export async function timelinePdf(input: TimelinePdfInput): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit"); // loaded on first use (see renderPdf)
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    // No bottom margin for pdfkit: the layout keeps its own, and a footer inside it must not start a new page.
    margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: 0 },
    bufferPages: true, info: { Title: winAnsi(`${input.projectName} timeline`), Creator: "TeamFlow" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const { from, to } = dateRange(input);
  const chartLeft = PAGE.margin + LABEL_WIDTH;
  const chartWidth = PAGE.width - PAGE.margin - chartLeft;
  const x = (ms: number) => chartLeft + ((ms - from) / (to - from)) * chartWidth;
  const top = PAGE.margin + 28;
  const bottom = PAGE.height - PAGE.margin - 28;
  const rowY = new Map<string, number>();

  const perPage = Math.floor((bottom - top - HEADER - 16) / ROW);
  const rows = rowsOf(input);
  for (let first = 0; first < rows.length; first += perPage) {
    if (first > 0) doc.addPage();
    const pageRows = rows.slice(first, first + perPage);
    const end = top + HEADER + pageRows.length * ROW;
    doc.font("Helvetica-Bold").fontSize(14).fillColor("#18181b").text(winAnsi(`${input.projectName} · timeline`), PAGE.margin, PAGE.margin, { width: PAGE.width - 2 * PAGE.margin - 200, height: 16, ellipsis: true });
    doc.font("Helvetica").fontSize(9).fillColor("#52525b").text(`${isoOf(from)} to ${isoOf(to)}`, PAGE.width - PAGE.margin - 200, PAGE.margin + 3, { width: 200, align: "right", lineBreak: false });
    drawScale(doc, top, end, from, to, x);
    rowY.clear();
    pageRows.forEach((row, i) => drawRow(doc, row, top + HEADER + i * ROW, x, chartLeft, chartWidth, rowY));
    drawDependencies(doc, input.phases, rowY, x);
    drawToday(doc, dayOf(input.today), from, to, top, end, x);
    drawLegend(doc, end + 10);
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font("Helvetica").fontSize(8).fillColor("#71717a").text(winAnsi(`${input.projectKey} · generated ${input.generatedAt} by TeamFlow · page ${i + 1} of ${range.count}`), PAGE.margin, PAGE.height - PAGE.margin - 8, { width: PAGE.width - 2 * PAGE.margin, align: "right", lineBreak: false });
  }
  doc.end();
  return done;
}

/** Month bands (and Monday ticks for short ranges) above the chart, with faint lines down to the last row. */
function drawScale(doc: PDFKit.PDFDocument, top: number, bottom: number, from: number, to: number, x: (ms: number) => number) {
  doc.save();
  doc.font("Helvetica-Bold").fontSize(8).fillColor("#3f3f46");
  let month = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), 1);
  while (month < to) {
    const next = Date.UTC(new Date(month).getUTCFullYear(), new Date(month).getUTCMonth() + 1, 1);
    const left = x(Math.max(month, from));
    const right = x(Math.min(next, to));
    if (right - left > 24) doc.text(`${MONTHS[new Date(month).getUTCMonth()]} ${new Date(month).getUTCFullYear()}`, left + 3, top + 2, { width: right - left - 4, lineBreak: false, ellipsis: true });
    if (month > from) doc.moveTo(left, top).lineTo(left, bottom).lineWidth(0.6).strokeColor("#d4d4d8").stroke();
    month = next;
  }
  const days = (to - from) / DAY_MS;
  if (days <= 120) {
    doc.font("Helvetica").fontSize(7).fillColor("#71717a");
    for (let d = from; d < to; d += DAY_MS) {
      if (new Date(d).getUTCDay() !== 1) continue;
      doc.moveTo(x(d), top + 14).lineTo(x(d), bottom).lineWidth(0.3).strokeColor("#e4e4e7").stroke();
      if (days <= 70) doc.text(String(new Date(d).getUTCDate()), x(d) + 2, top + 16, { lineBreak: false });
    }
  }
  doc.moveTo(PAGE.margin, top + HEADER - 4).lineTo(PAGE.width - PAGE.margin, top + HEADER - 4).lineWidth(0.8).strokeColor("#a1a1aa").stroke();
  doc.restore();
}

function label(doc: PDFKit.PDFDocument, text: string, y: number, bold = false) {
  doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9).fillColor("#18181b").text(winAnsi(text), PAGE.margin, y + 5, { width: LABEL_WIDTH - 8, lineBreak: false, ellipsis: true });
}

function drawRow(doc: PDFKit.PDFDocument, row: Row, y: number, x: (ms: number) => number, chartLeft: number, chartWidth: number, rowY: Map<string, number>) {
  if (row.kind === "section") {
    doc.rect(PAGE.margin, y + 2, PAGE.width - 2 * PAGE.margin, ROW - 4).fill("#f4f4f5");
    label(doc, row.label, y, true);
    return;
  }
  if (row.kind === "phase") {
    const p = row.phase;
    rowY.set(p.id, y);
    label(doc, p.name, y);
    const left = x(dayOf(p.startDate));
    const width = Math.max(3, x(dayOf(p.endDate) + DAY_MS) - left);
    doc.save().roundedRect(left, y + 4, width, ROW - 8, 3).fillOpacity(0.3).fill(p.color).restore();
    if (p.progress > 0) doc.save().roundedRect(left, y + 4, (width * p.progress) / 100, ROW - 8, 3).fill(p.color).restore();
    doc.roundedRect(left, y + 4, width, ROW - 8, 3).lineWidth(0.6).strokeColor(p.color).stroke();
    // The percentage sits at the bar's end, inside when it fits (arrows leave from the outside end).
    const pct = `${p.progress}%`;
    doc.font("Helvetica-Bold").fontSize(7).fillColor("#18181b");
    const pctWidth = doc.widthOfString(pct);
    if (width > pctWidth + 8) doc.text(pct, left + width - pctWidth - 4, y + 7, { lineBreak: false });
    else if (left + width + pctWidth + 4 < chartLeft + chartWidth) doc.text(pct, left + width + 3, y + 7, { lineBreak: false });
    return;
  }
  if (row.kind === "milestones") {
    label(doc, "Milestones", y, true);
    const sorted = [...row.milestones].sort((a, b) => a.date.localeCompare(b.date));
    sorted.forEach((m, i) => {
      const cx = x(dayOf(m.date) + DAY_MS / 2);
      diamond(doc, cx, y + ROW / 2, 5, "#0f766e", m.done);
      // A name runs up to the next milestone (or the chart's end), then is cut with an ellipsis.
      const name = winAnsi(`${m.name}${m.done ? " (done)" : ""}`);
      doc.font("Helvetica").fontSize(7).fillColor("#134e4a");
      const next = sorted[i + 1] ? x(dayOf(sorted[i + 1].date) + DAY_MS / 2) - 8 : chartLeft + chartWidth;
      const room = next - cx - 8;
      const wanted = doc.widthOfString(name);
      // The last one may sit near the edge: its name then goes to the left of the diamond.
      if (!sorted[i + 1] && room < Math.min(wanted, 60)) doc.text(name, Math.max(chartLeft, cx - 7 - wanted), y + 7, { width: Math.min(wanted, cx - 7 - chartLeft), height: 9, ellipsis: true });
      else if (room > 18) doc.text(name, cx + 7, y + 7, { width: room, height: 9, ellipsis: true });
    });
    return;
  }
  label(doc, row.name, y);
  for (const b of row.bookings) drawBooking(doc, b, y, x, row.color);
}

function drawBooking(doc: PDFKit.PDFDocument, b: TimelinePdfInput["bookings"][number], y: number, x: (ms: number) => number, accent: string) {
  const left = x(Date.parse(b.start));
  const width = Math.max(3, x(Date.parse(b.end)) - left);
  const box = () => doc.roundedRect(left, y + 3, width, ROW - 6, 2);
  if (b.status === "CONFIRMED") box().fill(accent);
  else if (b.status === "PENCIL") box().lineWidth(1).dash(2.5, { space: 2 }).strokeColor(accent).stroke().undash();
  else {
    doc.save();
    box().clip();
    for (let hx = left - ROW; hx < left + width; hx += 5) doc.moveTo(hx, y + ROW).lineTo(hx + ROW, y).lineWidth(1.2).strokeOpacity(0.45).strokeColor(accent).stroke();
    doc.restore();
    box().lineWidth(0.6).strokeColor(accent).stroke();
  }
  const text = `${b.status === "HOLD" && b.holdRank ? `H${b.holdRank} ` : ""}${b.title}`;
  if (width > 24) {
    doc.font("Helvetica").fontSize(7).fillColor(b.status === "CONFIRMED" ? "#ffffff" : "#18181b").text(winAnsi(text), left + 3, y + 7, { width: width - 5, lineBreak: false, ellipsis: true });
  }
}

/** Finish-to-start arrows: from the end of a predecessor down (or up) to the start of the phase that waits for it. */
function drawDependencies(doc: PDFKit.PDFDocument, phases: TimelinePdfInput["phases"], rowY: Map<string, number>, x: (ms: number) => number) {
  const byId = new Map(phases.map((p) => [p.id, p]));
  doc.save().lineWidth(0.7).strokeColor("#6366f1").fillColor("#6366f1");
  for (const p of phases) {
    const toY = rowY.get(p.id);
    for (const dep of p.dependsOn) {
      const pred = byId.get(dep);
      const fromY = pred ? rowY.get(pred.id) : undefined;
      // Rows split over pages: an arrow is drawn only when both ends are on this page.
      if (!pred || fromY === undefined || toY === undefined || toY < fromY) continue;
      const sx = x(dayOf(pred.endDate) + DAY_MS);
      const ex = x(dayOf(p.startDate));
      const sy = fromY + ROW / 2;
      const ey = toY + ROW / 2;
      const bend = Math.max(sx + 4, Math.min(ex - 4, sx + 8));
      doc.moveTo(sx, sy).lineTo(bend, sy).lineTo(bend, ey).lineTo(ex, ey).stroke();
      doc.moveTo(ex, ey).lineTo(ex - 4, ey - 2.5).lineTo(ex - 4, ey + 2.5).closePath().fill();
    }
  }
  doc.restore();
}

function drawToday(doc: PDFKit.PDFDocument, today: number, from: number, to: number, top: number, bottom: number, x: (ms: number) => number) {
  if (today < from || today > to) return;
  const tx = x(today + DAY_MS / 2);
  doc.save().moveTo(tx, top + HEADER - 4).lineTo(tx, bottom).lineWidth(1).dash(3, { space: 2 }).strokeColor("#dc2626").stroke().undash();
  doc.font("Helvetica-Bold").fontSize(7).fillColor("#dc2626").text("Today", tx + 2, top + HEADER - 2, { lineBreak: false });
  doc.restore();
}

function drawLegend(doc: PDFKit.PDFDocument, y: number) {
  doc.save().font("Helvetica").fontSize(7).fillColor("#3f3f46");
  let lx = PAGE.margin;
  const item = (draw: () => void, text: string) => {
    draw();
    doc.fillColor("#3f3f46").text(text, lx + 16, y + 1, { lineBreak: false });
    lx += 16 + doc.widthOfString(text) + 14;
  };
  item(() => doc.rect(lx, y, 12, 8).fill("#6366f1"), STATUS_LABEL.CONFIRMED);
  item(() => doc.rect(lx, y, 12, 8).lineWidth(1).dash(2, { space: 1.5 }).strokeColor("#6366f1").stroke().undash(), STATUS_LABEL.PENCIL);
  item(() => doc.rect(lx, y, 12, 8).fillOpacity(0.3).fill("#6366f1").fillOpacity(1), `${STATUS_LABEL.HOLD} (H1 = first hold)`);
  item(() => diamond(doc, lx + 6, y + 4, 4, "#0f766e"), "Milestone");
  doc.restore();
}

function diamond(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number, color: string, filled = true) {
  doc.moveTo(cx, cy - r).lineTo(cx + r, cy).lineTo(cx, cy + r).lineTo(cx - r, cy).closePath();
  if (filled) doc.fill(color);
  else doc.lineWidth(1).strokeColor(color).stroke();
}
