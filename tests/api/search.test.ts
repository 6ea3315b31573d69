import request from "supertest";
import { addMember, createTestApp, createWorkspace, expectError, registerUser, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("workspace search", () => {
  it("ranks title matches above description matches, finds comments, respects privacy and deletion", async () => {
    const owner = await registerUser(t.app);
    const member = await registerUser(t.app);
    const workspaceId = await createWorkspace(t.app, owner);
    await addMember(t.app, owner, workspaceId, member, "MEMBER");
    const projectId = (await request(t.app).post(`/api/v1/workspaces/${workspaceId}/projects`).set(owner.auth).send({ name: "Web", key: "WEB" })).body.data.id;
    const mk = async (title: string, description?: string) =>
      (await request(t.app).post(`/api/v1/projects/${projectId}/tasks`).set(owner.auth).send({ title, description })).body.data;
    const inTitle = await mk("Payment gateway timeout", "Customers see errors");
    const inDescription = await mk("Checkout polish", "Sometimes the payment button is grey <b>bold</b>");
    await mk("Unrelated work", "nothing to see");
    const gone = await mk("Payment refund flow");
    await request(t.app).delete(`/api/v1/tasks/${gone.id}`).set(owner.auth).expect(204);
    await request(t.app).post(`/api/v1/tasks/${inTitle.id}/comments`).set(member.auth).send({ body: "The payment provider had an outage" }).expect(201);
    await request(t.app).post("/api/v1/tasks").set(member.auth).send({ workspaceId, title: "My private payment note" }).expect(201);

    const res = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/search?q=payments`).set(owner.auth);
    expect(res.status).toBe(200);
    const hits = res.body.data as Array<{ type: string; task: { id: string; key: string }; headline: string; commentId: string | null }>;
    expect(hits.map((h) => `${h.type}:${h.task.key}`).sort()).toEqual(["comment:WEB-1", "task:WEB-1", "task:WEB-2"]);
    // A title match (weight A) outranks a description match (weight B).
    expect(hits.findIndex((h) => h.type === "task" && h.task.id === inTitle.id)).toBeLessThan(hits.findIndex((h) => h.task.id === inDescription.id));
    expect(hits[0]).toMatchObject({ type: "task", task: { id: inTitle.id, key: "WEB-1" } });
    expect(hits.some((h) => h.task.id === gone.id)).toBe(false);
    expect(hits.some((h) => h.type === "comment" && h.task.id === inTitle.id)).toBe(true);
    expect(hits.some((h) => h.task.id === inDescription.id)).toBe(true);
    // user markup never comes back as markup (ts_headline drops tags, the rest is escaped)
    expect(hits.find((h) => h.task.id === inDescription.id)!.headline).not.toContain("<b>bold");
    expect(hits[0].headline).toContain("<b>Payment</b>");
    expect(res.body.meta.total).toBe(3); // the member's private task is not the owner's to see

    const mine = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/search?q=payment&type=task`).set(member.auth);
    expect(mine.body.data.some((h: { task: { key: string | null; title: string } }) => h.task.key === null && h.task.title === "My private payment note")).toBe(true);
    const onlyComments = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/search?q=outage&type=comment`).set(owner.auth);
    expect(onlyComments.body.data).toHaveLength(1);
    const phrase = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/search?q=${encodeURIComponent('"gateway timeout" -refund')}`).set(owner.auth);
    expect(phrase.body.data.map((h: { task: { id: string } }) => h.task.id)).toEqual([inTitle.id]);

    const stranger = await registerUser(t.app);
    expectError(await request(t.app).get(`/api/v1/workspaces/${workspaceId}/search?q=payment`).set(stranger.auth), 404, "NOT_FOUND");
    for (const q of ["", "q=", "q=x&type=everything", `q=x&projectId=nope`, "q=x&perPage=500", `q=${"x".repeat(201)}`]) {
      expectError(await request(t.app).get(`/api/v1/workspaces/${workspaceId}/search?${q}`).set(owner.auth), 400, "VALIDATION_ERROR");
    }
    const weird = await request(t.app).get(`/api/v1/workspaces/${workspaceId}/search?q=${encodeURIComponent("'); DROP TABLE tasks; --")}`).set(owner.auth);
    expect(weird.status).toBe(200);
  });
});
