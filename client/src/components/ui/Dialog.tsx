import * as RadixDialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { cn } from "../../lib/cn";
import { Button } from "./Button";
import { Input } from "./Input";
import { Field, FormError } from "./Field";
import { errorMessage } from "../../lib/api";
import { useReturnFocus } from "./return-focus";

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons row; put the primary action last. */
  footer?: ReactNode;
  size?: "sm" | "md";
  /** Render the body inside a form; the submit button in the footer submits it. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** Prevent closing while a request runs. */
  busy?: boolean;
}

export function Dialog({ open, onOpenChange, title, description, children, footer, size = "md", onSubmit, busy }: DialogProps) {
  // Opened from state (no Radix trigger), the dialog would hand the focus to <body> on close:
  // keyboard users go back to the control that opened it (WCAG 2.4.3).
  const returnTo = useRef<HTMLElement | null>(null);
  // Pages that unmount the dialog instead of closing it, and openers gone by then (a menu item).
  useReturnFocus(open);
  const body = (
    <>
      <div className="px-5 pr-12 pt-5">
        <div className="min-w-0">
          <RadixDialog.Title className="text-base font-semibold text-zinc-900">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1 text-sm text-zinc-600">{description}</RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="sr-only">{typeof title === "string" ? title : "Dialog"}</RadixDialog.Description>
          )}
        </div>
      </div>
      {children ? <div className="space-y-4 px-5 py-4">{children}</div> : <div className="h-4" />}
      {footer ? (
        <div className="flex flex-col-reverse gap-2 border-t border-zinc-100 bg-zinc-50/70 px-5 py-3 sm:flex-row sm:justify-end">
          {footer}
        </div>
      ) : null}
    </>
  );

  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => (busy && !next ? undefined : onOpenChange(next))}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 backdrop-blur-[1px] data-[state=open]:animate-[fade-in_150ms_ease-out]" />
        <RadixDialog.Content
          onOpenAutoFocus={() => {
            returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onCloseAutoFocus={(event) => {
            const opener = returnTo.current;
            if (opener?.isConnected) {
              event.preventDefault();
              opener.focus();
            }
          }}
          className={cn(
            "fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto",
            "rounded-xl bg-white shadow-xl ring-1 ring-zinc-900/10 focus:outline-none data-[state=open]:animate-[dialog-in_150ms_ease-out]",
            size === "sm" ? "max-w-md" : "max-w-lg",
          )}
        >
          {onSubmit ? (
            <form
              onSubmit={(event) => {
                // The dialog is portalled, but React events bubble through the component tree: without
                // this, a dialog opened from inside another form would submit that form too.
                event.stopPropagation();
                onSubmit(event);
              }}
              noValidate
            >
              {body}
            </form>
          ) : (
            body
          )}
          {/* Last in the DOM so opening the dialog focuses its first field, not this. */}
          <RadixDialog.Close
            disabled={busy}
            className="absolute right-3 top-3 rounded-lg p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
            aria-label="Close"
          >
            <X className="size-4" aria-hidden />
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  /** Destructive actions get a red button. */
  tone?: "danger" | "default";
  /** When set, the user must type this text to enable the confirm button. */
  requireText?: string;
  /** Runs the action; the dialog closes when it resolves and shows the error when it throws. */
  onConfirm: () => Promise<unknown> | unknown;
  children?: ReactNode;
}

export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, tone = "danger", requireText, onConfirm, children }: ConfirmDialogProps) {
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = (next: boolean) => {
    if (!next) {
      setTyped("");
      setError(null);
    }
    onOpenChange(next);
  };

  const matches = !requireText || typed.trim() === requireText;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      reset(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={reset}
      title={title}
      description={description}
      size="sm"
      busy={busy}
      onSubmit={submit}
      footer={
        <>
          <Button variant="secondary" onClick={() => reset(false)} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant={tone === "danger" ? "danger" : "primary"} loading={busy} disabled={!matches}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {requireText ? (
        <Field
          label={
            <>
              Type <span className="font-mono font-semibold text-zinc-900">{requireText}</span> to confirm
            </>
          }
        >
          <Input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} autoFocus />
        </Field>
      ) : null}
      <FormError message={error} />
    </Dialog>
  );
}
