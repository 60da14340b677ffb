/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic number
 * (two zero bytes, a type code, the number of dimensions), the dimensions as big-endian int32, then
 * the data in row-major order. Gzipped files are recognised by their own magic bytes.
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";

/** The IDX element type codes. */
const IDX_TYPES = {
  0x08: { name: "uint8", size: 1 },
  0x09: { name: "int8", size: 1 },
  0x0b: { name: "int16", size: 2 },
  0x0c: { name: "int32", size: 4 },
  0x0d: { name: "float32", size: 4 },
  0x0e: { name: "float64", size: 8 },
} as const;

export type IdxElementType = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]["name"];

/** A decoded IDX array. */
export interface IdxArray {
  type: IdxElementType;
  /** Dimensions, outermost first (e.g. [60000, 28, 28]). */
  shape: number[];
  /** Elements in row-major order, in the file's element type. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Options of {@link parseIdx} and {@link readIdx}. */
export interface IdxReadOptions {
  /**
   * Largest decoded size accepted, in bytes (default 2^30 = 1 GiB; MNIST's largest file is 47 MB).
   * A header promising more is refused before anything is inflated or allocated.
   */
  maxBytes?: number;
}

/** Default {@link IdxReadOptions.maxBytes}: 1 GiB. */
export const IDX_MAX_BYTES = 2 ** 30;

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * The first bytes a gzip stream inflates to, enough for an IDX header (at most 4 + 4 x 255 bytes),
 * inflating only a prefix of the compressed bytes: deflate expands at most ~1032:1, so a 16 kB prefix
 * yields at most ~17 MB however the stream was crafted.
 */
function inflateHead(bytes: Uint8Array, source: string): Uint8Array {
  let out: Uint8Array = new Uint8Array(0);
  for (const prefix of [1024, 4096, 16384]) {
    const whole = prefix >= bytes.length;
    try {
      out = zlib.gunzipSync(bytes.subarray(0, prefix), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (error) {
      throw new Error(`parseIdx: ${source} is gzipped but does not decompress (${(error as Error).message}); the file is truncated or corrupt, download it again`);
    }
    if (whole || out.length >= 4 + 4 * (out.length >= 4 ? out[3]! : 255)) break;
  }
  return out;
}

/** The header of IDX bytes: element type, shape, header size and the total size it promises. */
function parseHeader(raw: Uint8Array, source: string, truncatedAt: number | null) {
  const size = truncatedAt ?? raw.length;
  if (raw.length < 4) {
    throw new Error(`parseIdx: ${source} is ${size} bytes, shorter than the 4-byte IDX header; the file is truncated`);
  }
  const typeInfo = IDX_TYPES[raw[2] as keyof typeof IDX_TYPES];
  if (raw[0] !== 0 || raw[1] !== 0 || !typeInfo || raw[3] === 0) {
    const magic = Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new Error(`parseIdx: ${source} has magic number ${magic}, expected 00 00 <type 08|09|0b|0c|0d|0e> <ndims ≥ 1>; it is not an IDX file`);
  }
  const ndims = raw[3]!;
  const headerSize = 4 + 4 * ndims;
  if (raw.length < headerSize) {
    throw new Error(`parseIdx: ${source} is ${size} bytes, shorter than its ${headerSize}-byte header; the file is truncated`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  return { typeInfo, shape, headerSize, count, expected: headerSize + count * typeInfo.size };
}

/**
 * Decodes IDX bytes (gzipped or not).
 *
 * The header is read first, and the size it promises is checked against `maxBytes` before anything
 * else is inflated or allocated; a gzip stream is then inflated with its output bounded by that size,
 * so a crafted file (a "gzip bomb", or a header promising terabytes) costs at most ~17 MB and a few
 * milliseconds before it is refused.
 *
 * @param bytes the file's contents.
 * @param source a name for error messages (the file path).
 * @param options.maxBytes largest decoded size accepted (default {@link IDX_MAX_BYTES}, 1 GiB).
 * @throws Error naming the source when the magic number is wrong, the gzip stream is corrupt, or the
 *   length differs from what the header promises (expected and actual sizes in bytes); RangeError
 *   when the header promises more than maxBytes.
 * @example
 * parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), "tiny").shape; // [2]
 */
export function parseIdx(bytes: Uint8Array, source = "<bytes>", options: IdxReadOptions = {}): IdxArray {
  const maxBytes = options.maxBytes ?? IDX_MAX_BYTES;
  if (!(maxBytes >= 1) || !Number.isSafeInteger(maxBytes)) throw new RangeError(`parseIdx: maxBytes must be a positive integer, got ${maxBytes}`);
  const gzipped = isGzip(bytes);
  const head = gzipped ? inflateHead(bytes, source) : bytes;
  const { typeInfo, shape, headerSize, count, expected } = parseHeader(head, source, null);
  if (expected > maxBytes) {
    throw new RangeError(
      `parseIdx: ${source}: its header promises ${expected} bytes (shape [${shape.join(", ")}] of ${typeInfo.name}), more than the limit of ${maxBytes} bytes; ` +
        `the file is corrupt, or pass a larger maxBytes if it really is that large`,
    );
  }
  let raw = bytes;
  if (gzipped) {
    try {
      // One byte more than promised: inflating stops (and throws) as soon as the stream is longer.
      raw = zlib.gunzipSync(bytes, { maxOutputLength: expected + 1 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new Error(`parseIdx: ${source} inflates to more than the ${expected} bytes its header promises (shape [${shape.join(", ")}] of ${typeInfo.name}); the file is longer than its header says: download it again`);
      }
      throw new Error(`parseIdx: ${source} is gzipped but does not decompress (${(error as Error).message}); the file is truncated or corrupt, download it again`);
    }
  }
  if (raw.length !== expected) {
    throw new Error(
      `parseIdx: ${source} should be ${expected} bytes for shape [${shape.join(", ")}] of ${typeInfo.name}, but is ${raw.length} bytes; ` +
        `the file is ${raw.length < expected ? "truncated" : "longer than its header says"}: download it again`,
    );
  }
  const body = raw.subarray(headerSize);
  let data: IdxArray["data"];
  switch (typeInfo.name) {
    case "uint8":
      data = new Uint8Array(body);
      break;
    case "int8":
      data = new Int8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
      break;
    default: {
      // Multi-byte elements are big-endian in IDX.
      const Ctor = { int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array }[typeInfo.name];
      const out = new Ctor(count);
      const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
      for (let i = 0; i < count; i++) {
        const o = i * typeInfo.size;
        out[i] =
          typeInfo.name === "int16" ? dv.getInt16(o, false)
          : typeInfo.name === "int32" ? dv.getInt32(o, false)
          : typeInfo.name === "float32" ? dv.getFloat32(o, false)
          : dv.getFloat64(o, false);
      }
      data = out;
    }
  }
  return { type: typeInfo.name, shape, data };
}

/**
 * Reads an IDX file (`.gz` or plain) from disk.
 *
 * @param file the path.
 * @param options.maxBytes largest decoded size accepted (default 1 GiB); a plain file larger than that
 *   is refused before it is read.
 * @throws Error naming the file when it is missing, corrupt or truncated (see {@link parseIdx}).
 */
export function readIdx(file: string, options: IdxReadOptions = {}): IdxArray {
  let bytes: Uint8Array;
  try {
    const size = fs.statSync(file).size;
    const maxBytes = options.maxBytes ?? IDX_MAX_BYTES;
    if (size > maxBytes) {
      throw new RangeError(`readIdx: ${file} is ${size} bytes, more than the limit of ${maxBytes} bytes; pass a larger maxBytes if it really is that large`);
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new Error(`readIdx: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseIdx(bytes, file, options);
}

/**
 * Encodes an array as IDX bytes (used by tests and to write derived subsets).
 *
 * @throws RangeError when the element count differs from the product of the shape.
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const code = Number(Object.entries(IDX_TYPES).find(([, t]) => t.name === array.type)![0]);
  const size = IDX_TYPES[code as keyof typeof IDX_TYPES].size;
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new RangeError(`encodeIdx: shape [${array.shape.join(", ")}] has ${count} elements but data has ${array.data.length}`);
  }
  const out = new Uint8Array(4 + 4 * array.shape.length + count * size);
  const dv = new DataView(out.buffer);
  out[2] = code;
  out[3] = array.shape.length;
  array.shape.forEach((d, i) => dv.setUint32(4 + 4 * i, d, false));
  const o0 = 4 + 4 * array.shape.length;
  for (let i = 0; i < count; i++) {
    const v = array.data[i]!;
    const o = o0 + i * size;
    switch (array.type) {
      case "uint8": dv.setUint8(o, v); break;
      case "int8": dv.setInt8(o, v); break;
      case "int16": dv.setInt16(o, v, false); break;
      case "int32": dv.setInt32(o, v, false); break;
      case "float32": dv.setFloat32(o, v, false); break;
      case "float64": dv.setFloat64(o, v, false); break;
    }
  }
  return out;
}
