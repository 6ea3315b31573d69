import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";

/**
 * Accessibility audit of every page a browser test visits (issue 18): axe-core
 * with the WCAG 2.1 A/AA rules; a serious or critical violation fails the test,
 * naming the rule, its impact, the element (selector and HTML) and the help URL.
 *
 * The app's strict CSP (script-src 'self') refuses inline scripts, so axe is not
 * added with a <script> tag: its source goes in through page.evaluate, which
 * playwright runs over the DevTools protocol (Runtime.evaluate), outside the
 * page's CSP. tests/browser/keyboard.browser.test.ts checks that this holds with
 * the CSP header in place.
 */

/** The rule tags of WCAG 2.1 levels A and AA. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** Impacts that fail a test; moderate and minor ones are fixed where cheap but do not fail. */
const FAILING = new Set(["serious", "critical"]);
/** How long a page may keep changing before it is audited anyway. */
const SETTLE_MAX_MS = 5_000;
/** A page counts as settled when its DOM has not changed for this long and no finite animation runs. */
const QUIET_MS = 300;

let axeSource: string | undefined;
function axeScript(): string {
  axeSource ??= fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** One failing rule on one page. */
export interface A11yFailure {
  url: string;
  viewport: string;
  label?: string;
  violation: AxeViolation;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The failure message: per rule, its id, impact and help URL, then each element's selector, HTML and what to fix. */
export function describeFailures(failures: A11yFailure[]): string {
  const lines = [`${failures.length} accessibility violation(s) (axe-core, WCAG 2.1 A/AA):`];
  for (const { url, viewport, label, violation: v } of failures) {
    lines.push("", `• ${v.id} (${v.impact}) on ${url} at ${viewport}${label ? ` [${label}]` : ""}: ${v.help}`, `  ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 6)) {
      lines.push(`  - ${node.target.map(String).join(" >>> ")}`);
      lines.push(`    ${clip(node.html.replace(/\s+/g, " "), 240)}`);
      if (node.failureSummary) lines.push(`    ${clip(node.failureSummary.replace(/\s*\n\s*/g, " / "), 300)}`);
    }
    if (v.nodes.length > 6) lines.push(`  … and ${v.nodes.length - 6} more element(s)`);
  }
  return lines.join("\n");
}

/** Waits (at most SETTLE_MAX_MS) until the DOM has been quiet for QUIET_MS and no finite animation or transition runs. */
async function settle(page: Page): Promise<void> {
  // A string, not a function: the tests compile without the DOM library.
  await page.evaluate(`new Promise((resolve) => {
    const started = performance.now();
    let last = performance.now();
    const observer = new MutationObserver(() => { last = performance.now(); });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const animating = () => document.getAnimations().some((a) =>
      a.playState === "running" && Number.isFinite(a.effect ? a.effect.getComputedTiming().endTime : Infinity));
    const tick = () => {
      const now = performance.now();
      if (now - started > ${SETTLE_MAX_MS} || (now - last >= ${QUIET_MS} && !animating())) {
        observer.disconnect();
        resolve();
      } else setTimeout(tick, 50);
    };
    setTimeout(tick, 50);
  })`);
}

/** Runs axe on the page as it is now; returns its serious and critical violations, and those of the `alsoFail` rules. */
async function runAxe(page: Page, alsoFail: readonly string[] = []): Promise<AxeViolation[]> {
  const loaded = await page.evaluate("typeof window.axe === 'object'");
  if (!loaded) await page.evaluate(axeScript());
  const violations = await page.evaluate<AxeViolation[]>(`window.axe
    .run(document, { runOnly: { type: "tag", values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ["violations"] })
    .then((result) => result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    })))`);
  const fails = (v: AxeViolation) => (v.impact && FAILING.has(v.impact)) || alsoFail.includes(v.id);
  return violations.filter(fails).map(withoutModalBackdrop).filter((v) => v.nodes.length > 0);
}

/**
 * While a Radix dialog, menu or popover is open, the page behind it is hidden
 * from assistive technology with `aria-hidden` (marked `data-aria-hidden`) and
 * focus is trapped inside the open layer, so the hidden links and buttons
 * cannot be reached: axe's `aria-hidden-focus` reports them anyway. Those
 * nodes are dropped; an aria-hidden element that is really focusable (no
 * `data-aria-hidden`) still fails.
 */
function withoutModalBackdrop(v: AxeViolation): AxeViolation {
  if (v.id !== "aria-hidden-focus") return v;
  return { ...v, nodes: v.nodes.filter((n) => !/^<[^>]*\bdata-aria-hidden="true"/.test(n.html)) };
}

/**
 * The violations that are still there a moment later. A page audited mid-way
 * through a state change (a button fading in, a dialog's enter animation, a
 * toast sliding over text) shows colours and layouts no user reads; only what
 * fails on both looks, on the same elements, is reported.
 */
async function steadyViolations(page: Page, alsoFail: readonly string[] = []): Promise<AxeViolation[]> {
  const first = await runAxe(page, alsoFail);
  if (first.length === 0) return first;
  await page.waitForTimeout(700);
  if (page.isClosed()) return [];
  const second = await runAxe(page, alsoFail);
  const seen = new Set(first.flatMap((v) => v.nodes.map((n) => `${v.id} ${JSON.stringify(n.target)}`)));
  return second.map((v) => ({ ...v, nodes: v.nodes.filter((n) => seen.has(`${v.id} ${JSON.stringify(n.target)}`)) })).filter((v) => v.nodes.length > 0);
}

function failuresOf(page: Page, violations: AxeViolation[], label?: string): A11yFailure[] {
  const size = page.viewportSize();
  const viewport = size ? `${size.width}×${size.height}` : "default viewport";
  return violations.map((violation) => ({ url: page.url(), viewport, label, violation }));
}

export interface AuditOptions {
  /** Rules that fail although axe rates them moderate or minor (the page sweep holds the pages to `region` and `heading-order`). */
  alsoFail?: readonly string[];
}

/**
 * Audits the page now (after it settles) and throws on a serious or critical
 * violation: for states reached without a navigation, such as an open dialog,
 * a drawer or a menu. `label` names the state in the message.
 */
export async function audit(page: Page, label?: string, options: AuditOptions = {}): Promise<void> {
  // After the automatic audit in flight, if any: axe runs one audit at a time.
  await tracked.get(page)?.chain;
  await settle(page);
  const failures = failuresOf(page, await steadyViolations(page, options.alsoFail), label);
  if (failures.length) throw new Error(describeFailures(failures));
}

// ---- automatic audits: every page a test visits ----

interface PageAudits {
  /** States already audited on this page: the URL (without the hash) and the dialogs open on it. */
  audited: Set<string>;
  /** The audits in flight, in order. */
  chain: Promise<void>;
}

const tracked = new Map<Page, PageAudits>();
/** Failures of the automatic audits, reported (and cleared) after each test. */
let pending: A11yFailure[] = [];

const keyOf = (url: string) => url.replace(/#.*$/, "");

/** The names of the dialogs open now (a drawer, a confirmation, a popover), in DOM order. */
const OPEN_DIALOGS = `[...document.querySelectorAll("[role=dialog], [role=alertdialog]")]
  .map((d) => d.getAttribute("aria-label") || (d.querySelector("h1, h2, h3") || {}).textContent || d.getAttribute("data-testid") || "dialog")
  .join(" | ")`;

/** What an audit covers: the URL and the dialogs open on it, so the same URL with a dialog open is audited again. */
async function stateKeyOf(page: Page, url: string): Promise<string> {
  return `${keyOf(url)} [${await page.evaluate<string>(OPEN_DIALOGS)}]`;
}

/**
 * Runs in every document of an audited page: calls back (through a binding,
 * which the CSP does not block) when the set of open dialogs changes to a
 * non-empty one, so a dialog or drawer opened without a navigation is audited too.
 */
const WATCH_DIALOGS = `(() => {
  let last = "";
  let timer;
  const check = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = ${OPEN_DIALOGS};
      if (now === last) return;
      last = now;
      if (now && typeof window.__a11yDialogsChanged === "function") window.__a11yDialogsChanged();
    }, 100);
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-label"] });
})()`;

/** Errors of a page or context that closed, or navigated on, while it was being audited. */
function isGone(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /closed|destroyed|navigat|detached|Target page|crashed/i.test(message);
}

function scheduleAudit(page: Page, state: PageAudits, url: string) {
  state.chain = state.chain.then(async () => {
    try {
      if (page.isClosed() || keyOf(page.url()) !== keyOf(url)) return;
      await settle(page);
      // Moved on while settling (a redirect, the test's next click): the next page gets its own audit.
      if (page.isClosed() || keyOf(page.url()) !== keyOf(url)) return;
      const key = await stateKeyOf(page, url);
      if (state.audited.has(key)) return;
      state.audited.add(key);
      const violations = await steadyViolations(page);
      pending.push(...failuresOf(page, violations));
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  });
  // An unexpected error surfaces in flushAudits, not as an unhandled rejection.
  state.chain = state.chain.catch((err: unknown) => {
    pending.push({ url, viewport: "-", violation: { id: "audit-error", impact: "critical", help: String(err), helpUrl: "", nodes: [] } });
  });
}

/** Audits each page of the context after every navigation of its main frame (history pushes included) settles. */
function watchPage(page: Page) {
  if (tracked.has(page)) return;
  const state: PageAudits = { audited: new Set(), chain: Promise.resolve() };
  tracked.set(page, state);
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = frame.url();
    if (!/^https?:/.test(url)) return;
    scheduleAudit(page, state, url);
  });
  page.on("close", () => tracked.delete(page));
  // A test that closes its page right after a navigation still gets that page audited.
  const close = page.close.bind(page);
  page.close = async (options) => {
    await state.chain;
    return close(options);
  };
}

async function watchContext(context: BrowserContext) {
  context.on("page", watchPage);
  for (const page of context.pages()) watchPage(page);
  await context.exposeBinding("__a11yDialogsChanged", ({ page }: { page: Page }) => {
    const state = tracked.get(page);
    if (state && !page.isClosed()) scheduleAudit(page, state, page.url());
  });
  await context.addInitScript(WATCH_DIALOGS);
  const close = context.close.bind(context);
  context.close = async (options) => {
    await Promise.all(context.pages().map((p) => tracked.get(p)?.chain));
    return close(options);
  };
}

/** Makes every context and page of this browser audit the pages it visits (launchBrowser calls it). */
export function auditPagesOf(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  // Browser.newPage opens its context through this.newContext, so both ways are covered.
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchContext(context);
    return context;
  };
  return browser;
}

/** Waits for the audits in flight and throws the failures found since the last call. */
export async function flushAudits(): Promise<void> {
  await Promise.all([...tracked.values()].map((s) => s.chain));
  const failures = pending;
  pending = [];
  if (failures.length) throw new Error(describeFailures(failures));
}

// Every test of a file that uses the browser helpers fails on the violations its pages showed.
if (typeof afterEach === "function") {
  afterEach(async () => {
    await flushAudits();
  }, 60_000);
}
