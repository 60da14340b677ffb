/**
 * Minimal PNG encoder for 8-bit greyscale images (colour type 0), used to embed image grids in
 * figures compactly (a 280x280 digit grid is ~25 kB as PNG against ~300 kB as a JSON heatmap).
 */
import * as zlib from "node:zlib";
import { crc32 } from "./crc32";

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes a greyscale image as PNG bytes.
 *
 * @param pixels row-major intensities 0..255, length width * height.
 * @throws RangeError when the sizes disagree or are not positive integers.
 * @example
 * encodeGreyPng(new Uint8Array([0, 255]), 2, 1).subarray(1, 4).toString(); // "PNG"
 */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`encodeGreyPng: width and height must be positive integers, got ${width}x${height}`);
  }
  if (pixels.length !== width * height) {
    throw new RangeError(`encodeGreyPng: expected ${width}x${height} = ${width * height} pixels, got ${pixels.length}`);
  }
  const header = new Uint8Array(13);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
