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

/**
 * Encodes an 8-bit palette image (colour type 3) as PNG bytes: each pixel an index into `palette`
 * (RGB triples, at most 256 colours). Plots quantised to their few colours are 3–4× smaller this way
 * than as the RGBA PNG a browser writes.
 *
 * @param indices row-major palette indices, length width * height, each < palette.length / 3.
 * @param palette RGB bytes, 3 per colour, 1 to 256 colours.
 * @throws RangeError when the sizes disagree, the palette is empty or too long, or an index is out of range.
 * @example
 * encodeIndexedPng(new Uint8Array([0, 1]), 2, 1, new Uint8Array([0, 0, 0, 255, 255, 255])).subarray(1, 4).toString(); // "PNG"
 */
export function encodeIndexedPng(indices: Uint8Array, width: number, height: number, palette: Uint8Array): Buffer {
  const fn = "encodeIndexedPng";
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`${fn}: width and height must be positive integers, got ${width}x${height}`);
  }
  if (indices.length !== width * height) throw new RangeError(`${fn}: expected ${width}x${height} = ${width * height} indices, got ${indices.length}`);
  const colours = palette.length / 3;
  if (!Number.isInteger(colours) || colours < 1 || colours > 256) throw new RangeError(`${fn}: palette must hold 1 to 256 RGB triples, got ${palette.length} bytes`);
  const header = new Uint8Array(13);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: palette
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = indices.subarray(y * width, (y + 1) * width);
    for (let x = 0; x < width; x++) if (row[x]! >= colours) throw new RangeError(`${fn}: index ${row[x]} at (${x}, ${y}) is outside the ${colours}-colour palette`);
    raw.set(row, y * (width + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("PLTE", palette),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
