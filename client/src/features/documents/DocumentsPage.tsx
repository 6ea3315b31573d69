import { useRef, useState, type FormEvent } from "react";
import { Link, useOutletContext } from "react-router-dom";
import { FileText, Search, Trash2, Upload } from "lucide-react";
import { Badge } from "../../components/ui/Badge";
import { Button, IconButton } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { Field, FormError } from "../../components/ui/Field";
import { Input, NativeSelect } from "../../components/ui/Input";
import { PageSpinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { can } from "../../lib/permissions";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { formatBytes } from "../attachments/upload";
import { uploadDocument, useCreateTextDocument, useDeleteDocument, useDocumentSearch, useDocuments, type ProjectDocument } from "./documents.api";

/**
 * The project's documents library: what the assistant can search and cite.
 * Uploads show their byte progress, then the extraction state arrives live
 * (document.* events); search shows highlighted passages that open in place.
 */
export function DocumentsPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const workspace = useCurrentWorkspace();
  const canAdd = can(workspace, "document:create");
  const [status, setStatus] = useState("");
  const [searchText, setSearchText] = useState("");
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);

  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setQuery(searchText.trim());
  };

  return (
    <div className="flex max-w-5xl flex-col gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="mr-auto text-lg font-semibold text-zinc-900">Documents</h2>
        {canAdd && <UploadButton projectId={project.id} />}
        {canAdd && (
          <Button variant="secondary" icon={<FileText className="size-4" />} onClick={() => setCreating(true)}>
            New from text
          </Button>
        )}
      </div>
      <p className="text-sm text-zinc-600">The assistant answers from these documents and cites their passages. Their text is encrypted at rest; the search index of the passages is not.</p>
      <form role="search" onSubmit={submitSearch} className="flex flex-wrap gap-2">
        <label htmlFor="doc-search" className="sr-only">
          Search the documents
        </label>
        <Input id="doc-search" type="search" placeholder="Search the documents' text…" value={searchText} onChange={(e) => setSearchText(e.target.value)} className="min-w-0 flex-1" />
        <Button type="submit" variant="secondary" icon={<Search className="size-4" />}>
          Search
        </Button>
        {query && (
          <Button variant="ghost" onClick={() => (setQuery(""), setSearchText(""))}>
            Clear
          </Button>
        )}
      </form>
      {query ? <SearchResults projectId={project.id} q={query} /> : <DocumentList projectId={project.id} status={status} onStatus={setStatus} canAdd={canAdd} />}
      <CreateTextDialog projectId={project.id} open={creating} onOpenChange={setCreating} />
    </div>
  );
}

interface Uploading {
  name: string;
  fraction: number;
  key: string;
  error: string | null;
}

function UploadButton({ projectId }: { projectId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Uploading[]>([]);
  const start = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      // Rows are found by their key: each update replaces the row with a new object.
      const key = crypto.randomUUID();
      setUploads((u) => [...u, { key, name: file.name, fraction: 0, error: null }]);
      const update = (patch: Partial<Uploading>) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, ...patch } : x)));
      uploadDocument(projectId, file, (fraction) => update({ fraction }))
        .then(() => setUploads((u) => u.filter((x) => x.key !== key)))
        .catch((err: Error) => update({ error: err.message }));
    }
    if (input.current) input.current.value = "";
  };
  return (
    <>
      <input ref={input} type="file" accept=".txt,.md,.pdf,.docx" multiple className="sr-only" id="document-file" aria-label="Upload documents" onChange={(e) => start(e.target.files)} />
      <Button icon={<Upload className="size-4" />} onClick={() => input.current?.click()}>
        Upload
      </Button>
      {uploads.length > 0 && (
        <ul className="w-full space-y-2" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.key} className="rounded-md border border-zinc-200 p-2 text-sm">
              <div className="flex items-center gap-2">
                <span className="truncate">{u.name}</span>
                {u.error ? (
                  <Button size="sm" variant="ghost" className="ml-auto" onClick={() => setUploads((all) => all.filter((x) => x !== u))}>
                    Dismiss
                  </Button>
                ) : (
                  <span className="ml-auto text-zinc-600">{Math.round(u.fraction * 100)} %</span>
                )}
              </div>
              {u.error ? <p className="mt-1 text-red-700" role="alert">{u.error}</p> : <progress className="mt-1 h-2 w-full" max={1} value={u.fraction} aria-label={`Uploading ${u.name}`} />}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const STATUS_TONE = { pending: "neutral", extracting: "sky", ready: "green", failed: "red" } as const;

function StatusBadge({ doc }: { doc: ProjectDocument }) {
  if (doc.waitingForScan) return <Badge tone="amber">Waiting for the virus scan</Badge>;
  const label = doc.status === "extracting" ? `Extracting ${doc.progress} %` : doc.status === "pending" ? "Waiting to extract" : doc.status === "ready" ? "Ready" : "Failed";
  return <Badge tone={STATUS_TONE[doc.status]}>{label}</Badge>;
}

function DocumentList({ projectId, status, onStatus, canAdd }: { projectId: string; status: string; onStatus: (s: string) => void; canAdd: boolean }) {
  const [page, setPage] = useState(1);
  const list = useDocuments(projectId, { status, q: "", page });
  const [deleting, setDeleting] = useState<ProjectDocument | null>(null);
  if (list.isPending) return <PageSpinner label="Loading documents…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} title="Couldn't load the documents" />;
  const { data, meta } = list.data;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor="doc-status" className="text-zinc-700">
          Status
        </label>
        <NativeSelect id="doc-status" value={status} onChange={(e) => (onStatus(e.target.value), setPage(1))} className="w-auto">
          <option value="">All</option>
          <option value="ready">Ready</option>
          <option value="extracting">Extracting</option>
          <option value="pending">Waiting</option>
          <option value="failed">Failed</option>
        </NativeSelect>
      </div>
      {data.length === 0 ? (
        <EmptyState icon={FileText} title={status ? "No documents with this status" : "No documents yet"} description={canAdd ? "Upload .txt, .md, .pdf or .docx files, or paste text with New from text." : "Members of the workspace can add documents."} />
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white" aria-label="Documents">
          {data.map((doc) => (
            <li key={doc.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <Link to={doc.id} className="min-w-0 flex-1 truncate font-medium text-indigo-700 hover:underline">
                {doc.name}
              </Link>
              <StatusBadge doc={doc} />
              <span className="text-xs text-zinc-600">{formatBytes(doc.size)}{doc.pageCount ? ` · ${doc.pageCount} pages` : ""}</span>
              {canAdd && (
                <IconButton label={`Delete ${doc.name}`} onClick={() => setDeleting(doc)}>
                  <Trash2 className="size-4" />
                </IconButton>
              )}
              {doc.status === "failed" && doc.errorDetail && <p className="w-full text-sm text-red-700">{doc.errorDetail}</p>}
              {/* Why it waits (clamd not answering, or the file too large for it and what to change). */}
              {doc.waitingForScan && <p className="w-full text-sm text-amber-800">{doc.errorDetail}</p>}
            </li>
          ))}
        </ul>
      )}
      {meta.totalPages > 1 && (
        <nav className="flex items-center gap-2 text-sm" aria-label="Pages">
          <Button size="sm" variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</Button>
          <span>Page {meta.page} of {meta.totalPages}</span>
          <Button size="sm" variant="secondary" disabled={page >= meta.totalPages} onClick={() => setPage(page + 1)}>Next</Button>
        </nav>
      )}
      <DeleteDialog projectId={projectId} doc={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}

function SearchResults({ projectId, q }: { projectId: string; q: string }) {
  const search = useDocumentSearch(projectId, q);
  if (search.isPending) return <PageSpinner label="Searching…" />;
  if (search.isError) return <ErrorState error={search.error} onRetry={() => void search.refetch()} title="The search failed" />;
  const hits = search.data.data;
  if (hits.length === 0) return <EmptyState icon={Search} title={`Nothing matches “${q}”`} description="Try other words; only documents that are ready are searched." />;
  return (
    <ol className="flex flex-col gap-2" aria-label="Search results">
      {hits.map((hit) => (
        <li key={hit.passageId} className="rounded-lg border border-zinc-200 bg-white p-3">
          <Link to={`${hit.documentId}#passage-${hit.passageId}`} className="font-medium text-indigo-700 hover:underline">
            {hit.documentName} · passage {hit.ordinal + 1}
          </Link>
          {/* The server escapes the passage text; only its own <mark> tags are markup. */}
          <p className="mt-1 text-sm text-zinc-700 [&_mark]:bg-amber-200 [&_mark]:text-zinc-900" dangerouslySetInnerHTML={{ __html: hit.highlight }} />
        </li>
      ))}
    </ol>
  );
}

function CreateTextDialog({ projectId, open, onOpenChange }: { projectId: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const create = useCreateTextDocument(projectId);
  const [name, setName] = useState("");
  const [content, setContent] = useState("");
  const [errors, setErrors] = useState<{ name?: string; content?: string }>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = { name: name.trim() ? undefined : "Give the document a name", content: content.trim() ? undefined : "Paste or type the text" };
    setErrors(next);
    if (next.name || next.content) return;
    create.mutate({ name: name.trim(), content }, { onSuccess: () => (onOpenChange(false), setName(""), setContent("")) });
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New document from text" onSubmit={submit} busy={create.isPending}
      footer={<><Button variant="secondary" onClick={() => onOpenChange(false)}>Cancel</Button><Button type="submit" loading={create.isPending}>Create</Button></>}>
      <div className="flex flex-col gap-3">
        <Field label="Name" error={errors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={255} placeholder="Meeting notes.md" />
        </Field>
        <Field label="Text" error={errors.content}>
          <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={10} className="w-full rounded-md border border-zinc-300 p-2 text-sm" />
        </Field>
        <FormError message={create.error ? errorMessage(create.error) : null} />
      </div>
    </Dialog>
  );
}

function DeleteDialog({ projectId, doc, onClose }: { projectId: string; doc: ProjectDocument | null; onClose: () => void }) {
  const remove = useDeleteDocument(projectId);
  return (
    <Dialog open={doc !== null} onOpenChange={(o) => !o && onClose()} title={`Delete ${doc?.name ?? "document"}?`} description="Its text and passages are removed; the assistant's citations of it stop working. This cannot be undone." size="sm" busy={remove.isPending}
      footer={<><Button variant="secondary" onClick={onClose}>Cancel</Button><Button variant="danger" loading={remove.isPending} onClick={() => doc && remove.mutate(doc.id, { onSuccess: onClose })}>Delete</Button></>}>
      <FormError message={remove.error ? errorMessage(remove.error) : null} />
    </Dialog>
  );
}
