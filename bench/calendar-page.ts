/**
 * The bookings calendar page in a real browser (SPEC §8: 100 artists × a month
 * with 2,000 bookings renders in < 1 s): seeds a workspace through the API,
 * opens the month view in headless Chromium, and records
 *  - time to the first rendered grid (first booking bar in the DOM, from the
 *    navigation start of the page, in the page's own clock), and from the
 *    test's `goto` to the same point (wall clock, includes sign-in redirects);
 *  - scrolling the grid to the bottom and right: frame times (p95, worst) and
 *    long tasks (count, total blocking time) from a PerformanceObserver;
 *  - how many rows the virtualised grid keeps in the DOM (of 100).
 * Measures; never asserts. To be wired into bench/bench.ts as
 * `await calendarPage(url, record)` after the server is up.
 */
import fs from "node:fs";
import { launchBrowser } from "../tests/helpers/browser";
import type { Page } from "playwright-core";

type Record = (figure: string, value: string, budget: string, ok?: boolean) => void;

const ARTISTS = 100;
const BOOKINGS_PER_ARTIST = 20;
/** A month far enough ahead that holds do not expire during the run; June 2027 has 22 weekdays. */
const YEAR = 2027;
const MONTH = 5; // June (0-based)

async function call<T>(baseUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 429 && attempt < 20) {
      await new Promise((r) => setTimeout(r, 1000 * Math.max(1, Number(res.headers.get("retry-after")) || 1)));
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
  }
}

/** Runs `jobs` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, run: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Seeds 100 artists (Mon–Fri 09–17 UTC) and 2,000 bookings (one working day each, mixed statuses) in a new workspace. */
export async function seedCalendar(baseUrl: string): Promise<{ email: string; password: string; workspaceId: string }> {
  const stamp = Date.now();
  const email = `bench-calendar-${stamp}@example.com`;
  const password = "Bench-calendar-4242";
  const session = await call<{ accessToken: string }>(baseUrl, "POST", "/auth/register", null, { name: "Bench Producer", email, password });
  const token = session.accessToken;
  const workspace = await call<{ id: string }>(baseUrl, "POST", "/workspaces", token, { name: `Calendar bench ${stamp}` });
  const project = await call<{ id: string }>(baseUrl, "POST", `/workspaces/${workspace.id}/projects`, token, { name: "Bench feature film", key: "BNC" });
  const skills = ["Animation", "Compositing", "Lighting", "Rigging", "Modelling", "Colour"];
  const colors = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#ec4899", "#8b5cf6", "#64748b"];
  const artists: string[] = [];
  await pool(
    Array.from({ length: ARTISTS }, (_, i) => i),
    8,
    async (i) => {
      const a = await call<{ id: string }>(baseUrl, "POST", `/workspaces/${workspace.id}/artists`, token, {
        name: `Artist ${String(i + 1).padStart(3, "0")}`,
        timezone: "UTC",
        color: colors[i % colors.length],
        skills: [skills[i % skills.length], skills[(i + 2) % skills.length]],
      });
      await call(baseUrl, "PUT", `/artists/${a.id}/working-hours`, token, [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })));
      artists[i] = a.id;
    },
  );
  const weekdays: number[] = [];
  for (let d = 1; d <= 30; d++) {
    const day = new Date(Date.UTC(YEAR, MONTH, d)).getUTCDay();
    if (day !== 0 && day !== 6) weekdays.push(d);
  }
  const statuses = ["CONFIRMED", "PENCIL", "HOLD"] as const;
  const bookings = artists.flatMap((artistId, i) =>
    Array.from({ length: BOOKINGS_PER_ARTIST }, (_, k) => {
      const day = weekdays[(k + i) % weekdays.length]!;
      return {
        artistId,
        title: `Shot ${i + 1}-${k + 1}`,
        projectId: k % 2 ? project.id : undefined,
        start: new Date(Date.UTC(YEAR, MONTH, day, 9)).toISOString(),
        end: new Date(Date.UTC(YEAR, MONTH, day, 17)).toISOString(),
        status: statuses[(i + k) % statuses.length],
      };
    }),
  );
  await pool(bookings, 8, (b) => call(baseUrl, "POST", `/workspaces/${workspace.id}/bookings`, token, b));
  return { email, password, workspaceId: workspace.id };
}

/**
 * Scrolls `[data-testid="calendar-scroll"]` to its bottom-right corner, 90 px down and 40 px
 * right per animation frame, and returns the frame intervals and long tasks on the page's clock.
 */
async function scrollFrames(page: Page): Promise<{ frames: number[]; long: number[]; ms: number }> {
  return (await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('[data-testid="calendar-scroll"]');
      const long = [];
      const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) long.push(e.duration); });
      try { observer.observe({ type: "longtask" }); } catch {}
      const frames = [];
      let last = performance.now();
      const started = last;
      const stepY = 90, stepX = 40;
      const tick = (now) => {
        frames.push(now - last);
        last = now;
        const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
        const atRight = el.scrollLeft + el.clientWidth >= el.scrollWidth - 1;
        if (atBottom && atRight) {
          setTimeout(() => {
            observer.disconnect();
            resolve({ frames: frames.slice(1), long, ms: performance.now() - started });
          }, 100);
          return;
        }
        el.scrollTop += stepY;
        el.scrollLeft += stepX;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })`)) as { frames: number[]; long: number[]; ms: number };
}

/**
 * The same scroll over a plain page of the same size (one gradient block, the grid's
 * dimensions): what this machine's headless Chromium gives any page, the frame times'
 * same-run baseline (SPEC §8: budgets are ratios).
 */
async function plainPageFrames(page: Page, width: number, height: number): Promise<number> {
  await page.setContent(`<div data-testid="calendar-scroll" style="overflow:auto;height:100vh"><div style="width:${width}px;height:${height}px;background:linear-gradient(135deg,#eef,#fee)"></div></div>`);
  const { frames } = await scrollFrames(page);
  return pct([...frames].sort((a, b) => a - b), 0.95);
}

export interface CalendarPageFigures {
  /** Frame p95 of the same scroll over a plain page of the grid's size (same browser, same run). */
  plainFrameP95Ms: number;
  firstGridMs: number;
  /** When the calendar API's answer had been received (page clock). */
  calendarResponseMs: number;
  gotoToGridMs: number;
  rowsInDom: number;
  frameP95Ms: number;
  frameMaxMs: number;
  /** Which frame of the scroll was the worst (1-based), of how many. */
  worstFrame: { at: number; of: number };
  longTasks: number;
  blockingMs: number;
  scrollMs: number;
}

/** Opens the seeded month in Chromium and measures it (see the file comment). */
export async function measureCalendarPage(baseUrl: string, seeded: { email: string; password: string; workspaceId: string }): Promise<CalendarPageFigures> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "UTC" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Email").fill(seeded.email);
    await page.getByLabel("Password", { exact: true }).fill(seeded.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/w\//, { timeout: 30_000 });

    // The moment the first bar is in the DOM, on the page's own clock (from its navigation start).
    await page.addInitScript(`
      window.__firstBar = null;
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="booking-bar"]')) { window.__firstBar = performance.now(); observer.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    `);
    const url = `${baseUrl}/w/${seeded.workspaceId}/bookings?zoom=month&date=${YEAR}-${String(MONTH + 1).padStart(2, "0")}-01`;
    const t0 = Date.now();
    await page.goto(url);
    await page.locator('[data-testid="booking-bar"]').first().waitFor({ timeout: 60_000 });
    const gotoToGridMs = Date.now() - t0;
    const firstGridMs = (await page.evaluate("window.__firstBar")) as number;
    // When the calendar answer had arrived: what is left of firstGridMs is the browser's work on it.
    const calendarResponseMs = (await page.evaluate(
      `(performance.getEntriesByType("resource").find((e) => e.name.includes("/calendar?")) || { responseEnd: 0 }).responseEnd`,
    )) as number;
    const rowsInDom = (await page.locator('[data-testid="artist-row"]').count()) as number;

    // BENCH_CALENDAR_PROFILE=file.cpuprofile: the page's JavaScript CPU profile during the scroll (open in Chrome DevTools).
    const profileTo = process.env.BENCH_CALENDAR_PROFILE;
    const cdp = profileTo ? await context.newCDPSession(page) : null;
    if (cdp) await cdp.send("Profiler.enable").then(() => cdp.send("Profiler.start"));
    // BENCH_CALENDAR_TRACE=file.json: a Chromium performance trace of the scroll (style, layout, paint, raster; open in DevTools' Performance panel).
    const traceTo = process.env.BENCH_CALENDAR_TRACE;
    if (traceTo) await browser.startTracing(page, { path: traceTo, screenshots: false, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame", "blink", "cc", "gpu", "viz"] });
    const scroll = await scrollFrames(page);
    if (traceTo) await browser.stopTracing();
    if (cdp && profileTo) fs.writeFileSync(profileTo, JSON.stringify((await cdp.send("Profiler.stop")).profile));
    const frames = [...scroll.frames].sort((a, b) => a - b);
    const size = (await page.evaluate(`(() => { const el = document.querySelector('[data-testid="calendar-scroll"]'); return [el.scrollWidth, el.scrollHeight]; })()`)) as [number, number];
    const plainFrameP95Ms = await plainPageFrames(page, size[0], size[1]);
    await context.close();
    return {
      plainFrameP95Ms,
      firstGridMs,
      calendarResponseMs,
      gotoToGridMs,
      rowsInDom,
      frameP95Ms: pct(frames, 0.95),
      frameMaxMs: frames[frames.length - 1] ?? 0,
      worstFrame: { at: scroll.frames.indexOf(Math.max(...scroll.frames)) + 1, of: scroll.frames.length },
      longTasks: scroll.long.length,
      blockingMs: scroll.long.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
      scrollMs: scroll.ms,
    };
  } finally {
    await browser.close();
  }
}

/** Seeds, measures and records the calendar page's figures next to SPEC §8's budget. */
export async function calendarPage(baseUrl: string, record: Record): Promise<CalendarPageFigures> {
  const seeded = await seedCalendar(baseUrl);
  const f = await measureCalendarPage(baseUrl, seeded);
  record("calendar page: month, 100 artists × 2,000 bookings: first grid render (page clock)", `${Math.round(f.firstGridMs)} ms (calendar answer at ${Math.round(f.calendarResponseMs)} ms, so ${Math.round(f.firstGridMs - f.calendarResponseMs)} ms rendering; goto → grid ${f.gotoToGridMs} ms)`, "< 1000 ms", f.firstGridMs < 1000);
  record("calendar page: rows in the DOM (virtualised, of 100)", String(f.rowsInDom), "—");
  record("baseline: the same scroll over a plain page of the grid's size", `frame p95 ${f.plainFrameP95Ms.toFixed(1)} ms`, "—");
  record(
    "calendar page: scroll to bottom-right, frame times",
    `p95 ${f.frameP95Ms.toFixed(1)} ms (${(f.frameP95Ms / f.plainFrameP95Ms).toFixed(2)} × plain page), worst ${f.frameMaxMs.toFixed(1)} ms (frame ${f.worstFrame.at} of ${f.worstFrame.of}), ${f.longTasks} long tasks (${Math.round(f.blockingMs)} ms blocking) over ${Math.round(f.scrollMs)} ms`,
    // Frame intervals come in whole display frames (16.7 ms at 60 Hz), give or take a tenth of a millisecond of
    // requestAnimationFrame jitter: two frames measured 33.3 or 33.4 ms alike. 30 fps is "at most two frames".
    "p95 ≤ 2 frames (33.3 ms ± jitter: 30 fps), or no slower than the plain page where the machine itself is slower",
    f.frameP95Ms <= Math.max(2 * (1000 / 60) + 0.5, f.plainFrameP95Ms * 1.05),
  );
  return f;
}
