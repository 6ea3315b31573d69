import { CopyPlus, Plus, X } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button, IconButton } from "../../components/ui/Button";
import { FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { Spinner } from "../../components/ui/Spinner";
import { ApiError, errorMessage } from "../../lib/api";
import { useSaveWorkingHours, useWorkingHours, type WorkingHoursRange } from "./artists.api";

/** Monday first, as a week reads; the API numbers 0 = Sunday … 6 = Saturday. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;
export const WEEKDAY_NAME = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface Row {
  key: number;
  start: string;
  end: string;
}
type Week = Record<number, Row[]>;
/** Errors by row key: `start`/`end`/`weekday` → message. */
type RowErrors = Record<number, Partial<Record<"start" | "end" | "weekday", string>>>;

let nextKey = 1;
const row = (start: string, end: string): Row => ({ key: nextKey++, start, end });

function toWeek(ranges: WorkingHoursRange[]): Week {
  const week: Week = { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] };
  for (const r of ranges) week[r.weekday]!.push(row(r.start, r.end));
  for (const day of WEEK) week[day]!.sort((a, b) => a.start.localeCompare(b.start));
  return week;
}

/** The week as the API takes it, and which row each entry came from (to place the 400 details). */
function flatten(week: Week): { body: WorkingHoursRange[]; keys: number[] } {
  const body: WorkingHoursRange[] = [];
  const keys: number[] = [];
  for (const weekday of WEEK) {
    for (const r of week[weekday]!) {
      body.push({ weekday, start: r.start, end: r.end });
      keys.push(r.key);
    }
  }
  return { body, keys };
}

const plusHour = (t: string) => {
  const [h = 0, m = 0] = t.split(":").map(Number);
  const next = Math.min(h + 1, 23);
  return `${String(next).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
};

function sentence(message: string) {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * The artist's weekly hours: per weekday any number of ranges (in the
 * artist's timezone), saved as a whole week with PUT. The server's 400
 * details ("3.start: overlaps range 2") are shown next to the range they name.
 */
export function WorkingHoursEditor({ artistId, timezone, canEdit }: { artistId: string; timezone: string; canEdit: boolean }) {
  const hours = useWorkingHours(artistId);
  const save = useSaveWorkingHours(artistId);
  const [week, setWeek] = useState<Week | null>(null);
  const [dirty, setDirty] = useState(false);
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (hours.data && !dirty) setWeek(toWeek(hours.data));
  }, [hours.data, dirty]);

  if (hours.isPending) return <Spinner className="size-5 text-zinc-400" label="Loading working hours" />;
  if (hours.isError) return <FormError message={errorMessage(hours.error)} />;
  if (!week) return null;

  const change = (next: Week) => {
    setWeek(next);
    setDirty(true);
    setError(null);
  };
  const setRow = (weekday: number, key: number, patch: Partial<Row>) => {
    change({ ...week, [weekday]: week[weekday]!.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
    setRowErrors((e) => {
      if (!e[key]) return e;
      const next = { ...e };
      delete next[key];
      return next;
    });
  };
  const addRow = (weekday: number) => {
    const rows = week[weekday]!;
    const last = rows[rows.length - 1];
    change({ ...week, [weekday]: [...rows, last ? row(plusHour(last.end), plusHour(plusHour(last.end))) : row("09:00", "17:00")] });
  };
  const removeRow = (weekday: number, key: number) => change({ ...week, [weekday]: week[weekday]!.filter((r) => r.key !== key) });
  const copyMonday = () => {
    const monday = week[1]!;
    const next = { ...week };
    for (const d of [2, 3, 4, 5]) next[d] = monday.map((r) => row(r.start, r.end));
    change(next);
  };

  const submit = async () => {
    const { body, keys } = flatten(week);
    setError(null);
    setRowErrors({});
    try {
      await save.mutateAsync(body);
      setDirty(false);
      toast.success("Working hours saved");
    } catch (err) {
      const placed: RowErrors = {};
      const unplaced: string[] = [];
      if (err instanceof ApiError) {
        for (const d of err.details) {
          const [index, field] = (d.field ?? "").split(".");
          const key = keys[Number(index)];
          if (key !== undefined && (field === "start" || field === "end" || field === "weekday")) {
            // "overlaps range 2 on the same weekday": the API counts in the flat body; name the range by its times instead.
            const message = d.message.replace(/overlaps range (\d+)/, (_, n: string) => {
              const other = body[Number(n)];
              return other ? `overlaps ${other.start}–${other.end}` : `overlaps another range`;
            });
            placed[key] = { ...placed[key], [field]: sentence(message) };
          } else unplaced.push(d.message);
        }
      }
      setRowErrors(placed);
      setError(Object.keys(placed).length ? (unplaced.length ? unplaced.join(" ") : "Fix the highlighted ranges and save again.") : errorMessage(err));
    }
  };

  const total = flatten(week).body.reduce((sum, r) => {
    const [sh = 0, sm = 0] = r.start.split(":").map(Number);
    const [eh = 0, em = 0] = r.end.split(":").map(Number);
    return sum + Math.max(0, eh * 60 + em - (sh * 60 + sm));
  }, 0);

  return (
    <div className="space-y-4" data-testid="working-hours">
      <p className="text-sm text-zinc-500">
        In {timezone}. {Math.round((total / 60) * 10) / 10} hours a week.
      </p>
      <FormError message={error} />
      <div className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200">
        {WEEK.map((weekday) => {
          const name = WEEKDAY_NAME[weekday]!;
          const rows = week[weekday]!;
          return (
            <div key={weekday} className="flex flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-start" role="group" aria-label={name}>
              <span className="w-28 shrink-0 pt-2 text-sm font-medium text-zinc-800">{name}</span>
              <div className="flex-1 space-y-2">
                {rows.length === 0 ? <p className="pt-2 text-sm text-zinc-400">Not working</p> : null}
                {rows.map((r, i) => {
                  const errs = rowErrors[r.key];
                  const label = `${name} range ${i + 1}`;
                  return (
                    <div key={r.key}>
                      <div className="flex items-center gap-2">
                        <Input type="time" step={60} aria-label={`${label} start`} aria-invalid={errs?.start ? true : undefined} value={r.start} disabled={!canEdit} className="w-32" onChange={(e) => setRow(weekday, r.key, { start: e.target.value })} />
                        <span className="text-zinc-400" aria-hidden>
                          –
                        </span>
                        <Input type="time" step={60} aria-label={`${label} end`} aria-invalid={errs?.end ? true : undefined} value={r.end} disabled={!canEdit} className="w-32" onChange={(e) => setRow(weekday, r.key, { end: e.target.value })} />
                        {canEdit ? (
                          <IconButton label={`Remove ${label}`} onClick={() => removeRow(weekday, r.key)}>
                            <X className="size-4" aria-hidden />
                          </IconButton>
                        ) : null}
                      </div>
                      {errs ? (
                        <p className="mt-1 text-xs font-medium text-red-600" role="alert">
                          {[errs.start && `Start: ${errs.start}`, errs.end && `End: ${errs.end}`, errs.weekday].filter(Boolean).join(" · ")}
                        </p>
                      ) : null}
                    </div>
                  );
                })}
              </div>
              {canEdit ? (
                <Button variant="ghost" size="sm" icon={<Plus className="size-4" aria-hidden />} onClick={() => addRow(weekday)} aria-label={`Add range on ${name}`}>
                  Add range
                </Button>
              ) : null}
            </div>
          );
        })}
      </div>
      {canEdit ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={() => void submit()} loading={save.isPending} disabled={!dirty}>
            Save hours
          </Button>
          <Button variant="secondary" icon={<CopyPlus className="size-4" aria-hidden />} onClick={copyMonday}>
            Copy Monday to weekdays
          </Button>
          {dirty ? (
            <Button
              variant="ghost"
              onClick={() => {
                setDirty(false);
                setRowErrors({});
                setError(null);
                if (hours.data) setWeek(toWeek(hours.data));
              }}
            >
              Discard changes
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
