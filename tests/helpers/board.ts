import type { Locator, Page } from "playwright-core";
import { eventually } from "./eventually";

/** How long a board may take to show a change (refetches, live updates). */
const BOARD_TIMEOUT = 30_000;

/** A kanban column by its name ("To do", "In progress", …). */
export const column = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

/** The card of the task with this title, in a column or anywhere on the page. */
export const card = (scope: Page | Locator, title: string) => scope.getByTestId("task-card").filter({ hasText: title });

/** The card titles of a column, top to bottom. */
export const titlesIn = (page: Page, name: string) => column(page, name).getByTestId("task-card").locator("p").allTextContents();

/** Waits until a column shows exactly these cards in this order (it changes through refetches, not at once). */
export async function expectColumn(page: Page, name: string, titles: string[]) {
  await eventually(
    async () => {
      const seen = await titlesIn(page, name);
      if (JSON.stringify(seen) !== JSON.stringify(titles)) throw new Error(`Column "${name}" shows ${JSON.stringify(seen)}, expected ${JSON.stringify(titles)}`);
    },
    { what: `column "${name}" to show ${JSON.stringify(titles)}`, timeoutMs: BOARD_TIMEOUT, intervalMs: 100 },
  );
}
