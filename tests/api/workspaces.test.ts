import request from "supertest";
import { addMember, createTestApp, createWorkspace, registerUser, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it("probe", async () => {
  const o = await registerUser(t.app, { name: "Olga" });
  const m = await registerUser(t.app, { name: "Max_1" });
  const ws = await createWorkspace(t.app, o);
  await addMember(t.app, o, ws, m, "MEMBER");
  const out: unknown[] = [];
  let r = await request(t.app).patch(`/api/v1/workspaces/${ws}`).set(o.auth).send({ name: "x", version: 2 ** 31 });
  out.push(["bigversion", r.status, r.body]);
  r = await request(t.app).patch(`/api/v1/workspaces/${ws}`).set(o.auth).set("If-Match", "99999999999").send({ name: "x" });
  out.push(["bigifmatch", r.status, r.body]);
  r = await request(t.app).patch(`/api/v1/workspaces/${ws}`).set(o.auth).set("If-Match", 'W/"1"').send({ name: "y" });
  out.push(["weak", r.status, r.body]);
  for (const q of ["%", "_", "\\"]) {
    r = await request(t.app).get(`/api/v1/workspaces/${ws}/members`).query({ q }).set(o.auth);
    out.push(["q", q, r.status, r.body.meta]);
  }
  r = await request(t.app).get(`/api/v1/workspaces/${ws}/members?page=5&perPage=1`).set(o.auth);
  out.push(["page", r.status, r.body]);
  r = await request(t.app).get(`/api/v1/workspaces/${ws}/members?perPage=101`).set(o.auth);
  out.push(["pp", r.status, r.body]);
  r = await request(t.app).get(`/api/v1/workspaces/nope`).set(o.auth);
  out.push(["bad", r.status, r.body]);
  r = await request(t.app).post(`/api/v1/workspaces`).set(o.auth).send([]);
  out.push(["arr", r.status, r.body]);
  r = await request(t.app).post(`/api/v1/workspaces`).set(o.auth);
  out.push(["nobody", r.status, r.body]);
  r = await request(t.app).get(`/api/v1/invitations/short`);
  out.push(["short", r.status, r.body]);
  require("fs").writeFileSync("/tmp/probe/out.json", JSON.stringify(out, null, 1));
});
