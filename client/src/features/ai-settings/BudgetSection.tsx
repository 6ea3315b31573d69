import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Section } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { ErrorState } from "../../components/ui/ErrorState";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { PageSpinner } from "../../components/ui/Spinner";
import { ApiError, errorMessage, fieldErrors, formMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import { useAiUsage, useSetAiBudget, type AiBudget } from "./ai-settings.api";
import { currentMonth, formatMoney, monthLabel } from "./format";

const WARN_AT = 0.8;

/** Validates the amount field: a positive number with at most 6 decimals, up to a billion. */
export function parseBudgetAmount(raw: string): { value: number } | { error: string } {
  const v = raw.trim().replace(",", ".");
  if (!v) return { error: "Enter an amount, or remove the budget" };
  if (!/^\d+(\.\d{1,6})?$/.test(v)) return { error: "Enter a positive amount such as 50 or 12.50" };
  const n = Number(v);
  if (n <= 0) return { error: "The budget must be more than 0 (remove it for no limit)" };
  if (n > 1_000_000_000) return { error: "At most 1,000,000,000" };
  return { value: n };
}

/** Spent (and reserved by running calls) against the budget, with the 80 % warning mark. */
function SpendBar({ budget }: { budget: AiBudget }) {
  const currency = budget.currency;
  if (!budget.budget) {
    return (
      <p className="text-sm text-zinc-600">
        No budget: AI calls are not limited by spend. Spent in {monthLabel(budget.month)}: <span className="font-medium text-zinc-900">{formatMoney(budget.spent, currency)}</span>
      </p>
    );
  }
  const amount = budget.budget.amount;
  const used = budget.spent + budget.reserved;
  const ratio = amount > 0 ? used / amount : 1;
  const pct = Math.round(ratio * 100);
  const tone = ratio >= 1 ? "bg-red-500" : ratio >= WARN_AT ? "bg-amber-500" : "bg-indigo-500";
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p className="text-zinc-600">
          <span className="text-lg font-semibold tabular-nums text-zinc-900" data-testid="ai-budget-spent">
            {formatMoney(budget.spent, currency)}
          </span>{" "}
          of <span className="font-medium text-zinc-900">{formatMoney(amount, currency)}</span> spent in {monthLabel(budget.month)}
        </p>
        <p className="tabular-nums text-zinc-500">
          {budget.remaining !== null ? `${formatMoney(budget.remaining, currency)} left` : null} · {pct} %
        </p>
      </div>
      <div
        role="meter"
        aria-label="Budget used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, pct)}
        aria-valuetext={`${pct} % of the budget used`}
        className="relative h-3 overflow-hidden rounded-full bg-zinc-100"
      >
        <div className={cn("h-full rounded-full", tone)} style={{ width: `${Math.min(100, ratio * 100)}%` }} />
        <div className="absolute inset-y-0 w-0.5 bg-zinc-700/60" style={{ left: `${WARN_AT * 100}%` }} aria-hidden />
      </div>
      <div className="relative h-4 text-xs text-zinc-500" aria-hidden>
        <span className="absolute -translate-x-1/2" style={{ left: `${WARN_AT * 100}%` }}>
          80 %
        </span>
      </div>
      {budget.reserved > 0 ? <p className="text-xs text-zinc-500">Includes {formatMoney(budget.reserved, currency)} reserved by calls running now.</p> : null}
      {ratio >= 1 ? (
        <p role="status" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          The budget is spent: AI calls are refused until next month or until an owner raises it.
        </p>
      ) : ratio >= WARN_AT ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Over 80 % of the budget is spent{budget.warnedAt ? ` (owners were notified ${formatDateTime(budget.warnedAt)})` : ""}.
        </p>
      ) : null}
    </div>
  );
}

function BudgetForm({ workspaceId, budget }: { workspaceId: string; budget: AiBudget }) {
  const initial = budget.budget ? String(budget.budget.amount) : "";
  const [amount, setAmount] = useState(initial);
  const [localError, setLocalError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const save = useSetAiBudget(workspaceId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseBudgetAmount(amount);
    if ("error" in parsed) {
      setLocalError(parsed.error);
      return;
    }
    setLocalError(null);
    void save
      .mutateAsync({ amount: parsed.value, currency: budget.currency })
      .then((saved) => toast.success(`Monthly AI budget set to ${formatMoney(saved.budget?.amount ?? parsed.value, saved.currency)}`), (err: unknown) => {
        if (!(err instanceof ApiError && err.code === "VALIDATION_ERROR")) toast.error(errorMessage(err));
      });
  };

  const serverError = save.error instanceof ApiError && save.error.code === "VALIDATION_ERROR" ? save.error : null;
  const dirty = amount.trim() !== initial;
  // The confirmation sits outside the form: React events bubble through portals, and its submit would submit this form too.
  return (
    <>
      <form onSubmit={submit} noValidate className="space-y-4" aria-label="AI budget">
        <FormError message={serverError ? formMessage(serverError, ["amount"]) : null} />
        <Field
          label={`Monthly budget (${budget.currency})`}
          error={localError ?? fieldErrors(serverError).amount}
          hint={`Calls stop with “budget exceeded” once it is spent; owners are notified at 80 %. Amounts are in ${budget.currency}, the currency of the server's price table (AI_CURRENCY). Months are UTC.`}
        >
          <Input
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            placeholder="No budget"
            onChange={(e) => setAmount(e.target.value)}
            className="sm:max-w-[12rem]"
          />
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" loading={save.isPending} disabled={!dirty}>
            Save budget
          </Button>
          {dirty ? (
            <Button variant="ghost" onClick={() => {
                setAmount(initial);
                setLocalError(null);
              }}>
              Reset
            </Button>
          ) : null}
          {budget.budget ? (
            <Button variant="danger-outline" onClick={() => setConfirmRemove(true)}>
              Remove budget
            </Button>
          ) : null}
        </div>
      </form>
      <ConfirmDialog
        open={confirmRemove}
        onOpenChange={setConfirmRemove}
        title="Remove the AI budget?"
        description={`AI calls of this workspace will no longer be limited by spend. The ${formatMoney(budget.spent, budget.currency)} spent this month stays recorded.`}
        confirmLabel="Remove budget"
        onConfirm={async () => {
          await save.mutateAsync({ amount: null, currency: budget.currency });
          setAmount("");
          toast.success("AI budget removed: no spending limit");
        }}
      />
    </>
  );
}

/** The workspace's monthly AI budget: owners edit it, everyone else sees it. Always this month's spend. */
export function BudgetSection({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const usage = useAiUsage(workspaceId, currentMonth());
  const budget = usage.data?.month === currentMonth() ? usage.data.budget : undefined;
  return (
    <Section
      id="ai-budget"
      title="Monthly budget"
      description={canEdit ? "A spending limit for this workspace's AI calls, per calendar month." : "The spending limit for this workspace's AI calls. Only an owner can change it."}
    >
      {usage.isError ? (
        <ErrorState error={usage.error} onRetry={() => void usage.refetch()} title="Couldn't load the budget" />
      ) : !budget ? (
        <PageSpinner label="Loading the budget…" />
      ) : (
        <div className="space-y-5">
          <SpendBar budget={budget} />
          {canEdit ? (
            // Keyed by the saved amount so a newer server copy resets the field.
            <BudgetForm key={budget.budget?.amount ?? "none"} workspaceId={workspaceId} budget={budget} />
          ) : (
            <p className="text-sm text-zinc-600" data-testid="ai-budget-readonly">
              {budget.budget ? `Budget: ${formatMoney(budget.budget.amount, budget.currency)} per month.` : "No budget is set."}
            </p>
          )}
        </div>
      )}
    </Section>
  );
}
