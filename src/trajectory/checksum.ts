/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of bytes, for the per-block and header checksums of
 * trajectory files. Uses Node's native `zlib.crc32` when present, else a table-driven fallback.
 */
import * as zlib from "node:zlib";

let table: Uint32Array | null = null;

function crc32Fallback(bytes: Uint8Array, initial: number): number {
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

/**
 * CRC-32 of the bytes of a typed array or buffer, optionally continuing from a previous value.
 *
 * @param data bytes (any typed array is read as its underlying bytes).
 * @param initial the CRC of preceding data (default 0).
 * @returns an unsigned 32-bit integer.
 * @example
 * crc32(new TextEncoder().encode("123456789")); // 3421780262
 */
export function crc32(data: ArrayBufferView, initial = 0): number {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const native = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  return native ? native(bytes, initial) >>> 0 : crc32Fallback(bytes, initial);
}
