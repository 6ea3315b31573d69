import request from "supertest";
import PDFDocument from "pdfkit";
import { Document as DocxDocument, Packer, Paragraph, HeadingLevel } from "docx";
import { createTestApp, expectError, type TestApp, type TestUser } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";
import { eventually } from "../helpers/eventually";
import * as files from "../helpers/files";
import { searchProjectPassages, getPassage } from "../../src/modules/documents";

/**
 * The assistant's documents (issue 17): uploads of text, Markdown, PDF and DOCX
 * extracted by the real job, JSON documents, full-text search with highlights,
 * encryption at rest checked on the raw row, tenancy and permissions.
 */

let t: TestApp;
let team: Team;
let other: Team;
let projectId: string;
let otherProjectId: string;

async function ok<T = any>(req: request.Test, status = 201): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await req;
  if (res.status !== status) throw new Error(`answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as T;
}

const upload = (user: TestUser, bytes: Buffer, name: string, project = projectId) => request(t.app).post(`/api/v1/projects/${project}/documents`).set(user.auth).attach("file", bytes, { filename: name });

function pdfWithText(pages: string[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    for (const text of pages) doc.addPage().fontSize(12).text(text);
    doc.end();
  });
}

const docxWith = (heading: string, body: string) =>
  Packer.toBuffer(new DocxDocument({ sections: [{ children: [new Paragraph({ text: heading, heading: HeadingLevel.HEADING_1 }), new Paragraph(body)] }] }));

/** Waits for the extraction job to finish and returns the document with its text. */
const settled = (id: string) =>
  eventually(async () => {
    const d = await ok(request(t.app).get(`/api/v1/documents/${id}`).set(team.member.auth), 200);
    return ["ready", "failed"].includes(d.status) ? d : false;
  }, { what: `document ${id} extracted`, timeoutMs: 20_000 });

beforeAll(async () => {
  t = await createTestApp({ env: { UPLOAD_MAX_FILE_MB: "1", RATE_LIMIT_UPLOADS_PER_HOUR: "100000", DOCUMENT_MAX_PDF_PAGES: "5" } });
  [team, other] = await Promise.all([createTeam(t.app, "Docs"), createTeam(t.app, "Other docs")]);
  projectId = (await ok(request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Docs", key: "DOC" }))).id;
  otherProjectId = (await ok(request(t.app).post(`/api/v1/workspaces/${other.workspaceId}/projects`).set(other.owner.auth).send({ name: "Other", key: "OTH" }))).id;
}, 30_000);

afterAll(() => t.close());

describe("uploads are extracted by the job", () => {
  it.each([
    ["text", async () => files.text("Quarterly invoices are reconciled by the finance team.\n"), "notes.txt", "text/plain", /reconciled by the finance team/],
    ["Markdown", async () => Buffer.from("# Onboarding\n\nNew hires receive a laptop on day one.\n"), "onboarding.md", "text/markdown", /# Onboarding\n\nNew hires receive a laptop/],
    ["PDF", () => pdfWithText(["The warehouse ships pallets every Tuesday.", "Returns are inspected within two days."]), "logistics.pdf", "application/pdf", /warehouse ships pallets[\s\S]*Returns are inspected/],
    ["DOCX", () => docxWith("Security policy", "Passwords rotate every ninety days."), "policy.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", /Security policy[\s\S]*Passwords rotate every ninety days/],
  ])("%s becomes ready with its text and passages", async (_what, make, name, mimeType, expected) => {
    const bytes = await make();
    const created = await ok(upload(team.member, bytes, name));
    expect(created).toMatchObject({ name, mimeType, size: bytes.length, status: "pending", projectId, createdById: team.member.id });
    const doc = await settled(created.id);
    expect(doc.status).toBe("ready");
    expect(doc.progress).toBe(100);
    expect(doc.content).toMatch(expected);
    expect(doc.passages.length).toBeGreaterThan(0);
    for (const p of doc.passages) expect(doc.content.slice(p.start, p.end)).toBe(p.text);
    if (mimeType === "application/pdf") expect(doc.pageCount).toBe(2);
  });

  it("fails a PDF with no text layer, saying it needs OCR", async () => {
    const created = await ok(upload(team.member, files.pdf(), "scan.pdf"));
    const doc = await settled(created.id);
    expect(doc).toMatchObject({ status: "failed", content: null, passages: [] });
    expect(doc.errorDetail).toMatch(/no text layer.*OCR/);
    const row = await t.ctx.db.document.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.source).toBeNull(); // the uploaded bytes are not kept after a final failure
  });

  it("fails a PDF over the page cap, naming it", async () => {
    const created = await ok(upload(team.member, await pdfWithText(["1", "2", "3", "4", "5", "6"]), "long.pdf"));
    const doc = await settled(created.id);
    expect(doc.status).toBe("failed");
    expect(doc.errorDetail).toMatch(/6 pages, more than the 5 page limit \(DOCUMENT_MAX_PDF_PAGES\)/);
  });

  it("refuses a file over the size limit with 413 and stores nothing", async () => {
    const before = await t.ctx.db.document.count({ where: { projectId } });
    const err = expectError(await upload(team.member, files.textOfSize(1024 * 1024 + 10), "big.txt"), 413, "PAYLOAD_TOO_LARGE");
    expect(err.message).toMatch(/1 MB/);
    expect(await t.ctx.db.document.count({ where: { projectId } })).toBe(before);
  });

  it.each([
    ["an image", () => files.png(), "photo.png", /documents must be text/],
    ["HTML named .txt", () => files.html(), "page.txt", /HTML/],
    ["an executable", () => files.windowsExe(), "setup.docx", /Windows executable/],
  ])("refuses %s with 415", async (_what, make, name, message) => {
    const err = expectError(await upload(team.member, await make(), name), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(err.message).toMatch(message);
  });

  it("refuses an upload without a file part with 400 naming the field", async () => {
    const res = await request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(team.member.auth).field("other", "x");
    const err = expectError(res, 400, "VALIDATION_ERROR");
    expect(err.details?.[0]?.field).toBe("file");
  });
});

describe("JSON documents, list, permissions and tenancy", () => {
  let docId: string;

  it("creates a ready document from {name, content}", async () => {
    const doc = await ok(request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(team.member.auth).send({ name: "Glossary.md", content: "A *backlog* is the ordered list of work.\n\nA sprint is a fixed period of work." }));
    expect(doc).toMatchObject({ status: "ready", mimeType: "text/markdown", progress: 100 });
    docId = doc.id;
  });

  it("answers 400 naming the field for bad JSON bodies", async () => {
    const base = request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(team.member.auth);
    expect(expectError(await base.send({ name: "", content: "x" }), 400, "VALIDATION_ERROR").details?.[0]?.field).toBe("name");
    const res = await request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(team.member.auth).send({ name: "n", content: "   " });
    expect(expectError(res, 400, "VALIDATION_ERROR").details?.[0]?.field).toBe("content");
  });

  it("lists with pagination and filters on status and name", async () => {
    const res = await request(t.app).get(`/api/v1/projects/${projectId}/documents?perPage=2`).set(team.viewer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.meta.total).toBeGreaterThan(2);
    const failed = await ok<Array<{ status: string }>>(request(t.app).get(`/api/v1/projects/${projectId}/documents?status=failed`).set(team.viewer.auth), 200);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((d) => d.status === "failed")).toBe(true);
    const named = await ok<Array<{ name: string }>>(request(t.app).get(`/api/v1/projects/${projectId}/documents?q=glOSS`).set(team.viewer.auth), 200);
    expect(named.map((d) => d.name)).toEqual(["Glossary.md"]);
  });

  it("lets a viewer read but not add", async () => {
    expectError(await request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(team.viewer.auth).send({ name: "x", content: "y" }), 403, "FORBIDDEN");
    expectError(await upload(team.viewer, files.text(), "v.txt"), 403, "FORBIDDEN");
  });

  it("answers 404 for another workspace's project and documents", async () => {
    expectError(await request(t.app).get(`/api/v1/projects/${projectId}/documents`).set(other.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/documents/${docId}`).set(other.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/documents/${docId}`).set(other.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/projects/${projectId}/documents/search?q=backlog`).set(team.outsider.auth), 404, "NOT_FOUND");
    expectError(await upload(other.owner, files.text(), "x.txt"), 404, "NOT_FOUND");
  });
});

describe("search", () => {
  beforeAll(async () => {
    await ok(request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(team.member.auth).send({ name: "Release notes", content: "Deployments happen on Fridays. Rollbacks take 5 < 10 minutes & then some.\n\nThe deployment checklist lives in the wiki." }));
    await ok(request(t.app).post(`/api/v1/projects/${otherProjectId}/documents`).set(other.owner.auth).send({ name: "Secret", content: "Deployments of the other tenant." }));
  });

  it("ranks passages and highlights the matched words, HTML escaped", async () => {
    const res = await request(t.app).get(`/api/v1/projects/${projectId}/documents/search?q=deployment`).set(team.viewer.auth);
    expect(res.status).toBe(200);
    expect(res.body.meta.total).toBe(1);
    const [hit] = res.body.data;
    expect(hit).toMatchObject({ documentName: "Release notes", ordinal: 0 });
    expect(hit.highlight).toContain("<mark>Deployments</mark>");
    expect(hit.highlight).toContain("<mark>deployment</mark>");
    expect(hit.highlight).toContain("5 &lt; 10 minutes &amp; then");
    expect(hit.rank).toBeGreaterThan(0);
  });

  it("answers 400 for an empty query", async () => {
    const err = expectError(await request(t.app).get(`/api/v1/projects/${projectId}/documents/search?q=`).set(team.viewer.auth), 400, "VALIDATION_ERROR");
    expect(err.details?.[0]?.field).toBe("q");
  });

  it("gives the assistant plain passages of its own workspace only", async () => {
    const hits = await searchProjectPassages(t.ctx.db, { workspaceId: team.workspaceId, projectId, query: "deployment checklist", limit: 5 });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ documentName: "Release notes", start: 0 });
    expect(hits[0]!.text).not.toContain("<mark>");
    expect(await searchProjectPassages(t.ctx.db, { workspaceId: other.workspaceId, projectId, query: "deployment", limit: 5 })).toEqual([]);
    expect(await getPassage(t.ctx.db, { workspaceId: team.workspaceId, passageId: hits[0]!.passageId })).toMatchObject({ passageId: hits[0]!.passageId, documentName: "Release notes" });
    expect(await getPassage(t.ctx.db, { workspaceId: other.workspaceId, passageId: hits[0]!.passageId })).toBeNull();
  });
});

describe("encryption at rest and delete", () => {
  const secret = "Project Nightingale launches on the ninth of March";

  it("keeps no plaintext in the document's raw row", async () => {
    const doc = await ok(request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(team.member.auth).send({ name: "plan.txt", content: `${secret}.\n` }));
    const rows = await t.ctx.db.$queryRawUnsafe<Array<{ raw: string; ct: string }>>(`SELECT row_to_json(d)::text AS raw, encode(content_ciphertext, 'escape') AS ct FROM documents d WHERE id = $1::uuid`, doc.id);
    expect(rows[0].raw).not.toContain("Nightingale");
    expect(rows[0].ct).not.toContain("Nightingale");
    const row = await t.ctx.db.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.contentKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(row.contentIv?.length).toBe(12);
    expect(row.contentTag?.length).toBe(16);
    expect((await ok(request(t.app).get(`/api/v1/documents/${doc.id}`).set(team.viewer.auth), 200)).content).toBe(`${secret}.\n`);
  });

  it("keeps an upload encrypted while it waits for extraction", async () => {
    const doc = await ok(upload(team.member, files.text(`${secret} (upload).\n`), "upload.txt"));
    const rows = await t.ctx.db.$queryRawUnsafe<Array<{ raw: string; src: string | null }>>(`SELECT encode(source, 'escape') AS src, row_to_json(d)::text AS raw FROM documents d WHERE id = $1::uuid`, doc.id);
    expect(String(rows[0].src ?? "")).not.toContain("Nightingale");
    expect(rows[0].raw).not.toContain("Nightingale");
    await settled(doc.id);
  });

  it("lets a member delete only their own, and removes the passages", async () => {
    const doc = await ok(request(t.app).post(`/api/v1/projects/${projectId}/documents`).set(team.admin.auth).send({ name: "admin.txt", content: "Only admins read this." }));
    expectError(await request(t.app).delete(`/api/v1/documents/${doc.id}`).set(team.member.auth), 403, "FORBIDDEN");
    expect(await t.ctx.db.documentPassage.count({ where: { documentId: doc.id } })).toBeGreaterThan(0);
    expect((await request(t.app).delete(`/api/v1/documents/${doc.id}`).set(team.owner.auth)).status).toBe(204);
    expect(await t.ctx.db.documentPassage.count({ where: { documentId: doc.id } })).toBe(0);
    expectError(await request(t.app).get(`/api/v1/documents/${doc.id}`).set(team.owner.auth), 404, "NOT_FOUND");
  });
});
