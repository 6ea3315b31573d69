import type { Express } from "express";
import { addMember, createWorkspace, registerUser, type TestUser } from "./app";

/** One workspace with a user of each role (each with `auth` headers), and one who is not in it. */
export interface Team {
  workspaceId: string;
  owner: TestUser;
  admin: TestUser;
  member: TestUser;
  viewer: TestUser;
  /** Registered, but not a member of the workspace. */
  outsider: TestUser;
}

/**
 * A fresh workspace (named `name`) of Olive Owner, joined through real
 * invitations, in this order, by Adam Admin (ADMIN), Mia Member (MEMBER) and
 * Vic Viewer (VIEWER); Otto Outsider is registered only.
 */
export async function createTeam(app: Express, name = "Team"): Promise<Team> {
  const [owner, admin, member, viewer, outsider] = await Promise.all([
    registerUser(app, { name: "Olive Owner" }),
    registerUser(app, { name: "Adam Admin" }),
    registerUser(app, { name: "Mia Member" }),
    registerUser(app, { name: "Vic Viewer" }),
    registerUser(app, { name: "Otto Outsider" }),
  ]);
  const workspaceId = await createWorkspace(app, owner, name);
  await addMember(app, owner, workspaceId, admin, "ADMIN");
  await addMember(app, owner, workspaceId, member, "MEMBER");
  await addMember(app, owner, workspaceId, viewer, "VIEWER");
  return { workspaceId, owner, admin, member, viewer, outsider };
}
