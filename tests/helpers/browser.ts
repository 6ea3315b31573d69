import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { auditPagesOf } from "./browser-a11y";

export { audit } from "./browser-a11y";

/** The system Chromium (RECIPES: playwright-core never downloads a browser), as found by jest.config.js. */
export const CHROMIUM = process.env.TF_TEST_CHROMIUM || process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Without the background-networking flags Chromium keeps dialling out on this closed network. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where browser tests leave their screenshots. */
export const artifacts = path.resolve(__dirname, "../artifacts");

/** Chromium whose pages are audited for accessibility after every navigation (browser-a11y.ts): a serious violation fails the test. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  fs.mkdirSync(artifacts, { recursive: true });
  return auditPagesOf(await chromium.launch({ executablePath: CHROMIUM, args: ARGS }));
}
