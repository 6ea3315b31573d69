// Prisma CLI configuration: WebAssembly schema engine + pg driver adapter, so no
// engine binary is ever downloaded (see shared RECIPES "Prisma without downloaded engines").
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Every prisma command needs DATABASE_URL, even `generate`; a placeholder is fine there.
// Empty counts as unset (as everywhere in TeamFlow: embedded mode), as a compose file or
// systemd unit often leaves it: with `DATABASE_URL=` prisma would try to download an engine.
if (!process.env.DATABASE_URL?.trim()) process.env.DATABASE_URL = "postgresql://placeholder@127.0.0.1:5432/placeholder";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL! });
  },
});
