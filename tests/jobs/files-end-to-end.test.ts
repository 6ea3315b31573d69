import request from "supertest";
import { EICAR, startScriptedClamd, type ScriptedClamd } from "../helpers/clamd";
import { eventually } from "../helpers/eventually";
import { filesJobsWorld } from "../helpers/files-jobs";
import { jpeg } from "../helpers/files";

/**
 * The whole pipeline through the API, with a scanner: an upload waits for its
 * verdict (409, not downloadable) while clamd is down, is scanned and
 * thumbnailed once clamd is back, then downloads; an EICAR upload is marked
 * infected, its bytes deleted, and its uploader told.
 */

let clamd: ScriptedClamd;
beforeAll(async () => {
  clamd = await startScriptedClamd();
});
const w = filesJobsWorld(() => ({ CLAMAV_HOST: clamd.host, CLAMAV_PORT: String(clamd.port), CLAMAV_TIMEOUT_MS: "1500" }), "E2E", "E2E");
afterAll(() => clamd.stop());

const details = async (id: string) => (await request(w.t.app).get(`/api/v1/attachments/${id}/details`).set(w.team.member.auth)).body.data;

it("upload → 409 while clamd is down → clean and thumbnailed when it is back → downloads; EICAR → infected, 409, the uploader notified", async () => {
  await clamd.stop();
  const up = await request(w.t.app).post("/api/v1/attachments").set(w.team.member.auth).field("entityType", "task").field("entityId", w.task.taskId).attach("file", await jpeg(40, 30), "photo.jpg");
  expect(up.status).toBe(201);
  const photo = up.body.data[0];
  expect(photo).toMatchObject({ scanStatus: "pending", downloadable: false, thumbnail: "pending" });
  const waiting = await request(w.t.app).get(`/api/v1/attachments/${photo.id}`).set(w.team.member.auth);
  expect({ status: waiting.status, code: waiting.body.error?.code, message: waiting.body.error?.message }).toEqual({ status: 409, code: "CONFLICT", message: expect.stringContaining("scanned") });

  await clamd.start();
  await eventually(async () => {
    const d = await details(photo.id);
    return d.scanStatus === "clean" && d.thumbnail === "ready";
  }, { what: "the photo scanned clean and thumbnailed", timeoutMs: 20_000 });
  const download = await request(w.t.app).get(`/api/v1/attachments/${photo.id}`).set(w.team.member.auth);
  expect({ status: download.status, type: download.headers["content-type"] }).toEqual({ status: 200, type: "image/jpeg" });
  const thumb = await request(w.t.app).get(`/api/v1/attachments/${photo.id}/thumbnail`).set(w.team.member.auth);
  expect({ status: thumb.status, type: thumb.headers["content-type"] }).toEqual({ status: 200, type: "image/webp" });

  const bad = await request(w.t.app).post("/api/v1/attachments").set(w.team.member.auth).field("entityType", "task").field("entityId", w.task.taskId).attach("file", Buffer.from(`${EICAR}\n`), "eicar.txt");
  expect(bad.status).toBe(201);
  const eicar = bad.body.data[0];
  await eventually(async () => (await details(eicar.id)).scanStatus === "infected", { what: "the EICAR file marked infected", timeoutMs: 20_000 });
  const refused = await request(w.t.app).get(`/api/v1/attachments/${eicar.id}`).set(w.team.member.auth);
  expect({ status: refused.status, message: refused.body.error?.message }).toEqual({ status: 409, message: expect.stringContaining("infected") });
  await eventually(async () => {
    const n = await request(w.t.app).get("/api/v1/notifications").set(w.team.member.auth);
    return (n.body.data as Array<{ type: string; title: string }>).some((x) => x.type === "ATTACHMENT_INFECTED" && x.title === "eicar.txt was found infected and deleted");
  }, { what: "the uploader's infected-file notification" });
});
