import { envelope, idParams, listEnvelope } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import * as invitations from "./invitations.service";
import * as workspaces from "./workspaces.service";
import { presentInvitation, presentMember, presentWorkspace } from "./workspaces.presenter";
import {
  acceptedInvitation,
  createdInvitation,
  createInvitationBody,
  createWorkspaceBody,
  invitation,
  invitationPreview,
  listInvitationsQuery,
  listMembersQuery,
  listWorkspacesQuery,
  member,
  memberParams,
  tokenParams,
  updateMemberBody,
  updateWorkspaceBody,
  workspace,
  workspaceDetail,
  workspaceParams,
} from "./workspaces.schema";

const tags = ["Workspaces"];
const memberTags = ["Members"];
const inviteTags = ["Invitations"];

export function workspaceRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/workspaces",
      summary: "List the workspaces I belong to",
      tags,
      auth: "required",
      request: { query: listWorkspacesQuery },
      responses: { 200: { description: "Workspaces with my role", schema: listEnvelope(workspace) } },
      handler: async ({ req, auth, query }) => {
        const { total, rows } = await workspaces.listWorkspaces(ctx, auth.userId, query);
        return ok(
          rows.map((m) => presentWorkspace(m.workspace, m.role)),
          pageMeta(req, query, total),
        );
      },
    }),
    defineRoute({
      method: "post",
      path: "/workspaces",
      summary: "Create a workspace (I become its owner)",
      tags,
      auth: "required",
      request: { body: createWorkspaceBody },
      responses: { 201: { description: "Created", schema: envelope(workspace) }, 409: { description: "Too many owned workspaces" } },
      handler: async ({ auth, body }) => created(presentWorkspace(await workspaces.createWorkspace(ctx, auth.userId, body.name), "OWNER")),
    }),
    defineRoute({
      method: "get",
      path: "/workspaces/:id",
      summary: "Get a workspace",
      tags,
      auth: "required",
      request: { params: workspaceParams },
      responses: { 200: { description: "Workspace", schema: envelope(workspaceDetail) } },
      handler: async ({ auth, params }) => {
        const r = await workspaces.getWorkspace(ctx, auth.userId, params.id);
        return ok({ ...presentWorkspace(r.workspace, r.role), memberCount: r.memberCount });
      },
    }),
    defineRoute({
      method: "patch",
      path: "/workspaces/:id",
      summary: "Rename a workspace (owner) or change its settings (admin+: holdExpiryHours)",
      description: "Send `version` (or an If-Match header) to fail with 409 if someone changed it meanwhile. `holdExpiryHours` is the default length of new holds (null = they never expire by default).",
      tags,
      auth: "required",
      request: { params: workspaceParams, body: updateWorkspaceBody },
      responses: { 200: { description: "Updated", schema: envelope(workspace) }, 409: { description: "Stale version; body has the current workspace" } },
      handler: async ({ req, auth, params, body }) => {
        const version = requestedVersion(req, body.version);
        const r = await workspaces.updateWorkspace(ctx, auth.userId, params.id, { name: body.name, holdExpiryHours: body.holdExpiryHours, version });
        return ok(presentWorkspace(r.workspace, r.role));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/workspaces/:id",
      summary: "Delete a workspace and everything in it (owner)",
      tags,
      auth: "required",
      request: { params: workspaceParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await workspaces.deleteWorkspace(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/workspaces/:id/members",
      summary: "List members",
      tags: memberTags,
      auth: "required",
      request: { params: workspaceParams, query: listMembersQuery },
      responses: { 200: { description: "Members", schema: listEnvelope(member) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await workspaces.listMembers(ctx, auth.userId, params.id, query);
        return ok(rows.map(presentMember), pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "patch",
      path: "/workspaces/:id/members/:userId",
      summary: "Change a member's role (owner/admin; only owners grant OWNER)",
      tags: memberTags,
      auth: "required",
      request: { params: memberParams, body: updateMemberBody },
      responses: { 200: { description: "Updated member", schema: envelope(member) }, 409: { description: "Would leave the workspace without an owner" } },
      handler: async ({ auth, params, body }) => ok(presentMember(await workspaces.changeRole(ctx, auth.userId, params.id, params.userId, body.role))),
    }),
    defineRoute({
      method: "delete",
      path: "/workspaces/:id/members/:userId",
      summary: "Remove a member, or leave (your own user id)",
      tags: memberTags,
      auth: "required",
      request: { params: memberParams },
      responses: { 204: { description: "Removed" }, 409: { description: "Would leave the workspace without an owner" } },
      handler: async ({ auth, params }) => {
        await workspaces.removeMember(ctx, auth.userId, params.id, params.userId);
        return noContent();
      },
    }),
    defineRoute({
      method: "post",
      path: "/workspaces/:id/invitations",
      summary: "Invite someone by email (owner/admin)",
      description: "The response carries `acceptUrl`, the link to share; it is never shown again.",
      tags: inviteTags,
      auth: "required",
      request: { params: workspaceParams, body: createInvitationBody },
      responses: { 201: { description: "Invitation created", schema: envelope(createdInvitation) }, 409: { description: "Already a member or already invited" } },
      handler: async ({ auth, params, body }) => {
        const r = await invitations.createInvitation(ctx, auth.userId, params.id, body);
        return created({ ...presentInvitation(r.invitation, ctx.now()), acceptUrl: r.acceptUrl });
      },
    }),
    defineRoute({
      method: "get",
      path: "/workspaces/:id/invitations",
      summary: "List invitations (owner/admin)",
      tags: inviteTags,
      auth: "required",
      request: { params: workspaceParams, query: listInvitationsQuery },
      responses: { 200: { description: "Invitations", schema: listEnvelope(invitation) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await invitations.listInvitations(ctx, auth.userId, params.id, query);
        const now = ctx.now();
        return ok(rows.map((i) => presentInvitation(i, now)), pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "delete",
      path: "/invitations/:id",
      summary: "Revoke a pending invitation (owner/admin)",
      tags: inviteTags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Revoked" }, 409: { description: "Not pending any more" } },
      handler: async ({ auth, params }) => {
        await invitations.revokeInvitation(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/invitations/:token",
      summary: "Preview an invitation by its token (no sign-in needed)",
      tags: inviteTags,
      auth: "none",
      request: { params: tokenParams },
      responses: { 200: { description: "Invitation", schema: envelope(invitationPreview) } },
      handler: async ({ params }) => {
        const { invitation: i, status } = await invitations.previewInvitation(ctx, params.token);
        return ok({
          workspace: { id: i.workspace.id, name: i.workspace.name },
          email: i.email,
          role: i.role,
          invitedBy: i.invitedBy,
          expiresAt: i.expiresAt.toISOString(),
          status,
        });
      },
    }),
    defineRoute({
      method: "post",
      path: "/invitations/:token/accept",
      summary: "Accept an invitation (signed in with the invited email)",
      tags: inviteTags,
      auth: "required",
      request: { params: tokenParams },
      responses: { 200: { description: "Joined", schema: envelope(acceptedInvitation) }, 409: { description: "Expired, revoked or declined" } },
      handler: async ({ auth, params }) => {
        const r = await invitations.acceptInvitation(ctx, auth.userId, auth.email, params.token);
        return ok({ workspace: { id: r.workspace.id, name: r.workspace.name, slug: r.workspace.slug, role: r.role } });
      },
    }),
    defineRoute({
      method: "post",
      path: "/invitations/:token/decline",
      summary: "Decline an invitation",
      tags: inviteTags,
      auth: "required",
      request: { params: tokenParams },
      responses: { 204: { description: "Declined" }, 409: { description: "Already accepted, expired or revoked" } },
      handler: async ({ auth, params }) => {
        await invitations.declineInvitation(ctx, auth.email, params.token);
        return noContent();
      },
    }),
  ];
}
