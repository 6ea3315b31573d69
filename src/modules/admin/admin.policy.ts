import type { AppContext } from "../../http/context";
import { roleIn } from "../../access/permissions";

/**
 * Install admins: the emails in ADMIN_EMAILS, and the owners of the install's
 * first workspace (the one the first registered user got).
 */
export async function isInstallAdmin(ctx: AppContext, userId: string): Promise<boolean> {
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return false;
  if (ctx.config.ADMIN_EMAILS.includes(user.email)) return true;
  const first = await ctx.db.workspace.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (!first) return false;
  return (await roleIn(ctx.db, first.id, userId)) === "OWNER";
}
