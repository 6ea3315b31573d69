import { TriangleAlert } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { CopyField } from "../../components/ui/CopyField";
import { Dialog } from "../../components/ui/Dialog";
import type { WebhookWithSecret } from "./webhooks.api";

/** The secret of a new or rotated webhook, shown this one time. */
export function SecretDialog({ hook, onClose, rotated }: { hook: WebhookWithSecret | null; onClose: () => void; rotated: boolean }) {
  return (
    <Dialog
      open={hook !== null}
      onOpenChange={(next) => !next && onClose()}
      title={rotated ? "Copy the new signing secret" : "Copy the signing secret"}
      description={hook?.url}
      footer={<Button onClick={onClose}>I've copied it</Button>}
    >
      <div className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="alert">
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        <p>
          This is the only time the secret is shown. Your receiver needs it to check <code className="font-mono">X-TeamFlow-Signature</code>
          {rotated ? "; the old secret no longer signs anything." : "."}
        </p>
      </div>
      {hook ? <CopyField value={hook.secret} label="Signing secret" testId="webhook-secret" /> : null}
    </Dialog>
  );
}
