import request from "supertest";
import mammoth from "mammoth";
import { pdfText } from "../helpers/pdf-text";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp, type TestUser } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Already in the normalised form remark writes, so the Markdown export must give it back byte for byte. */
const PLAN = `# Release plan

Intro with **bold**, *italic*, \`inline code\` and a [link](https://example.com/docs).

## Scope

- First item
- Second item
  - Nested item

1. Step one
2. Step two

| Feature | Owner |
| ------- | ----- |
| Export  | Ana   |

\`\`\`ts
const answer = 42;
\`\`\`

> A quoted line
`;

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
};

async function setup() {
  const owner = await registerUser(t.app);
  const workspaceId = await createWorkspace(t.app, owner);
  const projectId = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Analysis", key: "ANL" })).body.data.id as string;
  return { owner, workspaceId, projectId };
}

async function createArtifact(user: TestUser, projectId: string, body: Record<string, unknown>) {
  const res = await request(t.app).post(`/api/v1/projects/${projectId}/artifacts`).set(user.auth).send(body);
  expect(res.status).toBe(201);
  return res.body.data;
}

async function exportAs(user: TestUser, id: string, format: string) {
  return request(t.app).get(`/api/v1/artifacts/${id}/export?format=${format}`).set(user.auth).buffer(true).parse(binary);
}

describe("artifacts", () => {
  it("create, edit (a version per edit), stale version 409, versions, diff, delete", async () => {
    const { owner, projectId } = await setup();
    const threadId = (await request(t.app).post(`/api/v1/projects/${projectId}/threads`).set(owner.auth).send({ title: "Stories", mode: "chat" }).expect(201)).body.data.id as string;
    const a = await createArtifact(owner, projectId, { type: "user_story", title: "Login story", content: "As a user\nI log in\n", threadId });
    expect(a).toMatchObject({ type: "user_story", title: "Login story", version: 1, threadId, createdBy: owner.id, content: "As a user\nI log in\n" });
    await createArtifact(owner, projectId, { type: "note", title: "Loose note", content: "" });

    const edited = await request(t.app).patch(`/api/v1/artifacts/${a.id}`).set(owner.auth).send({ content: "As a user\nI log in with SSO\nand stay in\n", version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body.data.version).toBe(2);
    const retitled = await request(t.app).patch(`/api/v1/artifacts/${a.id}`).set(owner.auth).set("If-Match", "2").send({ title: "SSO login story" });
    expect(retitled.body.data).toMatchObject({ version: 3, title: "SSO login story" });

    const stale = expectError(await request(t.app).patch(`/api/v1/artifacts/${a.id}`).set(owner.auth).send({ content: "lost", version: 2 }), 409, "CONFLICT");
    expect(stale.details?.[0]).toMatchObject({ field: "version" });
    expect((await request(t.app).get(`/api/v1/artifacts/${a.id}`).set(owner.auth)).body.data).toMatchObject({ version: 3, content: "As a user\nI log in with SSO\nand stay in\n" });
    const noVersion = expectError(await request(t.app).patch(`/api/v1/artifacts/${a.id}`).set(owner.auth).send({ content: "x" }), 400, "VALIDATION_ERROR");
    expect(noVersion.details?.[0].field).toBe("version");

    const versions = await request(t.app).get(`/api/v1/artifacts/${a.id}/versions?perPage=2`).set(owner.auth);
    expect(versions.body.meta).toMatchObject({ total: 3, totalPages: 2 });
    expect(versions.body.data.map((v: { version: number; title: string }) => [v.version, v.title])).toEqual([
      [3, "SSO login story"],
      [2, "Login story"],
    ]);
    expect(versions.body.data[0].content).toBeUndefined();
    const v1 = await request(t.app).get(`/api/v1/artifacts/${a.id}/versions/1`).set(owner.auth);
    expect(v1.body.data).toMatchObject({ version: 1, content: "As a user\nI log in\n", editedBy: owner.id });
    expectError(await request(t.app).get(`/api/v1/artifacts/${a.id}/versions/9`).set(owner.auth), 404, "NOT_FOUND");

    const diff = (await request(t.app).get(`/api/v1/artifacts/${a.id}/diff?from=1&to=3`).set(owner.auth)).body.data;
    expect(diff).toMatchObject({ from: 1, to: 3, fromTitle: "Login story", toTitle: "SSO login story", added: 2, removed: 1 });
    expect(diff.hunks[0].lines).toEqual([
      { kind: "context", text: "As a user" },
      { kind: "removed", text: "I log in" },
      { kind: "added", text: "I log in with SSO" },
      { kind: "added", text: "and stay in" },
    ]);
    expect(diff.unified).toContain("-I log in\n+I log in with SSO\n+and stay in\n");
    expect(diff.unified).toContain("--- v1\tLogin story");
    expectError(await request(t.app).get(`/api/v1/artifacts/${a.id}/diff?from=1&to=7`).set(owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/artifacts/${a.id}/diff?from=x&to=1`).set(owner.auth), 400, "VALIDATION_ERROR");

    const list = await request(t.app).get(`/api/v1/projects/${projectId}/artifacts`).set(owner.auth);
    expect(list.body.meta.total).toBe(2);
    expect(list.body.data.map((x: { title: string }) => x.title)).toEqual(["SSO login story", "Loose note"]); // last changed first
    const byType = await request(t.app).get(`/api/v1/projects/${projectId}/artifacts?type=note`).set(owner.auth);
    expect(byType.body.data.map((x: { title: string }) => x.title)).toEqual(["Loose note"]);
    const byThread = await request(t.app).get(`/api/v1/projects/${projectId}/artifacts?threadId=${threadId}`).set(owner.auth);
    expect(byThread.body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    const byTitle = await request(t.app).get(`/api/v1/projects/${projectId}/artifacts?q=sso`).set(owner.auth);
    expect(byTitle.body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    const page2 = await request(t.app).get(`/api/v1/projects/${projectId}/artifacts?perPage=1&page=2`).set(owner.auth);
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.links.prev).toContain("page=1");

    expect((await request(t.app).delete(`/api/v1/artifacts/${a.id}`).set(owner.auth)).status).toBe(204);
    expectError(await request(t.app).get(`/api/v1/artifacts/${a.id}`).set(owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/artifacts/${a.id}/versions/1`).set(owner.auth), 404, "NOT_FOUND");
  });

  it("two concurrent edits of the same version: exactly one is saved, the other answers 409", async () => {
    const { owner, projectId } = await setup();
    const a = await createArtifact(owner, projectId, { type: "requirements", title: "Reqs", content: "v1" });
    const results = await Promise.all(["left", "right", "middle"].map((content) => request(t.app).patch(`/api/v1/artifacts/${a.id}`).set(owner.auth).send({ content, version: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const versions = await request(t.app).get(`/api/v1/artifacts/${a.id}/versions`).set(owner.auth);
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it("exports Markdown exactly, PDF and DOCX whose text and headings survive, with content types and safe file names", async () => {
    const { owner, projectId } = await setup();
    const a = await createArtifact(owner, projectId, { type: "requirements", title: 'Plan: Q3/Q4 "Ünïcode" ✓', content: PLAN });

    const md = await exportAs(owner, a.id, "md");
    expect(md.status).toBe(200);
    expect(md.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(md.body.toString("utf8")).toBe(PLAN);
    const disposition = md.headers["content-disposition"];
    expect(disposition).toMatch(/^attachment; filename="Plan- Q3-Q4 -Unicode\.md"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe("Plan- Q3-Q4 -Ünïcode- ✓.md");

    const pdf = await exportAs(owner, a.id, "pdf");
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toContain('.pdf"');
    expect(pdf.body.subarray(0, 5).toString()).toBe("%PDF-");
    const { text } = await pdfText(pdf.body);
    for (const piece of ["Release plan", "Scope", "First item", "Nested item", "1. Step one", "Feature", "Owner", "Export", "Ana", "const answer = 42;", "A quoted line", "Page 1 of 1"]) {
      expect(text).toContain(piece);
    }
    expect(text).not.toContain("**");
    expect(text).not.toContain("| Feature");

    const docx = await exportAs(owner, a.id, "docx");
    expect(docx.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(docx.headers["content-disposition"]).toContain('.docx"');
    expect(docx.body.subarray(0, 2).toString()).toBe("PK"); // a zip…
    expect(docx.body.includes(Buffer.from("word/document.xml"))).toBe(true); // …holding the Word document
    const html = (await mammoth.convertToHtml({ buffer: docx.body })).value;
    expect(html).toContain("<h1>Release plan</h1>");
    expect(html).toContain("<h2>Scope</h2>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>italic</em>");
    expect(html).toContain('<a href="https://example.com/docs">link</a>');
    expect(html).toMatch(/<ul><li>First item<\/li><li>Second item<ul><li>Nested item<\/li><\/ul><\/li><\/ul>/);
    expect(html).toContain("<ol><li>Step one</li><li>Step two</li></ol>");
    expect(html).toMatch(/<table>.*Feature.*Ana.*<\/table>/);
    expect(html).toContain("const answer = 42;");
  });

  it("PDF: characters outside WinAnsi become a visible ?, long content flows over numbered pages", async () => {
    const { owner, projectId } = await setup();
    const lines = Array.from({ length: 140 }, (_, i) => `- Requirement number ${i + 1}`).join("\n");
    const code = Array.from({ length: 90 }, (_, i) => `code line ${i + 1}`).join("\n");
    const rows = Array.from({ length: 70 }, (_, i) => `| row ${i + 1} | cell ${i + 1} |`).join("\n");
    const content = `# Ωmega 🚀 café\n\n${lines}\n\n\`\`\`\n${code}\n\`\`\`\n\n| Row | Cell |\n| --- | --- |\n${rows}\n`;
    const a = await createArtifact(owner, projectId, { type: "note", title: "Ω", content });
    const pdf = await exportAs(owner, a.id, "pdf");
    const { text, totalPages } = await pdfText(pdf.body);
    expect(text).toContain("?mega ? café");
    expect(totalPages).toBeGreaterThan(1);
    expect(text).toContain("Requirement number 140");
    // A code block and a table longer than a page continue on the next one, none of their lines lost.
    for (const piece of ["code line 1", "code line 45", "code line 90", "row 1", "cell 35", "row 70"]) expect(text).toContain(piece);
    expect(text).toContain(`Page ${totalPages} of ${totalPages}`);
    // A title without any ASCII still gives an ASCII fallback name.
    expect(pdf.headers["content-disposition"]).toBe(`attachment; filename="artifact.pdf"; filename*=UTF-8''${encodeURIComponent("Ω")}.pdf`);
    const docx = await exportAs(owner, a.id, "docx");
    expect((await mammoth.convertToHtml({ buffer: docx.body })).value).toContain("<h1>Ωmega 🚀 café</h1>");
  });

  it("refuses bad input with a 400 naming the field, and changes nothing", async () => {
    const { owner, projectId } = await setup();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: "poem", title: "x", content: "" }, "type"],
      [{ type: "note", title: "  ", content: "" }, "title"],
      [{ type: "note", title: "x", content: "a".repeat(200_001) }, "content"],
      [{ type: "note", title: "x", content: "", threadId: "nope" }, "threadId"],
      // No such thread in this project.
      [{ type: "note", title: "x", content: "", threadId: "6f1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f" }, "threadId"],
      [{ type: "note", title: "x", content: "", extra: 1 }, "extra"],
    ];
    for (const [body, field] of cases) {
      const error = expectError(await request(t.app).post(`/api/v1/projects/${projectId}/artifacts`).set(owner.auth).send(body), 400, "VALIDATION_ERROR");
      expect(error.details?.map((d) => d.field)).toContain(field);
    }
    expect((await request(t.app).get(`/api/v1/projects/${projectId}/artifacts`).set(owner.auth)).body.meta.total).toBe(0);
    const a = await createArtifact(owner, projectId, { type: "note", title: "Keep", content: "keep" });
    const badFormat = expectError(await request(t.app).get(`/api/v1/artifacts/${a.id}/export?format=html`).set(owner.auth), 400, "VALIDATION_ERROR");
    expect(badFormat.details?.[0]).toMatchObject({ field: "format", message: "must be md, pdf or docx" });
    expectError(await request(t.app).patch(`/api/v1/artifacts/${a.id}`).set(owner.auth).send({ title: "", version: 1 }), 400, "VALIDATION_ERROR");
    expectError(await request(t.app).get(`/api/v1/projects/${projectId}/artifacts?type=poem`).set(owner.auth), 400, "VALIDATION_ERROR");
    expect((await request(t.app).get(`/api/v1/artifacts/${a.id}`).set(owner.auth)).body.data).toMatchObject({ title: "Keep", version: 1 });
  });

  it("viewers read but do not write; another workspace gets 404 everywhere", async () => {
    const { owner, workspaceId, projectId } = await setup();
    const viewer = await registerUser(t.app);
    await addMember(t.app, owner, workspaceId, viewer, "VIEWER");
    const member = await registerUser(t.app);
    await addMember(t.app, owner, workspaceId, member, "MEMBER");
    const a = await createArtifact(member, projectId, { type: "note", title: "Shared", content: "hi" });
    expect((await request(t.app).get(`/api/v1/artifacts/${a.id}`).set(viewer.auth)).status).toBe(200);
    expect((await exportAs(viewer, a.id, "md")).status).toBe(200);
    expectError(await request(t.app).post(`/api/v1/projects/${projectId}/artifacts`).set(viewer.auth).send({ type: "note", title: "x", content: "" }), 403, "FORBIDDEN");
    expectError(await request(t.app).patch(`/api/v1/artifacts/${a.id}`).set(viewer.auth).send({ title: "x", version: 1 }), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(`/api/v1/artifacts/${a.id}`).set(viewer.auth), 403, "FORBIDDEN");

    const stranger = await registerUser(t.app);
    await createWorkspace(t.app, stranger);
    for (const path of [`/artifacts/${a.id}`, `/artifacts/${a.id}/versions`, `/artifacts/${a.id}/versions/1`, `/artifacts/${a.id}/diff?from=1&to=1`, `/artifacts/${a.id}/export?format=pdf`, `/projects/${projectId}/artifacts`]) {
      expectError(await request(t.app).get(`/api/v1${path}`).set(stranger.auth), 404, "NOT_FOUND");
    }
    expectError(await request(t.app).patch(`/api/v1/artifacts/${a.id}`).set(stranger.auth).send({ title: "x", version: 1 }), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/artifacts/${a.id}`).set(stranger.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/projects/${projectId}/artifacts`).set(stranger.auth).send({ type: "note", title: "x", content: "" }), 404, "NOT_FOUND");
    expect((await request(t.app).get(`/api/v1/artifacts/${a.id}`).set(owner.auth)).body.data.title).toBe("Shared");
  });
});
