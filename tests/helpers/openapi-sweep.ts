/**
 * What the OpenAPI sweep (tests/api/openapi-sweep.test.ts) knows about
 * /openapi.json: its operations, a valid sample for every schema, and the
 * mutations of each field. Nothing here names a route: a route added later is
 * read from the document like the others.
 */

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  example?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

interface RawParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: Schema;
}

interface RawOperation {
  parameters?: RawParameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Param {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** "POST /api/v1/tasks/{id}/move" */
  key: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  auth: "required" | "optional" | "none";
  pathParams: Param[];
  queryParams: Param[];
  body?: Schema;
  responses: RawOperation["responses"];
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema }));
      const security = op.security ?? [];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method as Operation["method"],
        path,
        auth: security.length === 0 ? "none" : security.some((s) => Object.keys(s).length === 0) ? "optional" : "required",
        pathParams: params.filter((p) => p.in === "path"),
        queryParams: params.filter((p) => p.in === "query"),
        body: op.requestBody?.content["application/json"]?.schema,
        responses: op.responses,
      });
    }
  }
  return ops;
}

/** A value sent as these exact JSON characters (1e400 parses to Infinity; JSON.stringify cannot write it). */
export class RawJson {
  constructor(readonly json: string) {}
}

/** JSON text of a body that may hold RawJson values. */
export function toJson(value: unknown): string {
  if (value === undefined) return "";
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v) => (v instanceof RawJson ? `\u0001raw${raws.push(v.json) - 1}\u0001` : v));
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i) => raws[Number(i)]);
}

/** Follows $refs and folds allOf into one schema. */
export function resolver(doc: OpenApiDocument) {
  const resolve = (s: Schema): Schema => {
    if (s.$ref) return resolve(doc.components.schemas[s.$ref.replace("#/components/schemas/", "")]);
    if (s.allOf) {
      const parts = s.allOf.map(resolve);
      const merged: Schema = { ...Object.assign({}, ...parts), ...s, allOf: undefined };
      const props = parts.filter((p) => p.properties);
      if (props.length) {
        merged.properties = Object.assign({}, ...props.map((p) => p.properties));
        merged.required = props.flatMap((p) => p.required ?? []);
      }
      return merged;
    }
    return s;
  };
  return resolve;
}

/** The component a schema is (or extends through allOf), e.g. "Task". */
export function componentOf(s: Schema | undefined, doc: OpenApiDocument): string[] {
  if (!s) return [];
  if (s.$ref) {
    const name = s.$ref.replace("#/components/schemas/", "");
    return [name, ...componentOf(doc.components.schemas[name], doc)];
  }
  return (s.allOf ?? []).flatMap((p) => componentOf(p, doc));
}

export const typesOf = (s: Schema): string[] => {
  if (s.anyOf || s.oneOf) return [...new Set((s.anyOf ?? s.oneOf)!.flatMap(typesOf))];
  if (s.type) return (Array.isArray(s.type) ? s.type : [s.type]).filter((t) => t !== "null");
  if (s.enum) return [...new Set(s.enum.map((v) => (v === null ? "null" : typeof v)))].filter((t) => t !== "null");
  return [];
};
export const isNullable = (s: Schema): boolean =>
  (Array.isArray(s.type) && s.type.includes("null")) || Boolean((s.anyOf ?? s.oneOf)?.some(isNullable)) || Boolean(s.enum?.includes(null));

/** How the sweep fills fields: ids of the caller's own resources and values that must be unique. */
export interface SampleContext {
  /** A uuid for a field or parameter name (its own resource), or undefined when the name means nothing to the sweep. */
  ref(name: string): string | string[] | undefined;
  /** A fresh number, for values that must be unique (keys, names, emails). */
  unique(): number;
  /** Tag of the run, in sampled emails: sweep-<tag>-<n>@example.com. */
  tag: string;
}

/** Sample values that a schema cannot say: unique or secret ones, chosen by field name. */
const BY_NAME: Record<string, (c: SampleContext) => unknown> = {
  email: (c) => `sweep-${c.tag}-${c.unique()}@example.com`,
  password: (c) => `Sweep-sample-${c.unique()}`,
  newPassword: (c) => `Sweep-sample-${c.unique()}`,
  currentPassword: (c) => `Not-the-password-${c.unique()}`,
  key: (c) => `S${c.unique().toString(36).toUpperCase()}`,
};

/** The same body with fresh values for the fields that must be unique (emails, keys), so a repeat is not a 409. */
export function freshen(body: unknown, s: Schema, c: SampleContext, resolve: (s: Schema) => Schema): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const out = { ...(body as Record<string, unknown>) };
  for (const key of Object.keys(out)) {
    const prop = s.properties?.[key];
    if (prop && BY_NAME[key] && typesOf(resolve(prop)).includes("string")) out[key] = BY_NAME[key](c);
  }
  return out;
}

export class SampleError extends Error {}

/** A value the schema accepts. Optional properties are left out unless `full`. */
export function sample(s: Schema, name: string, c: SampleContext, resolve: (s: Schema) => Schema, full = false): unknown {
  s = resolve(s);
  if (BY_NAME[name] && typesOf(s).includes("string") && !s.enum) return BY_NAME[name](c);
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return sample(variants[0], name, c, resolve, full);
  if (s.enum) return s.enum.find((v) => v !== null);
  const type = typesOf(s)[0];
  if (type === "string") {
    if (s.format === "uuid") {
      const id = c.ref(name);
      if (id === undefined) throw new SampleError(`the sweep has no resource for the uuid field "${name}": add it to the sweep's references`);
      return Array.isArray(id) ? id[0] : id;
    }
    if (s.example !== undefined) return s.example;
    if (s.format === "date-time") return "2026-06-01T12:00:00.000Z";
    if (s.format === "date") return "2026-06-01";
    if (s.format === "email") return BY_NAME.email(c);
    if (s.pattern) throw new SampleError(`"${name}" has a pattern (${s.pattern}) but no example: give it .openapi({ example })`);
    const text = `Sweep sample ${c.unique()}`;
    return s.maxLength !== undefined && text.length > s.maxLength ? text.slice(-s.maxLength) : text.padEnd(s.minLength ?? 0, "x");
  }
  if (type === "integer" || type === "number") return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
  if (type === "boolean") return true;
  if (type === "array") {
    const ids = s.items && resolve(s.items).format === "uuid" ? c.ref(name) : undefined;
    if (ids !== undefined) return Array.isArray(ids) ? ids : [ids];
    return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items ?? {}, name, c, resolve, full));
  }
  if (type === "object" || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      if (full || s.required?.includes(key)) out[key] = sample(prop, key, c, resolve, full);
    }
    return out;
  }
  throw new SampleError(`cannot sample "${name}": ${JSON.stringify(s)}`);
}

/** One changed value: `invalid` must be refused; an `edge` may be accepted, and then must read back as sent. */
export interface Mutation {
  label: string;
  path: Array<string | number>;
  value: unknown;
  kind: "invalid" | "edge";
  /** Whether a read-back compares instants (date-times) or exact values. */
  compare: "instant" | "exact";
  /** Leave the field out instead of setting it. */
  omit?: boolean;
}

const DEEP = new RawJson(`${"[".repeat(5000)}${"]".repeat(5000)}`);
export const NUL = "sweep\u0000nul";
export const LONE_SURROGATES = ["sweep\ud800", "\udfffsweep"];
const HUGE = 100_000;

/** Edge texts that are valid wherever free text is: stored verbatim, read back equal. */
export const EDGE_TEXTS = [
  "Robert'); DROP TABLE tasks;-- \"quoted\" `tick`",
  "<script>alert(1)</script><img src=x onerror=alert(2)>",
  "Ünïcödé 🚀 עברית \u202eevil\u202c 中文 \u200b",
  "100% of _under_ \\back\\slash %s {{x}} ${x}",
  "line one\r\nline two\ttab",
  // Short strings that look like other data (numbers, literals, dates, paths, lists, ids joined by _).
  "0",
  "-1",
  "null",
  "NaN",
  "[]",
  "2026-01-01T00:00:00Z",
  "../../etc/passwd",
  "a,b;c|d",
  "1_2",
];

const BAD_DATE_TIMES = ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00", "2026-02-30T12:00:00Z", "2026-13-01T00:00:00Z", "2026-06-01", "2026-06-01T12:00:00", "+010000-01-01T00:00:00Z", "tomorrow"];
const EDGE_DATE_TIMES = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00+14:00", "2026-06-01T12:00:00.123456Z"];
const BAD_DATES = ["0000-01-01", "2026-13-01", "2026-02-30", "2025-02-29", "2026-6-1", "20260601", "2026-06-01T00:00:00Z", "-0001-01-01"];
const EDGE_DATES = ["0001-01-01", "9999-12-31", "2024-02-29"];

/** A string without enum, format or pattern: any text. */
export const isFreeText = (s: Schema) => typesOf(s).includes("string") && !s.enum && !s.format && !s.pattern && !s.anyOf && !s.oneOf;

/**
 * Mutations of one value of schema `s` at `path`: wrong types, null, NUL and
 * lone surrogates, strings past their limits, unknown enum values, bad and
 * boundary dates and numbers, deep nesting; recursively for object properties
 * and array items. `depth` > 0 is inside an array or object (fewer edges).
 */
export function mutationsOf(s: Schema, path: Array<string | number>, resolve: (s: Schema) => Schema, depth = 0): Mutation[] {
  s = resolve(s);
  const types = typesOf(s);
  const out: Mutation[] = [];
  const invalid = (label: string, value: unknown) => out.push({ label, path, value, kind: "invalid", compare: "exact" });
  const edge = (label: string, value: unknown, compare: Mutation["compare"] = "exact") => out.push({ label, path, value, kind: "edge", compare });

  if (!isNullable(s)) invalid("null", null);
  if (!types.includes("string")) invalid("a string", "sweep");
  if (!types.includes("integer") && !types.includes("number")) invalid("a number", 12345);
  if (!types.includes("boolean")) invalid("a boolean", true);
  if (!types.includes("object")) invalid("an object", { sweep: 1 });
  if (!types.includes("array")) invalid("an array", ["sweep"]);
  if (depth === 0) invalid("5000 levels of nesting", DEEP);

  if (types.includes("string")) {
    const strings = [s, ...(s.anyOf ?? s.oneOf ?? [])].map(resolve).filter((v) => typesOf(v).includes("string"));
    invalid("a NUL character", NUL);
    LONE_SURROGATES.forEach((v, i) => invalid(`a lone surrogate (${i + 1})`, v));
    const enums = strings.flatMap((v) => v.enum ?? []);
    if (enums.length) {
      invalid("an unknown enum value", "SWEEP_NOT_A_VALUE");
      invalid("an enum value in the wrong case", String(enums[0]).toLowerCase() === enums[0] ? String(enums[0]).toUpperCase() : String(enums[0]).toLowerCase());
    }
    const formats = new Set(strings.map((v) => v.format));
    if (formats.has("uuid")) {
      invalid("not a uuid", "not-a-uuid");
      invalid("a uuid with a trailing character", "7f1d2b5e-3c4a-4f6b-9d8e-0a1b2c3d4e5fx");
    }
    if (formats.has("email")) {
      invalid("not an email", "not-an-email");
      invalid("an email without a domain", "sweep@");
    }
    if (formats.has("date-time")) {
      BAD_DATE_TIMES.forEach((v) => invalid(`date-time ${v}`, v));
      if (depth === 0) EDGE_DATE_TIMES.forEach((v) => edge(`date-time ${v}`, v, "instant"));
    }
    if (formats.has("date")) {
      BAD_DATES.forEach((v) => invalid(`date ${v}`, v));
      if (depth === 0) EDGE_DATES.forEach((v) => edge(`date ${v}`, v));
    }
    const pattern = strings.find((v) => v.pattern)?.pattern;
    if (pattern && !new RegExp(pattern).test("!!!")) invalid("not matching its pattern", "!!!");
    if (!isFreeText(s)) {
      invalid("100,000 characters", "x".repeat(HUGE));
    } else {
      if (s.minLength && s.minLength > 0) invalid("empty", "");
      if (s.maxLength !== undefined) {
        invalid(`${s.maxLength + 1} characters`, "x".repeat(s.maxLength + 1));
        if (depth === 0) {
          edge(`${s.maxLength} characters`, "x".repeat(s.maxLength));
          edge(`${s.maxLength} accented characters`, "é".repeat(s.maxLength));
          edge(`${Math.floor(s.maxLength / 2)} emoji`, "😀".repeat(Math.floor(s.maxLength / 2)));
        }
      }
      if (s.maxLength === undefined || s.maxLength >= HUGE) edge("100,000 characters", "x".repeat(HUGE));
      else invalid("100,000 characters", "x".repeat(HUGE));
      if (depth === 0) EDGE_TEXTS.forEach((v, i) => edge(`edge text ${i + 1}`, v));
    }
  }

  if (types.includes("integer") || types.includes("number")) {
    if (types.includes("integer")) invalid("a fraction", 1.5);
    invalid("1e400 (Infinity)", new RawJson("1e400"));
    invalid("a numeric string", "1");
    if (s.minimum !== undefined) invalid(`${s.minimum - 1} (below the minimum)`, s.minimum - 1);
    if (s.maximum !== undefined) invalid(`${s.maximum + 1} (above the maximum)`, s.maximum + 1);
    if (s.maximum === undefined) {
      edge("2^31", 2 ** 31);
      edge("2^53 + 2", 2 ** 53 + 2);
    }
    if (depth === 0 && s.minimum !== undefined) edge(`${s.minimum} (the minimum)`, s.minimum);
    if (depth === 0 && s.maximum !== undefined) edge(`${s.maximum} (the maximum)`, s.maximum);
  }

  if (types.includes("boolean")) invalid("a boolean as a string", "true");

  if (types.includes("array") && s.items) {
    if (s.minItems && s.minItems > 0) invalid("an empty array", []);
    if (s.maxItems !== undefined) invalid(`${s.maxItems + 1} items`, Array.from({ length: s.maxItems + 1 }, (_, i) => (resolve(s.items!).format === "uuid" ? `00000000-0000-4000-8000-${String(i).padStart(12, "0")}` : "sweep")));
    // Item mutations: the array holds just the mutated item.
    for (const m of mutationsOf(s.items, [...path, 0], resolve, depth + 1)) if (m.kind === "invalid") out.push(m);
  }

  if (types.includes("object") || s.properties) out.push(...objectMutations(s, path, resolve, depth));
  return out;
}

/** Missing required properties, unknown ones, and each property's own mutations. */
export function objectMutations(s: Schema, path: Array<string | number>, resolve: (s: Schema) => Schema, depth: number): Mutation[] {
  const out: Mutation[] = [];
  for (const key of s.required ?? []) out.push({ label: `without required ${key}`, path: [...path, key], value: undefined, omit: true, kind: "invalid", compare: "exact" });
  if (s.additionalProperties === false) {
    out.push({ label: "an unknown property", path: [...path, "sweepUnknown"], value: 1, kind: "invalid", compare: "exact" });
    if (depth === 0) out.push({ label: "a __proto__ property", path: [...path, "__proto__"], value: { polluted: true }, kind: "invalid", compare: "exact" });
  }
  for (const [key, prop] of Object.entries(s.properties ?? {})) out.push(...mutationsOf(prop, [...path, key], resolve, depth));
  return out;
}

/** A copy of `base` with the mutation applied (arrays are created as needed). */
export function applyMutation(base: unknown, m: Mutation): unknown {
  if (m.path.length === 0) return m.value;
  const root = structuredClone(base) as Record<string | number, unknown>;
  let node = root;
  m.path.slice(0, -1).forEach((key, i) => {
    const next = m.path[i + 1];
    if (typeof node[key] !== "object" || node[key] === null) node[key] = typeof next === "number" ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  const last = m.path[m.path.length - 1];
  if (m.omit) delete node[last];
  else if (Array.isArray(node) && typeof last === "number") node.splice(0, node.length, m.value);
  else if (last === "__proto__") Object.defineProperty(node, "__proto__", { value: m.value, enumerable: true, configurable: true, writable: true });
  else node[last] = m.value;
  return root;
}

/** Mutations of a query parameter, as the strings a URL can carry (a lone surrogate cannot be percent-encoded). */
export function queryMutations(p: Param, resolve: (s: Schema) => Schema): Mutation[] {
  const s = resolve(p.schema);
  const types = typesOf(s);
  const out: Mutation[] = [];
  const invalid = (label: string, value: string | string[]) => out.push({ label, path: [p.name], value, kind: "invalid", compare: "exact" });
  const edge = (label: string, value: string) => out.push({ label, path: [p.name], value, kind: "edge", compare: "exact" });
  invalid("repeated", ["1", "2"]);
  invalid("a NUL character", NUL);
  if (types.includes("integer") || types.includes("number")) {
    for (const v of ["abc", "1.5", "1e400", "Infinity", ""]) invalid(JSON.stringify(v), v);
    if (s.minimum !== undefined) invalid(`${s.minimum - 1}`, String(s.minimum - 1));
    if (s.maximum !== undefined) invalid(`${s.maximum + 1}`, String(s.maximum + 1));
    if (s.minimum !== undefined) edge(`${s.minimum}`, String(s.minimum));
    if (s.maximum !== undefined) edge(`${s.maximum}`, String(s.maximum));
    edge("with spaces", " 1 ");
    return out;
  }
  const strings = [s, ...(s.anyOf ?? s.oneOf ?? [])].map(resolve);
  if (strings.some((v) => v.enum)) {
    invalid("an unknown enum value", "SWEEP_NOT_A_VALUE");
    invalid("empty", "");
  }
  if (strings.some((v) => v.format === "uuid")) invalid("not a uuid", "not-a-uuid");
  if (strings.some((v) => v.format === "date-time")) {
    BAD_DATE_TIMES.forEach((v) => invalid(`date-time ${v}`, v));
    EDGE_DATE_TIMES.forEach((v) => edge(`date-time ${v}`, v));
  }
  if (isFreeText(s)) {
    if (s.maxLength !== undefined) invalid(`${s.maxLength + 1} characters`, "x".repeat(s.maxLength + 1));
    if (s.maxLength === undefined || s.maxLength >= 10_000) edge("10,000 characters", "x".repeat(10_000));
    else invalid("10,000 characters", "x".repeat(10_000));
    [...EDGE_TEXTS, "a & | ! ( ) :* <-> \"unclosed", "-", "%", "\ufffd"].forEach((v, i) => edge(`edge text ${i + 1}`, v));
  }
  return out;
}

/** A query string from values (arrays repeat the parameter); NUL is sent as %00. */
export function queryString(query: Record<string, string | string[]>): string {
  const parts = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`));
  return parts.length ? `?${parts.join("&")}` : "";
}
