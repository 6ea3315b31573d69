import { useEffect, useState } from "react";
import { useOutletContext } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { CalendarRange, Diamond, FileDown, ImageDown, Plus, Printer } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { useRealtime } from "../realtime/realtime-context";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { GanttChart } from "./GanttChart";
import { dayWidthOf, GANTT_ZOOMS, rangeOf, todayIso, type GanttZoom } from "./gantt-model";
import { downloadFromApi } from "../../lib/download";
import { timelinePng } from "./export-png";
import { MilestoneDialog } from "./MilestoneDialog";
import { PhaseDialog } from "./PhaseDialog";
import { canEditTimeline, timelineKey, useReorderPhases, useTimeline, useUpdatePhase, type Milestone, type Phase } from "./timeline.api";

const PRINT_CSS = `@media print {
  @page { size: landscape; margin: 10mm; }
  body * { visibility: hidden !important; }
  [data-timeline-print], [data-timeline-print] * { visibility: visible !important; }
  [data-timeline-print] { position: absolute; left: 0; top: 0; width: 100%; }
  [data-gantt] { overflow: visible !important; }
  [data-gantt] .sticky { position: static !important; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

const usePhone = () => {
  const [phone, setPhone] = useState(() => window.matchMedia("(max-width: 640px)").matches);
  useEffect(() => {
    const q = window.matchMedia("(max-width: 640px)");
    const on = () => setPhone(q.matches);
    q.addEventListener("change", on);
    return () => q.removeEventListener("change", on);
  }, []);
  return phone;
};

/** The project's Timeline tab: phases, dependencies and milestones on a Gantt, with who is booked when. */
export function TimelinePage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const timeline = useTimeline(project.id);
  const canEdit = canEditTimeline(workspace);
  const [zoom, setZoom] = useState<GanttZoom>("month");
  const [pdfPending, setPdfPending] = useState(false);
  const [editing, setEditing] = useState<{ kind: "phase"; phase: Phase | null } | { kind: "milestone"; milestone: Milestone | null } | null>(null);
  const update = useUpdatePhase(project.id);
  const reorder = useReorderPhases(project.id);
  const queryClient = useQueryClient();
  const rt = useRealtime();
  const phone = usePhone();

  // Others' changes: phase, milestone and (this project's) booking events refetch the timeline.
  useEffect(() => {
    if (!rt) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = rt.onEvent((event) => {
      const d = event.data as { projectId?: string | null } | null;
      const ours = event.type.startsWith("phase.") || event.type.startsWith("milestone.") ? d?.projectId === project.id : event.type.startsWith("booking.");
      if (!ours) return;
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: timelineKey(project.id) }), 150);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [rt, queryClient, project.id]);

  if (timeline.isPending) return <PageSpinner label="Loading the timeline…" />;
  if (timeline.isError) return <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} title="Couldn't load the timeline" />;
  const { phases, milestones, bookings } = timeline.data;
  const today = todayIso();
  const range = rangeOf(phases, milestones, bookings, today, zoom);
  const dayWidth = dayWidthOf(zoom);

  const save = async (phase: Phase, changes: { startDate?: string; endDate?: string; dependsOn?: string[] }, done: string) => {
    try {
      await update.mutateAsync({ id: phase.id, version: phase.version, shiftDependents: false, ...changes });
      toast.success(done);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };
  const moveTo = async (phaseId: string, to: number) => {
    const ids = phases.map((p) => p.id).filter((id) => id !== phaseId);
    ids.splice(to, 0, phaseId);
    try {
      await reorder.mutateAsync(ids);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };
  const exportPdf = async () => {
    setPdfPending(true);
    try {
      const today = new Intl.DateTimeFormat("en-CA").format(new Date());
      await downloadFromApi(`/projects/${encodeURIComponent(project.id)}/timeline/export?format=pdf`, { accept: "application/pdf", fileName: `${project.key.toLowerCase()}-timeline-${today}.pdf` });
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setPdfPending(false);
    }
  };
  const exportPng = async () => {
    try {
      const blob = await timelinePng({ title: `${project.name} — timeline`, phases, milestones, bookings, range, zoom, dayWidth, today });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${project.key.toLowerCase()}-timeline.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };

  return (
    <div data-timeline-print className="flex min-h-0 flex-1 flex-col gap-3">
      <style>{PRINT_CSS}</style>
      <div className="flex flex-wrap items-center gap-2 print:hidden">
        <div role="group" aria-label="Zoom" className="inline-flex rounded-lg ring-1 ring-zinc-300">
          {GANTT_ZOOMS.map((z) => (
            <button
              key={z.value}
              type="button"
              aria-pressed={zoom === z.value}
              onClick={() => setZoom(z.value)}
              className={cn("px-3 py-1.5 text-sm font-medium first:rounded-l-lg last:rounded-r-lg focus-visible:outline-2 focus-visible:outline-indigo-600", zoom === z.value ? "bg-indigo-600 text-white" : "bg-white text-zinc-700 hover:bg-zinc-50")}
            >
              {z.label}
            </button>
          ))}
        </div>
        <div className="ml-auto flex flex-wrap gap-2">
          {canEdit ? (
            <>
              <Button size="sm" icon={<Plus className="size-4" />} onClick={() => setEditing({ kind: "phase", phase: null })}>
                Add phase
              </Button>
              <Button size="sm" variant="secondary" icon={<Diamond className="size-4" />} onClick={() => setEditing({ kind: "milestone", milestone: null })}>
                Add milestone
              </Button>
            </>
          ) : null}
          <Button size="sm" variant="secondary" icon={<Printer className="size-4" />} onClick={() => window.print()}>
            Print
          </Button>
          <Button size="sm" variant="secondary" icon={<ImageDown className="size-4" />} onClick={() => void exportPng()}>
            Export PNG
          </Button>
          <Button size="sm" variant="secondary" icon={<FileDown className="size-4" />} loading={pdfPending} onClick={() => void exportPdf()}>
            Export PDF
          </Button>
        </div>
      </div>
      {phases.length === 0 && milestones.length === 0 && bookings.length === 0 ? (
        <EmptyState
          icon={CalendarRange}
          title="No phases yet"
          description={canEdit ? "Plan the project in phases (pre-production, shoot, edit…), link them, and mark milestones. Bookings of this project show up here too." : "Nobody has planned this project's phases yet."}
          action={canEdit ? <Button onClick={() => setEditing({ kind: "phase", phase: null })}>Add the first phase</Button> : undefined}
        />
      ) : (
        <>
          <p className="text-xs text-zinc-500 print:hidden">
            {canEdit ? "Drag a bar to move it, its edges to resize it, the dot at its end onto another bar to make that one start after it, the grip to reorder. Focus a bar and press Enter for its form, ← → to move it a day (Shift: its end)." : "Select a bar or a milestone for its details."}
          </p>
          <GanttChart
            phases={phases}
            milestones={milestones}
            bookings={bookings}
            range={range}
            zoom={zoom}
            dayWidth={dayWidth}
            nameWidth={phone ? 116 : 200}
            today={today}
            canEdit={canEdit}
            onMovePhase={(p, startDate, endDate) => void save(p, { startDate, endDate }, `Moved ${p.name} to ${startDate} – ${endDate}`)}
            onLink={(pred, dep) => {
              if (dep.dependsOn.includes(pred.id)) return;
              void save(dep, { dependsOn: [...dep.dependsOn, pred.id] }, `${dep.name} now starts after ${pred.name}`);
            }}
            onReorder={(id, to) => void moveTo(id, to)}
            onOpenPhase={(phase) => setEditing({ kind: "phase", phase })}
            onOpenMilestone={(milestone) => setEditing({ kind: "milestone", milestone })}
          />
        </>
      )}
      {editing?.kind === "phase" ? (
        <PhaseDialog key={editing.phase?.id ?? "new"} projectId={project.id} phase={editing.phase} phases={phases} canEdit={canEdit} defaultColor={project.color} onMove={(id, to) => void moveTo(id, to)} onClose={() => setEditing(null)} />
      ) : null}
      {editing?.kind === "milestone" ? <MilestoneDialog projectId={project.id} milestone={editing.milestone} phases={phases} canEdit={canEdit} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
