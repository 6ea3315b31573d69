import { useEffect, useRef } from "react";

/**
 * Gives the focus back to the control that opened a dialog or drawer when it
 * closes (WCAG 2.4.3), also when the page unmounts the dialog instead of
 * closing it. Radix returns the focus only to the element focused when the
 * dialog mounted, and only if that element is still there: a menu item (gone
 * with its menu) or a card re-rendered by a live update leave the focus on
 * <body>, and a keyboard user starts again from the top of the page.
 *
 * `open` is the dialog's open state (true for dialogs that are mounted only
 * while open). The focus is only moved when it was lost: a dialog that hands
 * the focus on to something else (the next dialog, a new row) keeps that.
 */
export function useReturnFocus(open: boolean): void {
  const opener = useRef<Opener | null>(null);
  const wasOpen = useRef(false);
  // Captured while rendering: the dialog's own autofocus has not moved the focus yet.
  if (open && !wasOpen.current && typeof document !== "undefined") opener.current = openerOf(document.activeElement);
  wasOpen.current = open;

  useEffect(() => {
    if (open || !opener.current) return;
    restoreFocus(opener.current);
    opener.current = null;
  }, [open]);

  useEffect(
    () => () => {
      if (opener.current) restoreFocus(opener.current);
    },
    [],
  );
}

/** The opener, and how to find it again if it is re-rendered while the dialog is open. */
interface Opener {
  element: HTMLElement;
  selector: string | null;
}

function openerOf(active: Element | null): Opener | null {
  if (!(active instanceof HTMLElement) || active === document.body) return null;
  // A menu item closes with its menu: the menu's trigger opened it, as far as the user is concerned.
  const menu = active.closest<HTMLElement>("[role=menu][aria-labelledby]");
  const trigger = menu ? document.getElementById(menu.getAttribute("aria-labelledby") ?? "") : null;
  const element = trigger ?? active;
  return { element, selector: selectorOf(element) };
}

/** A selector that finds the same control after a re-render: its id, or a task card's task id. */
function selectorOf(element: HTMLElement): string | null {
  if (element.id) return `#${CSS.escape(element.id)}`;
  const taskId = element.dataset.taskId;
  if (taskId) return `[data-task-id="${CSS.escape(taskId)}"]`;
  return null;
}

const focusIsLost = () => !document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected;

/**
 * After Radix's own focus return (a timeout it starts on unmount: two timeouts
 * run after it whatever order the effects were cleaned up in), and only if that
 * left the focus nowhere.
 */
function restoreFocus({ element, selector }: Opener): void {
  setTimeout(() =>
    setTimeout(() => {
      if (!focusIsLost()) return;
      const target = element.isConnected ? element : selector ? document.querySelector<HTMLElement>(selector) : null;
      target?.focus();
    }, 0),
  );
}
