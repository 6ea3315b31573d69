import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { Field, FormError } from "../../components/ui/Field";
import { Input, controlClasses } from "../../components/ui/Input";
import { ApiError, fieldErrors, formMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { Markdown } from "../task-detail/Markdown";
import { useSaveArtifact, type Artifact } from "./artifacts.api";
import { contentError, titleError } from "./artifact-rules";

/**
 * Markdown on the left, the sanitised preview on the right (stacked on a
 * phone). Saving sends the version the draft started from: when someone saved
 * in between, the 409 keeps the draft and offers to load their version.
 */
export function ArtifactEditor({ artifact, readOnly, onSaved }: { artifact: Artifact; readOnly: boolean; onSaved: (a: Artifact) => void }) {
  const save = useSaveArtifact(artifact.projectId);
  const [base, setBase] = useState(artifact);
  const [title, setTitle] = useState(artifact.title);
  const [content, setContent] = useState(artifact.content);

  const dirty = title !== base.title || content !== base.content;
  const errors = { title: titleError(title), content: contentError(content) };
  const conflict = save.error instanceof ApiError && save.error.status === 409 ? (save.error.current as Artifact | null) : null;
  const server = conflict ? {} : fieldErrors(save.error);

  const load = (a: Artifact) => {
    setBase(a);
    setTitle(a.title);
    setContent(a.content);
    save.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (errors.title || errors.content || !dirty) return;
    save.mutate({ id: artifact.id, title: title.trim(), content, version: base.version }, { onSuccess: (a) => (load(a), onSaved(a)) });
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Edit artifact">
      {conflict ? (
        <div role="alert" className="flex flex-col gap-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200 sm:flex-row sm:items-center sm:justify-between">
          <p>
            Someone else saved version {conflict.version} while you were editing; your changes were not saved. Copy what you need, then reload their version and
            edit again.
          </p>
          <Button variant="secondary" size="sm" onClick={() => load(conflict)}>
            Reload version {conflict.version}
          </Button>
        </div>
      ) : (
        <FormError message={formMessage(save.error, ["title", "content", "version"])} />
      )}
      <Field label="Title" error={errors.title ?? server.title}>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} readOnly={readOnly} />
      </Field>
      <div className="grid gap-4 lg:grid-cols-2">
        <Field label="Markdown" error={errors.content ?? server.content}>
          <textarea
            className={cn(controlClasses, "min-h-80 font-mono text-[13px] leading-5")}
            value={content}
            onChange={(e) => setContent(e.target.value)}
            readOnly={readOnly}
            spellCheck
            data-testid="artifact-markdown"
          />
        </Field>
        <section aria-label="Preview" className="min-w-0 space-y-1.5">
          <h3 className="text-sm font-medium text-zinc-800">Preview</h3>
          <div className="min-h-80 overflow-auto rounded-lg bg-white p-4 ring-1 ring-zinc-200">
            {content.trim() ? <Markdown source={content} /> : <p className="text-sm text-zinc-500">Nothing to preview yet: write some Markdown on the left.</p>}
          </div>
        </section>
      </div>
      {readOnly ? (
        <p className="text-sm text-zinc-500">You can read and export this artifact; editing needs a member role.</p>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" loading={save.isPending} disabled={!dirty || Boolean(errors.title || errors.content)}>
            Save as version {base.version + 1}
          </Button>
          {dirty ? (
            <Button variant="ghost" onClick={() => load(base)} disabled={save.isPending}>
              Discard changes
            </Button>
          ) : (
            <span className="text-sm text-zinc-500">No unsaved changes.</span>
          )}
        </div>
      )}
    </form>
  );
}
