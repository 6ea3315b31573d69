import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { AlertCircle, Check } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { Spinner } from "../../components/ui/Spinner";
import { ApiError, errorMessage } from "../../lib/api";
import { Markdown } from "../task-detail/Markdown";
import { blueprintKey, mergeSaved, saveSection, type Blueprint, type BlueprintSection } from "./blueprint.api";
import { sectionPreview } from "./section-markdown";

const AUTOSAVE_MS = 800;

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "error"; message: string } | { kind: "conflict" };

const same = (a: Record<string, string>, b: Record<string, string>) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? "").trim() === (b[k] ?? "").trim());
};

/**
 * One section's questions as textareas. Answers save as you type (debounced),
 * on blur, and when you leave the section; one save at a time, the latest
 * answers win. A save by another tab is taken in while nothing is being typed.
 */
export function SectionEditor({ projectId, threadId, section, canWrite }: { projectId: string; threadId: string; section: BlueprintSection; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Record<string, string>>(section.answers);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const saved = useRef<Record<string, string>>(section.answers);
  /** The section version the saved answers are: sent with each save, so a save by another tab meanwhile is a 409, not overwritten. */
  const version = useRef(section.version);
  /** The user's text that lost to another tab's save, kept on screen after a reload so it can be copied. */
  const [lostDraft, setLostDraft] = useState<Record<string, string> | null>(null);
  const conflicted = state.kind === "conflict";
  const draftRef = useRef(draft);
  const running = useRef<Promise<void> | null>(null);
  const conflictRef = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  draftRef.current = draft;

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (running.current) await running.current;
    const answers = draftRef.current;
    if (same(answers, saved.current) || conflictRef.current) return;
    setState({ kind: "saving" });
    let succeeded = false;
    const work = saveSection(threadId, section.key, { answers, version: version.current })
      .then((result) => {
        succeeded = true;
        saved.current = answers;
        version.current = result.section.version;
        queryClient.setQueryData<Blueprint>(blueprintKey(projectId, threadId), (bp) => (bp ? mergeSaved(bp, result) : bp));
        setState(same(draftRef.current, answers) ? { kind: "saved" } : { kind: "saving" });
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 409) {
          conflictRef.current = true;
          setState({ kind: "conflict" });
        } else setState({ kind: "error", message: errorMessage(err, "Couldn't save these answers.") });
      })
      .finally(() => {
        running.current = null;
      });
    running.current = work;
    await work;
    // Typed while that save was on its way: save again (a failure waits for Retry or the next keystroke).
    if (succeeded && !same(draftRef.current, saved.current) && timer.current === null) void flush();
  }, [projectId, threadId, section.key, queryClient]);

  // Leaving the section (another one chosen, the page closed in-app) saves what was typed.
  useEffect(() => () => void flush(), [flush]);

  // Another tab saved this section: take its answers in when nothing local is unsaved.
  useEffect(() => {
    if (same(draftRef.current, saved.current) && !running.current && !conflictRef.current && section.version !== version.current) {
      saved.current = section.answers;
      version.current = section.version;
      setDraft(section.answers);
    }
  }, [section.answers, section.version]);

  /** After a conflict: take in the section as saved elsewhere, keeping the user's text beside it to copy from. */
  const reload = async () => {
    const bp = await queryClient.fetchQuery<Blueprint>({ queryKey: blueprintKey(projectId, threadId), staleTime: 0 });
    const current = bp.phases.flatMap((p) => p.sections).find((s) => s.key === section.key);
    if (!current) return;
    setLostDraft(draftRef.current);
    conflictRef.current = false;
    saved.current = current.answers;
    version.current = current.version;
    setDraft(current.answers);
    setState({ kind: "idle" });
  };

  const change = (key: string, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setState((s) => (s.kind === "error" ? s : { kind: "idle" }));
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void flush();
    }, AUTOSAVE_MS);
  };

  let lastGroup: string | undefined;
  return (
    <div className="grid min-w-0 gap-6 lg:grid-cols-2">
      <div className="min-w-0 space-y-4">
        <div className="flex min-h-6 items-center gap-2 text-sm" aria-live="polite" data-testid="save-state">
          {state.kind === "saving" ? (
            <span className="flex items-center gap-1.5 text-zinc-600">
              <Spinner className="size-3.5" label="Saving" /> Saving…
            </span>
          ) : state.kind === "saved" ? (
            <span className="flex items-center gap-1.5 text-emerald-700">
              <Check className="size-4" aria-hidden /> Saved
            </span>
          ) : conflicted ? (
            <span className="flex flex-wrap items-center gap-2 text-red-700" role="alert">
              <AlertCircle className="size-4" aria-hidden /> Changed elsewhere — reload to see it. Your text below is not saved.
              <Button size="sm" variant="secondary" onClick={() => void reload()}>
                Reload
              </Button>
            </span>
          ) : state.kind === "error" ? (
            <span className="flex flex-wrap items-center gap-2 text-red-700" role="alert">
              <AlertCircle className="size-4" aria-hidden /> {state.message}
              <Button size="sm" variant="secondary" onClick={() => void flush()}>
                Retry
              </Button>
            </span>
          ) : (
            <span className="text-zinc-600">{canWrite ? "Answers save as you type." : "You can read this blueprint; your role cannot change it."}</span>
          )}
        </div>
        {lostDraft ? (
          <details open className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="lost-draft">
            <summary className="cursor-pointer font-semibold">Your text from before the reload (not saved) — copy what you need</summary>
            {section.questions
              .filter((q) => lostDraft[q.key]?.trim())
              .map((q) => (
                <div key={q.key} className="mt-2">
                  <p className="text-xs font-medium">{q.text}</p>
                  <p className="break-words whitespace-pre-wrap select-text">{lostDraft[q.key]}</p>
                </div>
              ))}
            <Button size="sm" variant="ghost" className="mt-2" onClick={() => setLostDraft(null)}>
              Hide
            </Button>
          </details>
        ) : null}
        {section.questions.map((q) => {
          const heading = q.group && q.group !== lastGroup ? q.group : null;
          lastGroup = q.group;
          const id = `bp-${section.key}-${q.key}`;
          return (
            <div key={q.key} className="space-y-1.5">
              {heading ? <h4 className="pt-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase">{heading}</h4> : null}
              <label htmlFor={id} className="block text-sm font-medium text-zinc-900">
                {q.text}
              </label>
              {q.hint ? (
                <p id={`${id}-hint`} className="text-xs text-zinc-600">
                  {q.hint}
                </p>
              ) : null}
              <textarea
                id={id}
                aria-describedby={q.hint ? `${id}-hint` : undefined}
                className="block min-h-24 w-full rounded-lg border-0 px-3 py-2 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-500 focus:ring-2 focus:ring-indigo-600 disabled:bg-zinc-50"
                value={draft[q.key] ?? ""}
                maxLength={5000}
                disabled={!canWrite}
                onChange={(e) => change(q.key, e.target.value)}
                onBlur={() => void flush()}
              />
            </div>
          );
        })}
      </div>
      <section aria-labelledby={`preview-${section.key}`} className="min-w-0 rounded-lg border border-zinc-200 bg-zinc-50 p-4 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
        <h3 id={`preview-${section.key}`} className="mb-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase">
          Preview in SYSTEM_BLUEPRINT.md
        </h3>
        <div data-testid="section-preview" className="min-w-0 break-words">
          <Markdown source={sectionPreview(section, draft)} />
        </div>
      </section>
    </div>
  );
}
