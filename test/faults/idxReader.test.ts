/**
 * Fault suite, IDX reader: a gzipped IDX file under any truncation, bit flip, appended or overwritten
 * bytes either reads back exactly or fails with an error naming the file; a plain one (IDX has no
 * checksum) fails on any change of length or of the size its header promises, and otherwise reads back
 * with exactly the promised size. Header fields promising huge sizes are refused without allocating.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as zlib from "node:zlib";
import * as fc from "fast-check";
import { encodeIdx, parseIdx, type IdxArray } from "../../src/data/idx";
import { applyFault, faultArbitrary, faultRuns, unchanged } from "./faults";

const TYPES = ["uint8", "int8", "int16", "int32", "float32", "float64"] as const;
const SIZE = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 } as const;

const idxArray: fc.Arbitrary<IdxArray> = fc
  .record({ type: fc.constantFrom(...TYPES), shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }), seed: fc.integer() })
  .map(({ type, shape, seed }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const Ctor = { uint8: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array }[type];
    const data = new Ctor(count);
    for (let i = 0; i < count; i++) data[i] = type.startsWith("float") ? Math.sin(seed + i) * 100 : (seed * 31 + i * 7) % 100;
    return { type, shape, data };
  });

const SOURCE = "/data/fault-suite/images-idx3-ubyte";
const namesTheFile = (error: unknown): boolean => error instanceof Error && error.message.includes(SOURCE);

test("a gzipped IDX file with any fault reads back exactly or fails naming the file", () => {
  fc.assert(
    fc.property(idxArray, faultArbitrary, (array, makeFault) => {
      const clean = zlib.gzipSync(encodeIdx(array));
      const bytes = applyFault(clean, makeFault(clean.length));
      let back: IdxArray;
      try {
        back = parseIdx(bytes, `${SOURCE}.gz`);
      } catch (error) {
        assert.ok(namesTheFile(error), (error as Error).message);
        return;
      }
      // Read back: it must be the original exactly (gzip's CRC-32 and length guard the contents).
      assert.equal(back.type, array.type);
      assert.deepEqual(back.shape, array.shape);
      assert.deepEqual(Array.from(back.data), Array.from(array.data));
    }),
    faultRuns(1000),
  );
});

test("a plain IDX file fails naming the file on any change of length, and never reads a size other than its header's", () => {
  fc.assert(
    fc.property(idxArray, faultArbitrary, (array, makeFault) => {
      const clean = encodeIdx(array);
      const fault = makeFault(clean.length);
      const bytes = applyFault(clean, fault);
      let back: IdxArray;
      try {
        back = parseIdx(bytes, SOURCE);
      } catch (error) {
        assert.ok(namesTheFile(error), (error as Error).message);
        return;
      }
      assert.equal(bytes.length, clean.length, `a ${fault.kind} that changed the length was read`);
      const promised = 4 + 4 * back.shape.length + back.shape.reduce((a, b) => a * b, 1) * SIZE[back.type];
      assert.equal(promised, bytes.length);
      if (unchanged(clean, bytes)) assert.deepEqual(Array.from(back.data), Array.from(array.data));
    }),
    faultRuns(1000),
  );
});

test("header fields promising any size are refused or read without allocating more than the file", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x00, 0x07, 0xff),
      fc.array(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant(0xffffffff), fc.integer({ min: 0, max: 0xffffffff })), { minLength: 0, maxLength: 5 }),
      fc.integer({ min: 0, max: 64 }),
      fc.boolean(),
      (type, dims, bodyLength, gzip) => {
        const header = new Uint8Array(4 + 4 * dims.length);
        header[2] = type;
        header[3] = dims.length;
        dims.forEach((d, i) => new DataView(header.buffer).setUint32(4 + 4 * i, d, false));
        const raw = Uint8Array.from([...header, ...new Uint8Array(bodyLength)]);
        const file = gzip ? zlib.gzipSync(raw) : raw;
        const before = process.memoryUsage().arrayBuffers;
        try {
          const back = parseIdx(file, SOURCE);
          assert.ok(back.data.byteLength <= raw.length);
        } catch (error) {
          assert.ok(namesTheFile(error), (error as Error).message);
        }
        assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024);
      },
    ),
    faultRuns(1000),
  );
});
