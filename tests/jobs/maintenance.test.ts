import crypto from "node:crypto";
import { pruneActivityJob } from "../../src/modules/activity";
import { purgeSessionsJob } from "../../src/modules/auth";
import { purgeInvitationsJob } from "../../src/modules/workspaces";
import { createTestApp, createWorkspace, registerUser, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { ACTIVITY_RETENTION_DAYS: "30" } });
});
afterAll(() => t.close());

const daysAgo = (d: number) => new Date(Date.now() - d * 86400_000);

describe("maintenance jobs", () => {
  it("purge old sessions and invitations, prune old activity, keep recent ones", async () => {
    const u = await registerUser(t.app);
    const ws = await createWorkspace(t.app, u);
    const fam = crypto.randomUUID();
    const old = await t.ctx.db.session.create({ data: { userId: u.id, familyId: fam, tokenHash: `old-${fam}`, expiresAt: daysAgo(40) } });
    const recent = await t.ctx.db.session.create({ data: { userId: u.id, familyId: fam, tokenHash: `recent-${fam}`, expiresAt: daysAgo(2) } });
    const oldInvite = await t.ctx.db.invitation.create({ data: { workspaceId: ws, email: "old@example.com", role: "MEMBER", tokenHash: `i-${fam}`, expiresAt: daysAgo(40) } });
    const liveInvite = await t.ctx.db.invitation.create({ data: { workspaceId: ws, email: "new@example.com", role: "MEMBER", tokenHash: `j-${fam}`, expiresAt: daysAgo(-5) } });
    const oldAct = await t.ctx.db.activity.create({ data: { workspaceId: ws, entityType: "workspace", entityId: ws, action: "updated", createdAt: daysAgo(31) } });
    const newAct = await t.ctx.db.activity.create({ data: { workspaceId: ws, entityType: "workspace", entityId: ws, action: "updated" } });

    await purgeSessionsJob(t.ctx).perform({}, { attempt: 1, jobId: "x" });
    await purgeInvitationsJob(t.ctx).perform({}, { attempt: 1, jobId: "x" });
    await pruneActivityJob(t.ctx).perform({}, { attempt: 1, jobId: "x" });

    expect(await t.ctx.db.session.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await t.ctx.db.session.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect(await t.ctx.db.invitation.findUnique({ where: { id: oldInvite.id } })).toBeNull();
    expect(await t.ctx.db.invitation.findUnique({ where: { id: liveInvite.id } })).not.toBeNull();
    expect(await t.ctx.db.activity.findUnique({ where: { id: oldAct.id } })).toBeNull();
    expect(await t.ctx.db.activity.findUnique({ where: { id: newAct.id } })).not.toBeNull();
  });
});
