import type { ZodType } from "zod";

/**
 * The JSON object in a model's answer (the text between its first `{` and last `}`, so a
 * sentence or a code fence around it does no harm), checked against `schema`; or what is
 * wrong with it, in words the repair prompt can send back to the model.
 */
export function parseModelJson<T>(text: string, schema: ZodType<T>): { ok: true; data: T } | { ok: false; errors: string[] } {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end < start) return { ok: false, errors: ["the answer contains no JSON object"] };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch (err) {
    return { ok: false, errors: [`the answer is not valid JSON (${(err as Error).message})`] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`) };
}
