import type { AppContext } from "../../http/context";
import { aiRuntime, type ProviderStatus } from "./ai.runtime";
import { AI_NOT_CONFIGURED_MESSAGE } from "./ai.service";
import { classifyFailure, type AiProvider } from "./providers";

const STATUS_TTL_MS = 60_000;
const PROBE_TIMEOUT_MS = 5_000;

async function probe(ctx: AppContext, role: "primary" | "fallback", provider: AiProvider): Promise<ProviderStatus> {
  const base = { role, kind: provider.kind, model: provider.model, baseUrl: provider.baseUrl };
  const signal = AbortSignal.timeout(Math.min(ctx.config.AI_TIMEOUT_MS, PROBE_TIMEOUT_MS));
  try {
    await provider.probe(signal);
    return { ...base, reachable: true, checkedAt: ctx.now().toISOString() };
  } catch (err) {
    const reason = signal.aborted ? "timeout" : classifyFailure(err).reason;
    return { ...base, reachable: false, checkedAt: ctx.now().toISOString(), error: reason };
  }
}

export interface AiStatus {
  configured: boolean;
  providers: ProviderStatus[];
  message?: string;
}

/** Which providers are configured (never their keys) and whether they answer their models list, probed at most once a minute. */
export async function aiStatus(ctx: AppContext): Promise<AiStatus> {
  const runtime = aiRuntime(ctx);
  const providers = runtime.providers;
  if (!providers) return { configured: false, providers: [], message: AI_NOT_CONFIGURED_MESSAGE };
  const now = Date.now();
  if (!runtime.status || now - runtime.status.at > STATUS_TTL_MS) {
    const list = await Promise.all([probe(ctx, "primary", providers.primary), ...(providers.fallback ? [probe(ctx, "fallback", providers.fallback)] : [])]);
    runtime.status = { at: now, providers: list };
  }
  return { configured: true, providers: runtime.status.providers };
}
