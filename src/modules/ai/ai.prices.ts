import type { Config } from "../../config/env";

/** Price per million tokens, in AI_CURRENCY. */
export interface Price {
  input: number;
  output: number;
}

/**
 * Default prices (USD per million tokens, list prices of late 2025) by model
 * name prefix; the longest matching prefix wins, so dated names
 * (claude-sonnet-4-5-20250929, gpt-4o-2024-08-06) find their family.
 * `AI_PRICES` overrides or adds entries.
 */
export const DEFAULT_PRICES: Record<string, Price> = {
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  o3: { input: 2, output: 8 },
  "o3-mini": { input: 1.1, output: 4.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4": { input: 15, output: 75 },
  "claude-3-opus": { input: 15, output: 75 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-3-7-sonnet": { input: 3, output: 15 },
  "claude-3-5-sonnet": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
  "claude-3-haiku": { input: 0.25, output: 1.25 },
};

export function priceTable(config: Config): Record<string, Price> {
  return { ...DEFAULT_PRICES, ...(config.AI_PRICES ? (JSON.parse(config.AI_PRICES) as Record<string, Price>) : {}) };
}

/** The price of a model (longest prefix match), or undefined when the table does not know it. */
export function priceOf(table: Record<string, Price>, model: string): Price | undefined {
  const name = model.toLowerCase();
  let best: string | undefined;
  for (const prefix of Object.keys(table)) {
    if (name.startsWith(prefix.toLowerCase()) && (!best || prefix.length > best.length)) best = prefix;
  }
  return best ? table[best] : undefined;
}

/** Cost in micro-units of the currency: tokens × price per million tokens is exactly micro-units. */
export function costMicros(price: Price | undefined, inputTokens: number, outputTokens: number): number {
  if (!price) return 0;
  return Math.ceil(inputTokens * price.input + outputTokens * price.output);
}
