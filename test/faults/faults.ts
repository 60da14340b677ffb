/**
 * Shared pieces of the fault suite: the fast-check settings and the faults applied to files.
 *
 * Runs are seeded (AB_FAULT_SEED, default below) so `npm test` is deterministic; set AB_FAULT_SEED to
 * another integer to explore further, and to the seed a failure prints to replay it.
 */
import * as fc from "fast-check";

export const FAULT_SEED = Number(process.env.AB_FAULT_SEED ?? 15_2026);

/** fast-check parameters for a property: the suite's seed and a bounded number of runs. */
export function faultRuns(numRuns: number): fc.Parameters<unknown> {
  return { seed: FAULT_SEED, numRuns };
}

/** A corruption of a file's bytes. */
export type Fault =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; bit: number }
  | { kind: "append"; bytes: number[] }
  | { kind: "overwrite"; at: number; bytes: number[] };

/** Faults for a file of `length` bytes; positions are fractions so one arbitrary fits every file. */
export const faultArbitrary: fc.Arbitrary<(length: number) => Fault> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map((f) => (length: number): Fault => ({ kind: "truncate", at: Math.floor(f * length) })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 7 })).map(([f, bit]) => (length: number): Fault => ({ kind: "flip", at: Math.floor(f * length), bit })),
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }).map((bytes) => (): Fault => ({ kind: "append", bytes })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })).map(
    ([f, bytes]) => (length: number): Fault => ({ kind: "overwrite", at: Math.floor(f * length), bytes }),
  ),
);

/** The bytes with the fault applied (a new array). */
export function applyFault(bytes: Uint8Array, fault: Fault): Uint8Array {
  switch (fault.kind) {
    case "truncate":
      return bytes.slice(0, fault.at);
    case "flip": {
      const out = bytes.slice();
      out[fault.at] = out[fault.at]! ^ (1 << fault.bit);
      return out;
    }
    case "append":
      return Uint8Array.from([...bytes, ...fault.bytes]);
    case "overwrite": {
      const out = bytes.slice();
      fault.bytes.forEach((b, i) => {
        if (fault.at + i < out.length) out[fault.at + i] = b;
      });
      return out;
    }
  }
}

/** Whether the fault left the bytes as they were (a flip is never a no-op; an overwrite may be). */
export function unchanged(before: Uint8Array, after: Uint8Array): boolean {
  return before.length === after.length && before.every((b, i) => b === after[i]);
}
