/**
 * Canonical JSON: the text that names a configuration (experiment cache keys, trajectory resume checks,
 * record digests).
 */

/**
 * Serialises a plain-data value with object keys sorted at every level, so that two values that are
 * equal as data give the same text whatever order their keys were written in, and two values that
 * differ as data never give the same text.
 *
 * Variant: arrays keep their order; numbers are written as JSON.stringify writes them (the shortest
 * text that reads back as the same double, so 0.1 and 1e-1 agree; -0 is written 0); `undefined`
 * members of objects are dropped, as JSON.stringify drops them (an option set to undefined means the
 * option is absent). Everything whose JSON would not tell it apart from other data is refused rather
 * than encoded: JSON.stringify writes a Set, a Map or a class instance as `{}`, NaN as `null` and
 * `[undefined]` as `[null]`, so two different configurations could share a key.
 *
 * @param value plain data: objects (prototype Object or null), arrays, strings, finite numbers,
 *   booleans, null.
 * @returns the canonical JSON text.
 * @throws TypeError naming where the value sits (`value.a.b[2]`) for a non-finite number, undefined
 *   outside an object member (in an array, a hole, or the value itself), a function, a bigint, a
 *   symbol, a typed array, or an object that is not plain (Set, Map, Date, RegExp, boxed primitive,
 *   class instance), or symbol keys.
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) === '{"a":[2,{"c":4,"d":3}],"b":1}'; // true
 * @complexity O(size of the value + k log k per object of k keys).
 */
export function canonicalJson(value: unknown): string {
  return write(value, "value");
}

function kindOf(value: object): string {
  if (value instanceof Set) return "a Set";
  if (value instanceof Map) return "a Map";
  if (value instanceof Date) return "a Date";
  if (value instanceof RegExp) return "a RegExp";
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `a ${name}` : "an object that is not plain data";
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
      if (Array.isArray(value)) {
        const items: string[] = [];
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || value[i] === undefined) {
            throw new TypeError(`canonicalJson: ${where}[${i}] is undefined (or a hole); arrays of a configuration must hold plain data (use null for "none")`);
          }
          items.push(write(value[i], `${where}[${i}]`));
        }
        return `[${items.join(",")}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`canonicalJson: ${where} is ${kindOf(value)}; a configuration must be plain data (convert it, e.g. a Set to a sorted array)`);
      }
      if (Object.getOwnPropertySymbols(value).length > 0) throw new TypeError(`canonicalJson: ${where} has symbol keys; a configuration must be plain data`);
      const record = value as Record<string, unknown>;
      const entries = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${write(record[k], `${where}.${k}`)}`);
      return `{${entries.join(",")}}`;
    }
    case "undefined":
      throw new TypeError(`canonicalJson: ${where} is undefined; a configuration must be plain data (use null for "none")`);
    default:
      throw new TypeError(`canonicalJson: ${where} must be plain data, got ${typeof value}`);
  }
}
