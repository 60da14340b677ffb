/**
 * Schemas of plain data read back from disk (cache records, trajectory manifests): what each field must
 * be, checked before the data is trusted.
 *
 * A schema is itself plain data, built with {@link schema}: `schema.object({ alpha: schema.finite })`.
 * Checking is a single recursive pass that names the first mismatch by its path
 * (`record.llc[2].mean must be a finite number, got null`). Hand-written rather than a validation
 * library (see environment.md): the two record types need only these few kinds, and the schemas stay
 * readable in the files they describe.
 */

/** What a value must be. */
export type PlainDataSchema =
  | { kind: "finite" }
  | { kind: "integer"; min?: number }
  | { kind: "string"; pattern?: RegExp }
  | { kind: "boolean" }
  | { kind: "null" }
  | { kind: "unknown" }
  | { kind: "literal"; value: string | number | boolean }
  | { kind: "array"; items: PlainDataSchema }
  | { kind: "object"; fields: Record<string, PlainDataSchema>; optional: string[]; rest: PlainDataSchema | null }
  | { kind: "oneOf"; options: PlainDataSchema[] };

/** A field of {@link schema.object} that may be absent. */
export interface OptionalField {
  optionalField: PlainDataSchema;
}

const describe = (value: unknown): string => {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
};

function mismatch(value: unknown, s: PlainDataSchema, where: string): string | null {
  switch (s.kind) {
    case "finite":
      return typeof value === "number" && Number.isFinite(value) ? null : `${where} must be a finite number, got ${describe(value)}`;
    case "integer":
      return Number.isSafeInteger(value) && (s.min === undefined || (value as number) >= s.min)
        ? null
        : `${where} must be an integer${s.min !== undefined ? ` ≥ ${s.min}` : ""}, got ${describe(value)}`;
    case "string":
      if (typeof value !== "string") return `${where} must be a string, got ${describe(value)}`;
      return s.pattern && !s.pattern.test(value) ? `${where} must match ${s.pattern}, got ${describe(value)}` : null;
    case "boolean":
      return typeof value === "boolean" ? null : `${where} must be true or false, got ${describe(value)}`;
    case "null":
      return value === null ? null : `${where} must be null, got ${describe(value)}`;
    case "unknown":
      return value === undefined ? `${where} is missing` : null;
    case "literal":
      return value === s.value ? null : `${where} must be ${JSON.stringify(s.value)}, got ${describe(value)}`;
    case "array": {
      if (!Array.isArray(value)) return `${where} must be an array, got ${describe(value)}`;
      for (let i = 0; i < value.length; i++) {
        const m = mismatch(value[i], s.items, `${where}[${i}]`);
        if (m) return m;
      }
      return null;
    }
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return `${where} must be an object, got ${describe(value)}`;
      const record = value as Record<string, unknown>;
      for (const [key, fieldSchema] of Object.entries(s.fields)) {
        if (!(key in record)) {
          if (s.optional.includes(key)) continue;
          return `${where}.${key} is missing`;
        }
        const m = mismatch(record[key], fieldSchema, `${where}.${key}`);
        if (m) return m;
      }
      for (const key of Object.keys(record)) {
        if (key in s.fields) continue;
        if (!s.rest) return `${where}.${key} is not expected`;
        const m = mismatch(record[key], s.rest, `${where}.${key}`);
        if (m) return m;
      }
      return null;
    }
    case "oneOf": {
      const reasons: string[] = [];
      for (const option of s.options) {
        const m = mismatch(value, option, where);
        if (!m) return null;
        reasons.push(m);
      }
      return reasons.length === 1 ? reasons[0]! : `${where} matches none of its ${reasons.length} forms (${reasons.join("; ")})`;
    }
  }
}

/**
 * Builders of {@link PlainDataSchema}s, and the check.
 *
 * @example
 * const point = schema.object({ x: schema.finite, label: schema.optional(schema.string) });
 * schema.mismatch({ x: 1 }, point, "point"); // null
 * schema.mismatch({ x: "1" }, point, "point"); // "point.x must be a finite number, got \"1\""
 */
export const schema = {
  /** A finite number (JSON has no NaN: NaN is stored as null and fails here). */
  finite: { kind: "finite" } as PlainDataSchema,
  /** A safe integer, optionally at least `min`. */
  integer: { kind: "integer" } as PlainDataSchema,
  nonNegativeInteger: { kind: "integer", min: 0 } as PlainDataSchema,
  string: { kind: "string" } as PlainDataSchema,
  boolean: { kind: "boolean" } as PlainDataSchema,
  null: { kind: "null" } as PlainDataSchema,
  /** Anything present (its own code checks it). */
  unknown: { kind: "unknown" } as PlainDataSchema,
  matching: (pattern: RegExp): PlainDataSchema => ({ kind: "string", pattern }),
  literal: (value: string | number | boolean): PlainDataSchema => ({ kind: "literal", value }),
  array: (items: PlainDataSchema): PlainDataSchema => ({ kind: "array", items }),
  /** An object with exactly these fields (those wrapped in `schema.optional` may be absent). */
  object: (fields: Record<string, PlainDataSchema | OptionalField>, rest: PlainDataSchema | null = null): PlainDataSchema => {
    const plain: Record<string, PlainDataSchema> = {};
    const optional: string[] = [];
    for (const [key, f] of Object.entries(fields)) {
      if ("optionalField" in f) {
        plain[key] = f.optionalField;
        optional.push(key);
      } else plain[key] = f;
    }
    return { kind: "object", fields: plain, optional, rest };
  },
  /** An object with any keys, each value of one schema (a dictionary). */
  dictionary: (values: PlainDataSchema): PlainDataSchema => ({ kind: "object", fields: {}, optional: [], rest: values }),
  optional: (s: PlainDataSchema): OptionalField => ({ optionalField: s }),
  oneOf: (...options: PlainDataSchema[]): PlainDataSchema => ({ kind: "oneOf", options }),
  nullable: (s: PlainDataSchema): PlainDataSchema => ({ kind: "oneOf", options: [s, { kind: "null" }] }),
  /**
   * The first way `value` fails `s`, as a sentence naming its path (`where` is the root's name), or
   * null when it matches.
   */
  mismatch: (value: unknown, s: PlainDataSchema, where = "value"): string | null => mismatch(value, s, where),
};
