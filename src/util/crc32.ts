/**
 * CRC-32 (IEEE 802.3, the polynomial of zlib, gzip and PNG): the one implementation of the project,
 * used by the trajectory files (per-block and header checksums), the PNG encoder and run fingerprints.
 */
import * as zlib from "node:zlib";

let table: Uint32Array | null = null;

function crc32Table(bytes: Uint8Array, initial: number): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = (initial ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;

/**
 * CRC-32 of the bytes of a typed array or buffer, optionally continuing from a previous value, so that
 * `crc32(b, crc32(a))` is the CRC-32 of a followed by b.
 *
 * Variant: Node's native `zlib.crc32` (Node ≥ 20.15) where present, else a table-driven loop. An empty
 * view returns `initial` without calling the native function: Node 20's returns 0 for a view on a
 * zero-length ArrayBuffer (as `new Float64Array(8).slice(3, 3)` makes) instead of the running value,
 * which once made trajectory blocks with an empty section fail their own checksum.
 *
 * @param data bytes (any typed array or DataView is read as its underlying bytes).
 * @param initial the CRC-32 of the preceding data (default 0: start afresh); an unsigned 32-bit integer.
 * @returns an unsigned 32-bit integer.
 * @example
 * crc32(new TextEncoder().encode("123456789")); // 3421780262
 * crc32(new Float64Array(4).slice(2, 2), 12345); // 12345
 * @complexity O(n) in the byte length.
 */
export function crc32(data: ArrayBufferView, initial = 0): number {
  if (data.byteLength === 0) return initial >>> 0;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return native ? native(bytes, initial) >>> 0 : crc32Table(bytes, initial);
}

/** The table-driven CRC-32, exposed so tests can compare it with the native one. @internal */
export const crc32Portable = (data: ArrayBufferView, initial = 0): number =>
  crc32Table(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), initial);
