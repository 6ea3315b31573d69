import crypto from "node:crypto";
import request from "supertest";
import { addMember, createTestApp, expectError, registerUser, uniqueEmail, type TestApp, type TestUser } from "../helpers/app";
import { createTeam, type Team } from "../helpers/team";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // The first account of a fresh install gets a workspace automatically; make sure no test user is that one.
  await registerUser(t.app);
});
afterAll(() => t.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INVITATION_KEYS = ["createdAt", "email", "expiresAt", "id", "invitedBy", "role", "status"];
const PREVIEW_KEYS = ["email", "expiresAt", "invitedBy", "role", "status", "workspace"];

type Role = "OWNER" | "ADMIN" | "MEMBER" | "VIEWER";


const tokenOf = (acceptUrl: string) => acceptUrl.split("/invite/")[1];

/** Invites through the API (must succeed); returns the invitation and its token. */
async function invite(by: TestUser, workspaceId: string, email: string, role: Role = "MEMBER") {
  const res = await request(t.app).post(`/api/v1/workspaces/${workspaceId}/invitations`).set(by.auth).send({ email, role });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.data.id as string, token: tokenOf(res.body.data.acceptUrl), data: res.body.data };
}

/** Invitations and memberships of the workspace, for "changes nothing" assertions. */
async function dbState(workspaceId: string) {
  const [memberships, invitations] = await Promise.all([
    t.ctx.db.membership.findMany({ where: { workspaceId }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
    t.ctx.db.invitation.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
  ]);
  return { memberships, invitations };
}

const roleOf = async (workspaceId: string, userId: string) =>
  (await t.ctx.db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } }))?.role ?? null;

const expire = (id: string) => t.ctx.db.invitation.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });

const preview = async (token: string) => {
  const res = await request(t.app).get(`/api/v1/invitations/${token}`);
  expect(res.status).toBe(200);
  return res.body.data;
};

describe("authentication", () => {
  const id = crypto.randomUUID();
  const token = crypto.randomBytes(32).toString("base64url");
  it.each([
    ["post", `/api/v1/workspaces/${id}/invitations`],
    ["get", `/api/v1/workspaces/${id}/invitations`],
    ["delete", `/api/v1/invitations/${id}`],
    ["post", `/api/v1/invitations/${token}/accept`],
    ["post", `/api/v1/invitations/${token}/decline`],
  ] as const)("%s %s needs a signed-in user", async (method, path) => {
    expectError(await request(t.app)[method](path), 401, "UNAUTHORIZED");
  });

  it("accepting or declining without signing in changes nothing", async () => {
    const team = await createTeam(t.app, "Studio");
    const inv = await invite(team.owner, team.workspaceId, uniqueEmail("anon"));
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`), 401, "UNAUTHORIZED");
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/decline`), 401, "UNAUTHORIZED");
    expect(await dbState(team.workspaceId)).toEqual(before);
  });
});

describe("POST /workspaces/:id/invitations", () => {
  it("creates a pending invitation; the token is only in acceptUrl and stored hashed", async () => {
    const team = await createTeam(t.app, "Studio");
    const email = uniqueEmail("Invitee");
    const started = Date.now();
    const res = await request(t.app)
      .post(`/api/v1/workspaces/${team.workspaceId}/invitations`)
      .set(team.owner.auth)
      .send({ email: `  ${email.toUpperCase()} `, role: "ADMIN" });
    expect(res.status).toBe(201);
    const inv = res.body.data;
    expect(Object.keys(inv).sort()).toEqual([...INVITATION_KEYS, "acceptUrl"].sort());
    expect(inv).toMatchObject({ email: email.toLowerCase(), role: "ADMIN", status: "pending", invitedBy: { id: team.owner.id, name: "Olive Owner" } });
    expect(inv.id).toMatch(UUID);
    expect(inv.createdAt).toMatch(ISO);
    expect(inv.expiresAt).toMatch(ISO);
    const ttl = t.ctx.config.INVITATION_TTL_DAYS * 86400_000;
    expect(new Date(inv.expiresAt).getTime()).toBeGreaterThanOrEqual(started + ttl - 1000);
    expect(new Date(inv.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + ttl + 1000);
    expect(inv.acceptUrl).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);

    const token = tokenOf(inv.acceptUrl);
    const row = await t.ctx.db.invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expect(row).toMatchObject({ workspaceId: team.workspaceId, email: email.toLowerCase(), role: "ADMIN", invitedById: team.owner.id, acceptedAt: null, declinedAt: null, revokedAt: null });
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    // creating an invitation does not create a membership or a user
    expect(await t.ctx.db.membership.count({ where: { workspaceId: team.workspaceId } })).toBe(4);
    expect(await t.ctx.db.user.count({ where: { email: email.toLowerCase() } })).toBe(0);
  });

  it.each<["owner" | "admin", Role]>([
    ["owner", "OWNER"],
    ["owner", "ADMIN"],
    ["owner", "VIEWER"],
    ["admin", "ADMIN"],
    ["admin", "MEMBER"],
    ["admin", "VIEWER"],
  ])("the %s can invite as %s, and accepting grants that role", async (who, role) => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team[who], team.workspaceId, invitee.email, role);
    expect(inv.data.invitedBy).toEqual({ id: team[who].id, name: team[who].name });
    const accepted = await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth);
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.workspace.role).toBe(role);
    expect(await roleOf(team.workspaceId, invitee.id)).toBe(role);
  });

  it.each<["admin" | "member" | "viewer", Role]>([
    ["admin", "OWNER"],
    ["member", "VIEWER"],
    ["member", "MEMBER"],
    ["viewer", "VIEWER"],
  ])("the %s cannot invite as %s (403, nothing created)", async (who, role) => {
    const team = await createTeam(t.app, "Studio");
    const before = await dbState(team.workspaceId);
    const res = await request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/invitations`).set(team[who].auth).send({ email: uniqueEmail(), role });
    expectError(res, 403, "FORBIDDEN");
    expect(await dbState(team.workspaceId)).toEqual(before);
  });

  it("refuses a second pending invitation for the same email (any case) with 409", async () => {
    const team = await createTeam(t.app, "Studio");
    const email = uniqueEmail("dup");
    const first = await invite(team.owner, team.workspaceId, email, "MEMBER");
    const before = await dbState(team.workspaceId);
    const res = await request(t.app)
      .post(`/api/v1/workspaces/${team.workspaceId}/invitations`)
      .set(team.admin.auth)
      .send({ email: email.toUpperCase(), role: "VIEWER" });
    const err = expectError(res, 409, "CONFLICT");
    expect(err.details).toEqual([expect.objectContaining({ field: "email", invitationId: first.id })]);
    expect(await dbState(team.workspaceId)).toEqual(before);
    // the same email may be invited to another workspace
    const other = await createTeam(t.app, "Studio");
    await invite(other.owner, other.workspaceId, email);
  });

  it("two simultaneous invitations of the same email: exactly one is created", async () => {
    const team = await createTeam(t.app, "Studio");
    const email = uniqueEmail("race");
    const results = await Promise.all(
      [team.owner, team.admin].map((u) => request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/invitations`).set(u.auth).send({ email, role: "MEMBER" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.ctx.db.invitation.count({ where: { workspaceId: team.workspaceId, email } })).toBe(1);
  });

  it.each([
    ["revoked", async (team: Team, id: string) => expect((await request(t.app).delete(`/api/v1/invitations/${id}`).set(team.owner.auth)).status).toBe(204)],
    ["expired", async (_team: Team, id: string) => void (await expire(id))],
  ])("allows a new invitation once the previous one is %s", async (_label, end) => {
    const team = await createTeam(t.app, "Studio");
    const email = uniqueEmail("again");
    const first = await invite(team.owner, team.workspaceId, email);
    await end(team, first.id);
    const second = await invite(team.owner, team.workspaceId, email, "VIEWER");
    expect(second.id).not.toBe(first.id);
    expect(second.token).not.toBe(first.token);
  });

  it("allows a new invitation once the previous one was declined", async () => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const first = await invite(team.owner, team.workspaceId, invitee.email);
    expect((await request(t.app).post(`/api/v1/invitations/${first.token}/decline`).set(invitee.auth)).status).toBe(204);
    const second = await invite(team.owner, team.workspaceId, invitee.email);
    expect((await request(t.app).post(`/api/v1/invitations/${second.token}/accept`).set(invitee.auth)).status).toBe(200);
    expect(await roleOf(team.workspaceId, invitee.id)).toBe("MEMBER");
  });

  it("refuses to invite someone who is already a member (409, any case)", async () => {
    const team = await createTeam(t.app, "Studio");
    const before = await dbState(team.workspaceId);
    for (const email of [team.member.email, team.viewer.email.toUpperCase(), team.owner.email]) {
      const err = expectError(
        await request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/invitations`).set(team.admin.auth).send({ email, role: "ADMIN" }),
        409,
        "CONFLICT",
      );
      expect(err.details).toEqual([expect.objectContaining({ field: "email" })]);
    }
    expect(await dbState(team.workspaceId)).toEqual(before);
  });

  it.each([
    [{ email: "not-an-email", role: "MEMBER" }, "email"],
    [{ email: "", role: "MEMBER" }, "email"],
    [{ email: `${"a".repeat(250)}@example.com`, role: "MEMBER" }, "email"],
    [{ email: 42, role: "MEMBER" }, "email"],
    [{ role: "MEMBER" }, "email"],
    [{ email: "ok@example.com" }, "role"],
    [{ email: "ok@example.com", role: "GOD" }, "role"],
    [{ email: "ok@example.com", role: "member" }, "role"],
    [{ email: "ok@example.com", role: null }, "role"],
    [{ email: ["ok@example.com"], role: "MEMBER" }, "email"],
    [{ email: "ok@example.com", role: "MEMBER", message: "Welcome!" }, "message"],
  ])("rejects %j with 400 and creates nothing", async (body, field) => {
    const team = await createTeam(t.app, "Studio");
    const before = await dbState(team.workspaceId);
    const err = expectError(
      await request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/invitations`).set(team.owner.auth).send(body),
      400,
      "VALIDATION_ERROR",
    );
    expect(err.details!.map((d) => d.field)).toContain(field);
    expect(await dbState(team.workspaceId)).toEqual(before);
  });

  it("rejects malformed JSON and non-JSON bodies, creating nothing", async () => {
    const team = await createTeam(t.app, "Studio");
    const before = await dbState(team.workspaceId);
    const url = `/api/v1/workspaces/${team.workspaceId}/invitations`;
    expectError(await request(t.app).post(url).set(team.owner.auth).set("Content-Type", "application/json").send('{"email": "a@b.co", '), 400, "INVALID_JSON");
    expectError(await request(t.app).post(url).set(team.owner.auth).set("Content-Type", "text/plain").send("a@b.co"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(await dbState(team.workspaceId)).toEqual(before);
  });

  it("answers 404 for other workspaces and unknown ids, 400 for malformed ids", async () => {
    const team = await createTeam(t.app, "Studio");
    const other = await createTeam(t.app, "Studio");
    const email = uniqueEmail();
    expectError(await request(t.app).post(`/api/v1/workspaces/${other.workspaceId}/invitations`).set(team.owner.auth).send({ email, role: "MEMBER" }), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/workspaces/${crypto.randomUUID()}/invitations`).set(team.owner.auth).send({ email, role: "MEMBER" }), 404, "NOT_FOUND");
    const err = expectError(await request(t.app).post(`/api/v1/workspaces/xyz/invitations`).set(team.owner.auth).send({ email, role: "MEMBER" }), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toContain("id");
    expect(await t.ctx.db.invitation.count({ where: { email } })).toBe(0);
  });

  it("refuses more than 200 pending invitations per workspace with 409", async () => {
    const team = await createTeam(t.app, "Studio");
    await t.ctx.db.invitation.createMany({
      data: Array.from({ length: 197 }, (_, i) => ({
        workspaceId: team.workspaceId,
        email: `bulk-${i}-${crypto.randomUUID()}@example.com`,
        role: "VIEWER" as const,
        tokenHash: crypto.randomBytes(32).toString("hex"),
        expiresAt: new Date(Date.now() + 86400_000),
      })),
    });
    // 3 accepted (the team) + 197 pending; expired ones do not count
    const expired = await invite(team.owner, team.workspaceId, uniqueEmail("old"));
    await expire(expired.id);
    await invite(team.owner, team.workspaceId, uniqueEmail());
    await invite(team.owner, team.workspaceId, uniqueEmail());
    await invite(team.owner, team.workspaceId, uniqueEmail());
    const pendingWhere = { workspaceId: team.workspaceId, acceptedAt: null, revokedAt: null, declinedAt: null, expiresAt: { gt: new Date() } };
    expect(await t.ctx.db.invitation.count({ where: pendingWhere })).toBe(200);
    const res = await request(t.app).post(`/api/v1/workspaces/${team.workspaceId}/invitations`).set(team.owner.auth).send({ email: uniqueEmail(), role: "MEMBER" });
    expectError(res, 409, "CONFLICT");
    expect(await t.ctx.db.invitation.count({ where: pendingWhere })).toBe(200);
  });
});

describe("GET /workspaces/:id/invitations", () => {
  it("lists pending invitations newest first, without acceptUrl; status=all shows every status", async () => {
    const team = await createTeam(t.app, "Studio");
    const [accepter, decliner] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const accepted = await invite(team.owner, team.workspaceId, accepter.email);
    const declined = await invite(team.owner, team.workspaceId, decliner.email);
    const revoked = await invite(team.owner, team.workspaceId, uniqueEmail("revoked"));
    const expired = await invite(team.owner, team.workspaceId, uniqueEmail("expired"));
    const pending1 = await invite(team.owner, team.workspaceId, uniqueEmail("pending1"), "VIEWER");
    const pending2 = await invite(team.admin, team.workspaceId, uniqueEmail("pending2"), "ADMIN");
    expect((await request(t.app).post(`/api/v1/invitations/${accepted.token}/accept`).set(accepter.auth)).status).toBe(200);
    expect((await request(t.app).post(`/api/v1/invitations/${declined.token}/decline`).set(decliner.auth)).status).toBe(204);
    expect((await request(t.app).delete(`/api/v1/invitations/${revoked.id}`).set(team.owner.auth)).status).toBe(204);
    await expire(expired.id);

    for (const user of [team.owner, team.admin]) {
      const res = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/invitations`).set(user.auth);
      expect(res.status).toBe(200);
      expect(res.body.data.map((i: { id: string }) => i.id).sort()).toEqual([pending1.id, pending2.id].sort());
      for (const i of res.body.data) {
        expect(Object.keys(i).sort()).toEqual(INVITATION_KEYS);
        expect(i.acceptUrl).toBeUndefined();
        expect(i.status).toBe("pending");
      }
      expect(res.body.data.find((i: { id: string }) => i.id === pending2.id)).toEqual({ ...pending2.data, acceptUrl: undefined });
      expect(res.body.meta).toEqual({ page: 1, perPage: 20, total: 2, totalPages: 1 });
      expect(JSON.stringify(res.body)).not.toContain(pending1.token);
    }

    const all = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/invitations?status=all`).set(team.owner.auth);
    expect(all.status).toBe(200);
    const statusById = Object.fromEntries(all.body.data.map((i: { id: string; status: string }) => [i.id, i.status]));
    expect(statusById).toMatchObject({
      [accepted.id]: "accepted",
      [declined.id]: "declined",
      [revoked.id]: "revoked",
      [expired.id]: "expired",
      [pending1.id]: "pending",
      [pending2.id]: "pending",
    });
    expect(all.body.meta.total).toBe(9); // + the 3 accepted invitations of the team
    const created = all.body.data.map((i: { createdAt: string }) => new Date(i.createdAt).getTime());
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  it("paginates with meta and links", async () => {
    const team = await createTeam(t.app, "Studio");
    for (let i = 0; i < 5; i++) await invite(team.owner, team.workspaceId, uniqueEmail(`page${i}`));
    const base = `/api/v1/workspaces/${team.workspaceId}/invitations`;
    const res = await request(t.app).get(`${base}?status=all&perPage=3&page=2`).set(team.owner.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(3);
    expect(res.body.meta).toEqual({ page: 2, perPage: 3, total: 8, totalPages: 3 });
    expect(res.body.links).toEqual({
      first: `${base}?status=all&perPage=3&page=1`,
      prev: `${base}?status=all&perPage=3&page=1`,
      next: `${base}?status=all&perPage=3&page=3`,
      last: `${base}?status=all&perPage=3&page=3`,
    });
    const ids = new Set<string>();
    let url: string | null = res.body.links.first;
    while (url) {
      const page = await request(t.app).get(url).set(team.owner.auth);
      for (const i of page.body.data) ids.add(i.id);
      url = page.body.links.next;
    }
    expect(ids.size).toBe(8);
  });

  it.each([
    ["perPage=101", "perPage"],
    ["page=0", "page"],
    ["status=expired", "status"],
    ["email=x", "email"],
  ])("rejects ?%s with 400", async (qs, field) => {
    const team = await createTeam(t.app, "Studio");
    const err = expectError(await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/invitations?${qs}`).set(team.owner.auth), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toContain(field);
  });

  it("is forbidden to members and viewers (403) and 404 to outsiders", async () => {
    const team = await createTeam(t.app, "Studio");
    const outsider = await registerUser(t.app);
    const url = `/api/v1/workspaces/${team.workspaceId}/invitations`;
    expectError(await request(t.app).get(url).set(team.member.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).get(url).set(team.viewer.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).get(url).set(outsider.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/workspaces/${crypto.randomUUID()}/invitations`).set(team.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).get(`/api/v1/workspaces/0/invitations`).set(team.owner.auth), 400, "VALIDATION_ERROR");
  });
});

describe("DELETE /invitations/:id (revoke)", () => {
  it.each(["owner", "admin"] as const)("the %s revokes a pending invitation; it can no longer be accepted", async (who) => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.owner, team.workspaceId, invitee.email);
    const res = await request(t.app).delete(`/api/v1/invitations/${inv.id}`).set(team[who].auth);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await t.ctx.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).revokedAt).not.toBeNull();
    expect((await preview(inv.token)).status).toBe("revoked");
    const list = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}/invitations`).set(team.owner.auth);
    expect(list.body.data.map((i: { id: string }) => i.id)).not.toContain(inv.id);
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth), 409, "CONFLICT");
    expect(await roleOf(team.workspaceId, invitee.id)).toBeNull();
  });

  it("only pending invitations can be revoked (409 otherwise, nothing changed)", async () => {
    const team = await createTeam(t.app, "Studio");
    const [accepter, decliner] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const revoked = await invite(team.owner, team.workspaceId, uniqueEmail());
    expect((await request(t.app).delete(`/api/v1/invitations/${revoked.id}`).set(team.owner.auth)).status).toBe(204);
    const accepted = await invite(team.owner, team.workspaceId, accepter.email);
    expect((await request(t.app).post(`/api/v1/invitations/${accepted.token}/accept`).set(accepter.auth)).status).toBe(200);
    const declined = await invite(team.owner, team.workspaceId, decliner.email);
    expect((await request(t.app).post(`/api/v1/invitations/${declined.token}/decline`).set(decliner.auth)).status).toBe(204);
    const expired = await invite(team.owner, team.workspaceId, uniqueEmail());
    await expire(expired.id);

    const before = await dbState(team.workspaceId);
    for (const [inv, status] of [[revoked, "revoked"], [accepted, "accepted"], [declined, "declined"], [expired, "expired"]] as const) {
      const err = expectError(await request(t.app).delete(`/api/v1/invitations/${inv.id}`).set(team.owner.auth), 409, "CONFLICT");
      expect(err.message).toContain(status);
    }
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect(await roleOf(team.workspaceId, accepter.id)).toBe("MEMBER");
  });

  it("is forbidden to members and viewers; 404 for other workspaces and unknown ids; 400 for malformed ids", async () => {
    const team = await createTeam(t.app, "Studio");
    const other = await createTeam(t.app, "Studio");
    const inv = await invite(team.owner, team.workspaceId, uniqueEmail());
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).delete(`/api/v1/invitations/${inv.id}`).set(team.member.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(`/api/v1/invitations/${inv.id}`).set(team.viewer.auth), 403, "FORBIDDEN");
    expectError(await request(t.app).delete(`/api/v1/invitations/${inv.id}`).set(other.owner.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/invitations/${crypto.randomUUID()}`).set(team.owner.auth), 404, "NOT_FOUND");
    const err = expectError(await request(t.app).delete(`/api/v1/invitations/${inv.token}`).set(team.owner.auth), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toEqual(["id"]);
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect((await preview(inv.token)).status).toBe("pending");
  });
});

describe("GET /invitations/:token (preview)", () => {
  it("works without signing in and reports the status", async () => {
    const team = await createTeam(t.app, "Preview Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.admin, team.workspaceId, invitee.email, "VIEWER");
    const res = await request(t.app).get(`/api/v1/invitations/${inv.token}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data).sort()).toEqual(PREVIEW_KEYS);
    expect(res.body.data).toEqual({
      workspace: { id: team.workspaceId, name: "Preview Studio" },
      email: invitee.email,
      role: "VIEWER",
      invitedBy: { id: team.admin.id, name: "Adam Admin" },
      expiresAt: inv.data.expiresAt,
      status: "pending",
    });
    expect((await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth)).status).toBe(200);
    expect((await preview(inv.token)).status).toBe("accepted");

    const expired = await invite(team.owner, team.workspaceId, uniqueEmail());
    await expire(expired.id);
    expect((await preview(expired.token)).status).toBe("expired");
  });

  it("shows invitedBy as null once the inviter's account is gone", async () => {
    const team = await createTeam(t.app, "Studio");
    const inv = await invite(team.admin, team.workspaceId, uniqueEmail());
    await t.ctx.db.user.delete({ where: { id: team.admin.id } });
    expect((await preview(inv.token)).invitedBy).toBeNull();
  });

  it("answers 404 for unknown tokens and 400 for tokens of the wrong length", async () => {
    expectError(await request(t.app).get(`/api/v1/invitations/${crypto.randomBytes(32).toString("base64url")}`), 404, "NOT_FOUND");
    let err = expectError(await request(t.app).get(`/api/v1/invitations/short`), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toEqual(["token"]);
    err = expectError(await request(t.app).get(`/api/v1/invitations/${"a".repeat(201)}`), 400, "VALIDATION_ERROR");
    expect(err.details!.map((d) => d.field)).toEqual(["token"]);
  });

  it("does not accept the stored hash as a token", async () => {
    const team = await createTeam(t.app, "Studio");
    const inv = await invite(team.owner, team.workspaceId, uniqueEmail());
    const row = await t.ctx.db.invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expectError(await request(t.app).get(`/api/v1/invitations/${row.tokenHash}`), 404, "NOT_FOUND");
  });
});

describe("POST /invitations/:token/accept", () => {
  it("joins the workspace with the invited role", async () => {
    const team = await createTeam(t.app, "Joinable");
    const invitee = await registerUser(t.app, { email: uniqueEmail("Joiner").toLowerCase() });
    const inv = await invite(team.admin, team.workspaceId, invitee.email.toUpperCase(), "ADMIN");
    const res = await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth);
    expect(res.status).toBe(200);
    const slug = (await t.ctx.db.workspace.findUniqueOrThrow({ where: { id: team.workspaceId } })).slug;
    expect(res.body).toEqual({ data: { workspace: { id: team.workspaceId, name: "Joinable", slug, role: "ADMIN" } } });
    expect(await roleOf(team.workspaceId, invitee.id)).toBe("ADMIN");
    expect((await t.ctx.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).acceptedAt).not.toBeNull();
    const mine = await request(t.app).get("/api/v1/workspaces").set(invitee.auth);
    expect(mine.body.data.map((w: { id: string; role: string }) => [w.id, w.role])).toEqual([[team.workspaceId, "ADMIN"]]);
    const detail = await request(t.app).get(`/api/v1/workspaces/${team.workspaceId}`).set(invitee.auth);
    expect(detail.body.data).toMatchObject({ role: "ADMIN", memberCount: 5 });
  });

  it("with a different email answers 403 and creates no membership", async () => {
    const team = await createTeam(t.app, "Studio");
    const [invitee, intruder] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const inv = await invite(team.owner, team.workspaceId, invitee.email);
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(intruder.auth), 403, "FORBIDDEN");
    // a member of the workspace cannot use someone else's invitation either
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(team.viewer.auth), 403, "FORBIDDEN");
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect(await roleOf(team.workspaceId, intruder.id)).toBeNull();
    expect(await roleOf(team.workspaceId, team.viewer.id)).toBe("VIEWER");
    // the invitation is still good for the right person
    expect((await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth)).status).toBe(200);
  });

  it.each([
    ["expired", async (_team: Team, id: string) => void (await expire(id))],
    ["revoked", async (team: Team, id: string) => expect((await request(t.app).delete(`/api/v1/invitations/${id}`).set(team.admin.auth)).status).toBe(204)],
  ])("of an %s invitation answers 409 and creates no membership", async (status, end) => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.owner, team.workspaceId, invitee.email);
    await end(team, inv.id);
    const before = await dbState(team.workspaceId);
    const err = expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth), 409, "CONFLICT");
    expect(err.message).toContain(status);
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect(await roleOf(team.workspaceId, invitee.id)).toBeNull();
    expect((await preview(inv.token)).status).toBe(status);
  });

  it("of a declined invitation answers 409 and creates no membership", async () => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.owner, team.workspaceId, invitee.email);
    expect((await request(t.app).post(`/api/v1/invitations/${inv.token}/decline`).set(invitee.auth)).status).toBe(204);
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth), 409, "CONFLICT");
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect(await roleOf(team.workspaceId, invitee.id)).toBeNull();
  });

  it("accepting twice is harmless: one membership, and the member keeps their current role", async () => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.owner, team.workspaceId, invitee.email, "ADMIN");
    expect((await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth)).status).toBe(200);
    const acceptedAt = (await t.ctx.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).acceptedAt;
    // the owner changes the role in between
    expect(
      (await request(t.app).patch(`/api/v1/workspaces/${team.workspaceId}/members/${invitee.id}`).set(team.owner.auth).send({ role: "VIEWER" })).status,
    ).toBe(200);
    const again = await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth);
    expect(again.status).toBe(200);
    expect(again.body.data.workspace).toMatchObject({ id: team.workspaceId, role: "VIEWER" });
    expect(await t.ctx.db.membership.count({ where: { workspaceId: team.workspaceId, userId: invitee.id } })).toBe(1);
    expect(await roleOf(team.workspaceId, invitee.id)).toBe("VIEWER");
    expect((await t.ctx.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).acceptedAt).toEqual(acceptedAt);
  });

  it("two simultaneous accepts create one membership", async () => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.owner, team.workspaceId, invitee.email, "MEMBER");
    const results = await Promise.all([1, 2].map(() => request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.data.workspace.role)).toEqual(["MEMBER", "MEMBER"]);
    expect(await t.ctx.db.membership.count({ where: { workspaceId: team.workspaceId, userId: invitee.id } })).toBe(1);
  });

  it("a removed member cannot rejoin with the old invitation, but can with a new one", async () => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.owner, team.workspaceId, invitee.email, "ADMIN");
    expect((await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth)).status).toBe(200);
    expect((await request(t.app).delete(`/api/v1/workspaces/${team.workspaceId}/members/${invitee.id}`).set(team.owner.auth)).status).toBe(204);
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth), 409, "CONFLICT");
    expect(await roleOf(team.workspaceId, invitee.id)).toBeNull();
    const fresh = await invite(team.owner, team.workspaceId, invitee.email, "VIEWER");
    expect((await request(t.app).post(`/api/v1/invitations/${fresh.token}/accept`).set(invitee.auth)).status).toBe(200);
    expect(await roleOf(team.workspaceId, invitee.id)).toBe("VIEWER");
  });

  it("answers 404 for unknown tokens and 400 for malformed ones", async () => {
    const u = await registerUser(t.app);
    expectError(await request(t.app).post(`/api/v1/invitations/${crypto.randomBytes(32).toString("base64url")}/accept`).set(u.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/invitations/abc/accept`).set(u.auth), 400, "VALIDATION_ERROR");
    expect(await t.ctx.db.membership.count({ where: { userId: u.id } })).toBe(0);
  });
});

describe("POST /invitations/:token/decline", () => {
  it("declines: no membership, status declined", async () => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.owner, team.workspaceId, invitee.email);
    const res = await request(t.app).post(`/api/v1/invitations/${inv.token}/decline`).set(invitee.auth);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    const row = await t.ctx.db.invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expect(row.declinedAt).not.toBeNull();
    expect(row.acceptedAt).toBeNull();
    expect(await roleOf(team.workspaceId, invitee.id)).toBeNull();
    expect((await preview(inv.token)).status).toBe("declined");
    // declining again is a conflict, not a silent success
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/decline`).set(invitee.auth), 409, "CONFLICT");
  });

  it("with a different email answers 403 and changes nothing", async () => {
    const team = await createTeam(t.app, "Studio");
    const [invitee, intruder] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    const inv = await invite(team.owner, team.workspaceId, invitee.email);
    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/decline`).set(intruder.auth), 403, "FORBIDDEN");
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect((await preview(inv.token)).status).toBe("pending");
  });

  it("of an accepted, expired or revoked invitation answers 409 and changes nothing", async () => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const accepted = await invite(team.owner, team.workspaceId, invitee.email);
    expect((await request(t.app).post(`/api/v1/invitations/${accepted.token}/accept`).set(invitee.auth)).status).toBe(200);
    const expiredUser = await registerUser(t.app);
    const expired = await invite(team.owner, team.workspaceId, expiredUser.email);
    await expire(expired.id);
    const revokedUser = await registerUser(t.app);
    const revoked = await invite(team.owner, team.workspaceId, revokedUser.email);
    expect((await request(t.app).delete(`/api/v1/invitations/${revoked.id}`).set(team.owner.auth)).status).toBe(204);

    const before = await dbState(team.workspaceId);
    expectError(await request(t.app).post(`/api/v1/invitations/${accepted.token}/decline`).set(invitee.auth), 409, "CONFLICT");
    expectError(await request(t.app).post(`/api/v1/invitations/${expired.token}/decline`).set(expiredUser.auth), 409, "CONFLICT");
    expectError(await request(t.app).post(`/api/v1/invitations/${revoked.token}/decline`).set(revokedUser.auth), 409, "CONFLICT");
    expect(await dbState(team.workspaceId)).toEqual(before);
    expect(await roleOf(team.workspaceId, invitee.id)).toBe("MEMBER");
  });

  it("answers 404 for unknown tokens and 400 for malformed ones", async () => {
    const u = await registerUser(t.app);
    expectError(await request(t.app).post(`/api/v1/invitations/${crypto.randomBytes(32).toString("base64url")}/decline`).set(u.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/invitations/${"x".repeat(201)}/decline`).set(u.auth), 400, "VALIDATION_ERROR");
  });
});

describe("workspace deletion", () => {
  it("removes its invitations: token and id answer 404 afterwards", async () => {
    const team = await createTeam(t.app, "Studio");
    const invitee = await registerUser(t.app);
    const inv = await invite(team.owner, team.workspaceId, invitee.email);
    await addMember(t.app, team.owner, team.workspaceId, await registerUser(t.app), "VIEWER");
    expect((await request(t.app).delete(`/api/v1/workspaces/${team.workspaceId}`).set(team.owner.auth)).status).toBe(204);
    expect(await t.ctx.db.invitation.count({ where: { workspaceId: team.workspaceId } })).toBe(0);
    expect(await t.ctx.db.membership.count({ where: { workspaceId: team.workspaceId } })).toBe(0);
    expectError(await request(t.app).get(`/api/v1/invitations/${inv.token}`), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/accept`).set(invitee.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).post(`/api/v1/invitations/${inv.token}/decline`).set(invitee.auth), 404, "NOT_FOUND");
    expectError(await request(t.app).delete(`/api/v1/invitations/${inv.id}`).set(team.owner.auth), 404, "NOT_FOUND");
    expect(await t.ctx.db.membership.count({ where: { userId: invitee.id } })).toBe(0);
  });
});
