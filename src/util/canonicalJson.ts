/**
 * Canonical JSON: the text that names a configuration (experiment cache keys, trajectory resume checks).
 */

/**
 * Serialises a plain-data value with object keys sorted at every level, so that two configurations
 * that are equal as data give the same text whatever order their keys were written in.
 *
 * Variant: arrays keep their order; `undefined` members of objects are dropped (as JSON.stringify);
 * numbers are written as JSON.stringify writes them (so 0.1 and 1e-1 agree).
 *
 * @param value plain data: objects, arrays, strings, finite numbers, booleans, null.
 * @returns the canonical JSON text.
 * @throws TypeError for a non-finite number, a function, a bigint, a symbol or a typed array (the
 *   key of a configuration must not depend on how a typed array serialises).
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) === '{"a":[2,{"c":4,"d":3}],"b":1}'; // true
 */
export function canonicalJson(value: unknown): string {
  return write(value, "value");
}

function write(value: unknown, where: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${where} must be a finite number, got ${value}`);
      return JSON.stringify(value);
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object": {
      if (ArrayBuffer.isView(value)) throw new TypeError(`canonicalJson: ${where} is a typed array; convert it to a plain array first`);
      if (Array.isArray(value)) return `[${value.map((v, i) => write(v ?? null, `${where}[${i}]`)).join(",")}]`;
      const entries = Object.keys(value as Record<string, unknown>)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${write((value as Record<string, unknown>)[k], `${where}.${k}`)}`);
      return `{${entries.join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${where} must be plain data, got ${typeof value}`);
  }
}
