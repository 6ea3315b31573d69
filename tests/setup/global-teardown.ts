import { Client } from "pg";

export default async function globalTeardown() {
  const name = process.env.TF_TEST_DATABASE_NAME;
  if (!name || process.env.TF_KEEP_TEST_DB) return;
  const admin = new Client({ connectionString: process.env.TF_TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
