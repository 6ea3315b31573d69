import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, FormError } from "../../components/ui/Field";
import { Input, NativeSelect, controlClasses } from "../../components/ui/Input";
import { fieldErrors, formMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { ARTIFACT_TYPES, useCreateArtifact, type Artifact, type ArtifactType } from "./artifacts.api";
import { MAX_CONTENT, contentError, titleError } from "./artifact-rules";

/** Creates an artifact by hand (the assistant creates most of them from a thread). */
export function NewArtifactDialog({ projectId, open, onOpenChange, onCreated }: { projectId: string; open: boolean; onOpenChange: (open: boolean) => void; onCreated: (a: Artifact) => void }) {
  const create = useCreateArtifact(projectId);
  const [type, setType] = useState<ArtifactType>("note");
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [touched, setTouched] = useState(false);

  const server = fieldErrors(create.error);
  const errors = { title: touched ? titleError(title) : null, content: contentError(content) };

  const close = (next: boolean) => {
    if (!next) {
      setTitle("");
      setContent("");
      setType("note");
      setTouched(false);
      create.reset();
    }
    onOpenChange(next);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (titleError(title) || contentError(content)) return;
    create.mutate({ type, title: title.trim(), content }, { onSuccess: (a) => (close(false), onCreated(a)) });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="New artifact"
      description="A Markdown document of this project: it keeps every version and exports to Markdown, PDF and Word."
      onSubmit={submit}
      busy={create.isPending}
      footer={
        <>
          <Button variant="secondary" onClick={() => close(false)} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create artifact
          </Button>
        </>
      }
    >
      <FormError message={formMessage(create.error, ["type", "title", "content"])} />
      <Field label="Type" error={server.type}>
        <NativeSelect value={type} onChange={(e) => setType(e.target.value as ArtifactType)}>
          {ARTIFACT_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Title" error={errors.title ?? server.title}>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoFocus placeholder="Checkout user stories" />
      </Field>
      <Field label="Content (Markdown)" error={errors.content ?? server.content} hint={`Up to ${MAX_CONTENT.toLocaleString()} characters.`}>
        <textarea className={cn(controlClasses, "min-h-32 font-mono")} rows={6} value={content} onChange={(e) => setContent(e.target.value)} placeholder="# Title" />
      </Field>
    </Dialog>
  );
}
