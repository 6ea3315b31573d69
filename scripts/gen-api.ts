/**
 * `npm run gen:api`: writes the web app's API types (client/src/lib/api-schema.d.ts)
 * from the server's own OpenAPI document, built from the route definitions in
 * memory — no server, database or Redis needed (the handlers never run).
 *
 *   tsx scripts/gen-api.ts           regenerate the file (says so when it changed)
 *   tsx scripts/gen-api.ts --check   fail, without writing, when the committed file is not current
 *   tsx scripts/gen-api.ts --json    print the OpenAPI document instead
 *
 * `npm run typecheck` regenerates (with --check under CI=true) before checking
 * the client, so a client that disagrees with the API fails to typecheck.
 */
import fs from "node:fs";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { parseEnv } from "../src/config/env";
import { apiRoutes } from "../src/http/app";
import type { AppContext } from "../src/http/context";
import { buildOpenApiDocument } from "../src/http/openapi";

const OUT = path.resolve(__dirname, "../client/src/lib/api-schema.d.ts");

const HEADER = `/**
 * GENERATED FILE — do not edit. The API's types, from the server's OpenAPI document
 * (src/http/openapi.ts over the route definitions), by openapi-typescript.
 * Regenerate with \`npm run gen:api\` (\`npm run typecheck\` does it too) and commit the result.
 */
`;

/** The document as /openapi.json serves it. Building the route list only reads config and secrets; nothing connects. */
export function openApiDocument() {
  const config = parseEnv({ NODE_ENV: "production", JWT_SECRET: "x".repeat(32), ENCRYPTION_KEY: "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=", APP_URL: "http://localhost:3000" });
  const ctx = { config, secrets: { jwtSecret: config.JWT_SECRET! } } as unknown as AppContext;
  return buildOpenApiDocument(apiRoutes(ctx), config.APP_URL);
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const doc = openApiDocument();
  if (args.has("--json")) {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  const ast = await openapiTS(JSON.parse(JSON.stringify(doc)), { alphabetize: false, exportType: false });
  const source = HEADER + astToString(ast);
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : null;
  const rel = path.relative(process.cwd(), OUT);
  if (current === source) return;
  if (args.has("--check") || process.env.CI === "true") {
    console.error(`${rel} is out of date with the API's OpenAPI document: run \`npm run gen:api\` and commit it.`);
    process.exit(1);
  }
  fs.writeFileSync(OUT, source);
  console.log(`Updated ${rel} from the API's OpenAPI document; commit it.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
