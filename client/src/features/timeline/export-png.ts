import { artistLanes, barOf, LANE_HEIGHT, ROW_HEIGHT, ticksOf, xOfDay, xOfInstant, type GanttRange, type GanttZoom } from "./gantt-model";
import type { Milestone, Phase, TimelineBooking } from "./timeline.api";

const NAME_WIDTH = 200;
const HEADER = 36;

/**
 * Draws the timeline (phases with progress, dependency lines, milestones, booked artists, today) onto a
 * canvas from the same model the Gantt renders, and returns it as a PNG blob.
 */
export async function timelinePng(input: { title: string; phases: Phase[]; milestones: Milestone[]; bookings: TimelineBooking[]; range: GanttRange; zoom: GanttZoom; dayWidth: number; today: string }): Promise<Blob> {
  const { phases, milestones, bookings, range, zoom, dayWidth, today } = input;
  const artists = artistLanes(bookings);
  const width = NAME_WIDTH + range.count * dayWidth;
  const artistHeights = artists.map((a) => Math.max(ROW_HEIGHT, a.laneCount * LANE_HEIGHT + 10));
  const height = 40 + HEADER + (phases.length + 1) * ROW_HEIGHT + 28 + artistHeights.reduce((s, h) => s + h, 0) + 10;
  const scale = 2;
  const canvas = document.createElement("canvas");
  canvas.width = Math.min(width * scale, 16000);
  canvas.height = Math.min(height * scale, 16000);
  const g = canvas.getContext("2d");
  if (!g) throw new Error("This browser cannot draw images.");
  g.scale(canvas.width / width, canvas.height / height);
  g.fillStyle = "#fff";
  g.fillRect(0, 0, width, height);
  g.font = "600 16px system-ui, sans-serif";
  g.fillStyle = "#18181b";
  g.fillText(input.title, 12, 26);
  const top = 40;
  const x = (d: number) => NAME_WIDTH + d;
  g.font = "11px system-ui, sans-serif";
  for (const t of ticksOf(range, zoom)) {
    const tx = x(xOfDay(t.iso, range, dayWidth));
    g.strokeStyle = t.major ? "#d4d4d8" : "#f4f4f5";
    g.beginPath();
    g.moveTo(tx, top);
    g.lineTo(tx, height);
    g.stroke();
    g.fillStyle = "#52525b";
    g.fillText(t.label, tx + 3, top + 22);
  }
  const rowY = (i: number) => top + HEADER + i * ROW_HEIGHT;
  g.font = "500 13px system-ui, sans-serif";
  phases.forEach((p, i) => {
    const bar = barOf(p, range, dayWidth);
    const y = rowY(i);
    g.fillStyle = "#27272a";
    g.fillText(p.name.slice(0, 26), 10, y + 25);
    g.fillStyle = p.color + "33";
    g.fillRect(x(bar.left), y + 6, bar.width, ROW_HEIGHT - 12);
    g.fillStyle = p.color + "99";
    g.fillRect(x(bar.left), y + 6, (bar.width * p.progress) / 100, ROW_HEIGHT - 12);
    g.strokeStyle = p.color;
    g.lineWidth = 2;
    g.strokeRect(x(bar.left), y + 6, bar.width, ROW_HEIGHT - 12);
    g.lineWidth = 1;
  });
  g.lineWidth = 1.5;
  phases.forEach((p, i) => {
    for (const predId of p.dependsOn) {
      const j = phases.findIndex((q) => q.id === predId);
      if (j < 0) continue;
      const a = barOf(phases[j], range, dayWidth);
      const b = barOf(p, range, dayWidth);
      g.strokeStyle = p.lateDependencies.includes(predId) ? "#e11d48" : "#52525b";
      g.beginPath();
      g.moveTo(x(a.left + a.width), rowY(j) + ROW_HEIGHT / 2);
      g.lineTo(x(a.left + a.width) + 8, rowY(j) + ROW_HEIGHT / 2);
      g.lineTo(x(a.left + a.width) + 8, rowY(i) + ROW_HEIGHT / 2);
      g.lineTo(x(b.left), rowY(i) + ROW_HEIGHT / 2);
      g.stroke();
    }
  });
  const my = rowY(phases.length);
  g.fillStyle = "#52525b";
  g.fillText("Milestones", 10, my + 25);
  for (const m of milestones) {
    const cx = x(xOfDay(m.date, range, dayWidth) + dayWidth / 2);
    const cy = my + ROW_HEIGHT / 2;
    g.save();
    g.translate(cx, cy);
    g.rotate(Math.PI / 4);
    g.fillStyle = m.done ? "#f59e0b" : "#fff";
    g.strokeStyle = "#d97706";
    g.fillRect(-6, -6, 12, 12);
    g.strokeRect(-6, -6, 12, 12);
    g.restore();
    g.fillStyle = "#52525b";
    g.font = "11px system-ui, sans-serif";
    g.fillText(m.name, cx + 10, cy + 4);
    g.font = "500 13px system-ui, sans-serif";
  }
  let y = my + ROW_HEIGHT;
  g.fillStyle = "#f4f4f5";
  g.fillRect(0, y, width, 28);
  g.fillStyle = "#71717a";
  g.font = "600 11px system-ui, sans-serif";
  g.fillText("BOOKED ARTISTS", 10, y + 18);
  y += 28;
  artists.forEach((a, i) => {
    g.font = "13px system-ui, sans-serif";
    g.fillStyle = "#27272a";
    g.fillText(a.name.slice(0, 26), 10, y + 24);
    for (const b of a.bookings) {
      const left = x(xOfInstant(b.start, range, dayWidth));
      const w = Math.max(6, x(xOfInstant(b.end, range, dayWidth)) - left);
      const by = y + 5 + (a.lanes.get(b.id) ?? 0) * LANE_HEIGHT;
      g.fillStyle = b.status === "CONFIRMED" ? a.color : b.status === "PENCIL" ? "#fff" : a.color + "44";
      g.fillRect(left, by, w, LANE_HEIGHT - 4);
      g.strokeStyle = a.color;
      g.setLineDash(b.status === "PENCIL" ? [4, 3] : []);
      g.strokeRect(left, by, w, LANE_HEIGHT - 4);
      g.setLineDash([]);
      g.save();
      g.beginPath();
      g.rect(left, by, w, LANE_HEIGHT - 4);
      g.clip();
      g.fillStyle = b.status === "CONFIRMED" ? "#fff" : "#18181b";
      g.font = "11px system-ui, sans-serif";
      g.fillText(`${b.status === "HOLD" && b.holdRank ? `H${b.holdRank} ` : ""}${b.title}`, left + 4, by + 13);
      g.restore();
    }
    y += artistHeights[i];
  });
  g.fillStyle = "#f43f5e";
  g.fillRect(x(xOfDay(today, range, dayWidth) + dayWidth / 2) - 1, top, 2, height - top);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("Could not make the image."))), "image/png"));
}
