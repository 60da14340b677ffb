/**
 * Streaming a trajectory to disk so that an interrupted run (even `kill -9`) loses at most the last
 * unfinished block and resumes bit-identically.
 *
 * Layout: a folder (conventionally `name.abtraj/`) holding `manifest.json` (the JSON header) and
 * `block-NNNNNN.bin` files. A block holds the snapshots and per-step losses recorded since the previous
 * block, plus the complete run state at its end (parameters, optimizer buffers), so a run can restart
 * from the last block. Every file is written under a temporary name, flushed (fsync) and renamed, so
 * it is either absent or complete; a block counts only once the manifest that lists it (with its
 * length and CRC-32) has been renamed into place. A manifest listing no blocks is written before the
 * first block, so a folder holding blocks always has a manifest. A block file the manifest does not
 * list (a kill between the two renames) is ignored and overwritten on resume. Readers check the manifest's own
 * checksum and each block's length, CRC-32 and index, so a corrupt, truncated or missing file is an
 * error naming the file, never a trajectory that reads as valid but is wrong.
 *
 * Block file: "ABTB", u32 format version, u32 length of a JSON description, the JSON (space-padded to
 * a multiple of 8 bytes), then f64 steps, f64 losses, f32 snapshots, f32 parameters, f32 optimizer
 * buffers (each section zero-padded to 8 bytes), then the u32 CRC-32 of everything before it and
 * "ABTE". Numbers are little-endian. The manifest lists, per block, its file, length, CRC-32, number
 * of snapshots, first and last snapshot step and the run state's step.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { crc32 } from "../util/crc32";
import { writeFileAtomic } from "../util/writeFileAtomic";
import { schema } from "../util/plainDataSchema";
import type { SnapshotSelection, Trajectory } from "./trajectory";

export const TRAJECTORY_FORMAT = "almost-bayesian/trajectory";
export const TRAJECTORY_FORMAT_VERSION = 1;
const MANIFEST = "manifest.json";
/** Largest manifest read (a manifest of a million blocks is ~200 MB; real ones are kilobytes). */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
const BLOCK_MAGIC = 0x42544241; // "ABTB" little-endian
const END_MAGIC = 0x45544241; // "ABTE"

/** The state of a run at the end of a block: everything needed to continue it exactly. */
export interface RunState {
  /** Updates applied so far. */
  step: number;
  params: Float32Array;
  /** Optimizer buffers (momentum, moments), each of length numParams. */
  buffers: Float32Array[];
  /** Small JSON-serialisable facts (optimizer phase and step count, ...). */
  meta: unknown;
}

/** What one block adds to a trajectory. */
export interface TrajectoryBlock {
  steps: Float64Array;
  /** Row-major `steps.length x dimension`. */
  snapshots: Float32Array;
  /** Per-step losses for steps lossStart, lossStart + 1, ... */
  losses: Float64Array;
  lossStart: number;
  /** Small JSON-serialisable records (evaluations) made during the block. */
  records: unknown[];
  state: RunState;
}

/** A block's entry in the manifest. */
export interface BlockEntry {
  file: string;
  bytes: number;
  checksum: number;
  numSnapshots: number;
  /** Steps of the block's first and last snapshots (-1 when it holds none). */
  firstStep: number;
  lastStep: number;
  /** Run state step at the block's end. */
  stateStep: number;
}

/** The JSON header (`manifest.json`). */
export interface TrajectoryHeader {
  format: string;
  formatVersion: number;
  /** The run's configuration; resuming requires an identical one. */
  config: unknown;
  seed: number;
  backend: string;
  versions: Record<string, string>;
  numParams: number;
  dimension: number;
  selection: SnapshotSelection;
  /** Snapshots stored in all listed blocks. */
  numSnapshots: number;
  /** Run state step at the last block. */
  lastStep: number;
  /** Whether the run finished (its last block holds the final state). */
  complete: boolean;
  blocks: BlockEntry[];
  /** CRC-32 of the JSON of all other fields. */
  checksum: number;
}

/** Everything stored in a trajectory folder. */
export interface StoredTrajectory {
  header: TrajectoryHeader;
  trajectory: Trajectory;
  /** Per-step losses from lossStart (the first block's) on. */
  losses: Float64Array;
  lossStart: number;
  records: unknown[];
  /** The state at the end of the last block. */
  state: RunState;
}

function fail(file: string, what: string): never {
  throw new Error(`readTrajectoryFile: ${file} is corrupt or truncated: ${what}. Delete the folder and rerun (or resume from an intact copy).`);
}

const { integer, nonNegativeInteger, string, boolean, array, object, nullable, dictionary } = schema;

/** What a manifest must hold (checked after its checksum, before any field is used). */
const HEADER_SCHEMA = object({
  format: string,
  formatVersion: integer,
  config: schema.unknown,
  seed: nonNegativeInteger,
  backend: string,
  versions: dictionary(string),
  numParams: nonNegativeInteger,
  dimension: nonNegativeInteger,
  selection: object({
    numParams: nonNegativeInteger,
    layers: nullable(array(nonNegativeInteger)),
    blocks: schema.optional(array(string)),
    projection: nullable(object({ dimension: nonNegativeInteger, seed: nonNegativeInteger })),
  }),
  numSnapshots: nonNegativeInteger,
  lastStep: nonNegativeInteger,
  complete: boolean,
  blocks: array(
    object({
      file: string,
      bytes: nonNegativeInteger,
      checksum: nonNegativeInteger,
      numSnapshots: nonNegativeInteger,
      firstStep: { kind: "integer", min: -1 },
      lastStep: { kind: "integer", min: -1 },
      stateStep: nonNegativeInteger,
    }),
  ),
  checksum: nonNegativeInteger,
});

/** What a block's description must hold. */
const BLOCK_META_SCHEMA = object({
  index: nonNegativeInteger,
  numSnapshots: nonNegativeInteger,
  dimension: nonNegativeInteger,
  numLosses: nonNegativeInteger,
  lossStart: nonNegativeInteger,
  numParams: nonNegativeInteger,
  numBuffers: nonNegativeInteger,
  stateStep: nonNegativeInteger,
  stateMeta: schema.unknown,
  records: array(schema.unknown),
});

const blockName = (index: number): string => `block-${String(index).padStart(6, "0")}.bin`;

/** The smallest block file that holds `numSnapshots` snapshots of `dimension` numbers (sizes that are part of every block). */
const minimumBlockBytes = (numSnapshots: number, dimension: number): number => 20 + pad8(8 * numSnapshots) + pad8(4 * numSnapshots * dimension);

/**
 * Checks that a parsed manifest has the schema and is consistent: block files named in order inside
 * the folder, snapshot counts that add up and fit in the stated block sizes (so what a reader
 * allocates is bounded by bytes that exist on disk).
 */
function checkHeader(file: string, header: TrajectoryHeader): void {
  const shape = schema.mismatch(header, HEADER_SCHEMA, "header");
  if (shape) fail(file, shape);
  if (header.checksum > 0xffffffff) fail(file, `header.checksum must be a 32-bit CRC, got ${header.checksum}`);
  let total = 0;
  header.blocks.forEach((entry, i) => {
    if (entry.file !== blockName(i)) fail(file, `header.blocks[${i}].file must be ${JSON.stringify(blockName(i))}, got ${JSON.stringify(entry.file)}`);
    if (entry.checksum > 0xffffffff) fail(file, `header.blocks[${i}].checksum must be a 32-bit CRC, got ${entry.checksum}`);
    if (entry.bytes < minimumBlockBytes(entry.numSnapshots, header.dimension)) {
      fail(file, `${entry.file} cannot hold ${entry.numSnapshots} snapshots of ${header.dimension} numbers in ${entry.bytes} bytes`);
    }
    total += entry.numSnapshots;
  });
  if (total !== header.numSnapshots) fail(file, `it lists ${header.numSnapshots} snapshots but its blocks list ${total}`);
  const lastStateStep = header.blocks.length ? header.blocks[header.blocks.length - 1]!.stateStep : 0;
  if (header.lastStep !== lastStateStep) fail(file, `its lastStep ${header.lastStep} is not the last block's state step ${lastStateStep}`);
}

function headerChecksum(header: Omit<TrajectoryHeader, "checksum">): number {
  const { checksum: _ignored, ...rest } = header as TrajectoryHeader;
  return crc32(new TextEncoder().encode(JSON.stringify(rest)));
}

function writeAtomic(dir: string, name: string, chunks: Uint8Array[]): void {
  writeFileAtomic(path.join(dir, name), chunks);
}

// Arithmetic, not bitwise: sizes read from a manifest may exceed 2^31.
const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/** A block as the byte ranges of its file, in order (views of the caller's arrays, not copies). */
interface EncodedBlock {
  chunks: Uint8Array[];
  bytes: number;
  checksum: number;
}

const ZEROS = new Uint8Array(8);

function encodeBlock(index: number, dimension: number, block: TrajectoryBlock): EncodedBlock {
  const numSnapshots = block.steps.length;
  if (block.snapshots.length !== numSnapshots * dimension) {
    throw new RangeError(`TrajectoryWriter.appendBlock: snapshots must have length ${numSnapshots} x ${dimension}, got ${block.snapshots.length}`);
  }
  const meta = {
    index,
    numSnapshots,
    dimension,
    numLosses: block.losses.length,
    lossStart: block.lossStart,
    numParams: block.state.params.length,
    numBuffers: block.state.buffers.length,
    stateStep: block.state.step,
    stateMeta: block.state.meta,
    records: block.records,
  };
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  const metaLength = pad8(12 + metaBytes.length) - 12;
  const head = new Uint8Array(12 + metaLength).fill(0x20, 12);
  const headView = new DataView(head.buffer);
  headView.setUint32(0, BLOCK_MAGIC, true);
  headView.setUint32(4, TRAJECTORY_FORMAT_VERSION, true);
  headView.setUint32(8, metaLength, true);
  head.set(metaBytes, 12);
  // The sections are written from the caller's arrays: no copy of a block that can hold hundreds of
  // MB (copying them into fresh memory cost more than writing them).
  const chunks: Uint8Array[] = [head];
  for (const s of [block.steps, block.losses, block.snapshots, block.state.params, ...block.state.buffers] as ArrayBufferView[]) {
    chunks.push(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
    if (pad8(s.byteLength) > s.byteLength) chunks.push(ZEROS.subarray(0, pad8(s.byteLength) - s.byteLength));
  }
  let checksum = 0;
  let bytes = 8;
  for (const c of chunks) {
    checksum = crc32(c, checksum);
    bytes += c.length;
  }
  const tail = new Uint8Array(8);
  const tailView = new DataView(tail.buffer);
  tailView.setUint32(0, checksum, true);
  tailView.setUint32(4, END_MAGIC, true);
  chunks.push(tail);
  return { chunks, bytes, checksum };
}

interface DecodedBlock {
  block: TrajectoryBlock;
  numSnapshots: number;
}

function decodeBlock(file: string, raw: Uint8Array, entry: BlockEntry, index: number, header: TrajectoryHeader): DecodedBlock {
  // A plain Uint8Array view: Buffer#slice would not copy, and typed views need their own aligned buffer.
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (bytes.length !== entry.bytes) fail(file, `it has ${bytes.length} bytes, the manifest says ${entry.bytes}`);
  if (bytes.length < 20) fail(file, "too short for a block");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== BLOCK_MAGIC || view.getUint32(bytes.length - 4, true) !== END_MAGIC) fail(file, "bad start or end marker");
  const stored = view.getUint32(bytes.length - 8, true);
  const actual = crc32(bytes.subarray(0, bytes.length - 8));
  if (stored !== actual || actual !== entry.checksum) fail(file, `CRC-32 mismatch (stored ${stored}, manifest ${entry.checksum}, computed ${actual})`);
  const metaLength = view.getUint32(8, true);
  if (12 + metaLength > bytes.length - 8) fail(file, `its description (${metaLength} bytes) runs past the end`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + metaLength)));
  } catch (error) {
    fail(file, `its description is not valid JSON (${(error as Error).message})`);
  }
  const metaShape = schema.mismatch(parsed, BLOCK_META_SCHEMA, "description");
  if (metaShape) fail(file, metaShape);
  const meta = parsed as {
    index: number;
    numSnapshots: number;
    dimension: number;
    numLosses: number;
    lossStart: number;
    numParams: number;
    numBuffers: number;
    stateStep: number;
    stateMeta: unknown;
    records: unknown[];
  };
  if (meta.index !== index || meta.dimension !== header.dimension || meta.numParams !== header.numParams || meta.numSnapshots !== entry.numSnapshots) {
    fail(file, `its description (index ${meta.index}, dimension ${meta.dimension}) does not match the manifest (index ${index}, dimension ${header.dimension})`);
  }
  let off = 12 + metaLength;
  const take = <T extends Float32Array | Float64Array>(ctor: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
    const byteLength = n * ctor.BYTES_PER_ELEMENT;
    if (off + byteLength > bytes.length - 8) fail(file, "sections run past the end");
    const copy = bytes.slice(off, off + byteLength);
    off += pad8(byteLength);
    return new ctor(copy.buffer, 0, n);
  };
  const steps = take(Float64Array, meta.numSnapshots);
  const losses = take(Float64Array, meta.numLosses);
  const snapshots = take(Float32Array, meta.numSnapshots * meta.dimension);
  const params = take(Float32Array, meta.numParams);
  const buffers: Float32Array[] = [];
  for (let b = 0; b < meta.numBuffers; b++) buffers.push(take(Float32Array, meta.numParams));
  return {
    numSnapshots: meta.numSnapshots,
    block: { steps, snapshots, losses, lossStart: meta.lossStart, records: meta.records, state: { step: meta.stateStep, params, buffers, meta: meta.stateMeta } },
  };
}

/**
 * Reads only the JSON header of a trajectory folder, checking its checksum.
 *
 * @param dir the trajectory folder.
 * @returns the header, or null when the folder or its manifest does not exist. A run writes a manifest
 *   listing no blocks before its first block.
 * @throws Error naming the file when the manifest is unreadable, of another format, or fails its checksum.
 */
export function readTrajectoryHeader(dir: string): TrajectoryHeader | null {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return null;
  let header: TrajectoryHeader;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_MANIFEST_BYTES) fail(file, `it is ${size} bytes, more than a manifest can be (${MAX_MANIFEST_BYTES})`);
    header = JSON.parse(fs.readFileSync(file, "utf8")) as TrajectoryHeader;
  } catch (error) {
    if ((error as Error).message.startsWith("readTrajectoryFile:")) throw error;
    fail(file, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail(file, "it is not a JSON object");
  if (header.format !== TRAJECTORY_FORMAT) fail(file, `format is ${JSON.stringify(header.format)}, expected "${TRAJECTORY_FORMAT}"`);
  if (header.formatVersion !== TRAJECTORY_FORMAT_VERSION) {
    throw new Error(`readTrajectoryHeader: ${file} has format version ${header.formatVersion}; this reader knows version ${TRAJECTORY_FORMAT_VERSION}`);
  }
  if (headerChecksum(header) !== header.checksum) fail(file, "the header checksum does not match its contents");
  checkHeader(file, header);
  return header;
}

/**
 * Reads a trajectory folder written by training: the header, all snapshots, per-step losses,
 * evaluation records and the last run state, verifying every checksum.
 *
 * @param dir the trajectory folder (e.g. "runs/mnist-seed1.abtraj").
 * @returns the stored trajectory; `trajectory.snapshots` is `numSnapshots x dimension` row-major and
 *   `trajectory.steps` the matching step numbers (the layout the diffusion estimators read).
 * @throws Error when the folder holds no committed trajectory, or naming the file that is corrupt,
 *   truncated or missing.
 * @example
 * // const stored = readTrajectoryFile("runs/seed1.abtraj");
 * // stored.trajectory.numSnapshots, stored.header.complete
 * TRAJECTORY_FORMAT; // "almost-bayesian/trajectory"
 */
export function readTrajectoryFile(dir: string): StoredTrajectory {
  const header = readTrajectoryHeader(dir);
  if (!header) {
    const blocks = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^block-\d+\.bin$/.test(n)).length : 0;
    throw new Error(`readTrajectoryFile: ${dir} holds no trajectory: ${path.join(dir, MANIFEST)} is missing${blocks ? ` (it holds ${blocks} block files, which cannot be read without it)` : ""}`);
  }
  if (header.blocks.length === 0) throw new Error(`readTrajectoryFile: ${dir} holds no committed block yet (the run stopped before its first block)`);
  // Every block has the size its entry states before anything is allocated: the snapshots then fit
  // in bytes that exist on disk (checkHeader bounded them by the stated sizes).
  for (const entry of header.blocks) {
    const file = path.join(dir, entry.file);
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      fail(file, "the block file is missing");
    }
    if (size !== entry.bytes) fail(file, `it has ${size} bytes, the manifest says ${entry.bytes}`);
  }
  const steps = new Float64Array(header.numSnapshots);
  const snapshots = new Float32Array(header.numSnapshots * header.dimension);
  const losses: Float64Array[] = [];
  const records: unknown[] = [];
  let count = 0;
  let lossStart = 0;
  let state: RunState | null = null;
  header.blocks.forEach((entry, index) => {
    const file = path.join(dir, entry.file);
    const { block, numSnapshots } = decodeBlock(file, fs.readFileSync(file), entry, index, header);
    if (count + numSnapshots > header.numSnapshots) fail(file, "more snapshots than the manifest lists");
    const first = numSnapshots ? block.steps[0]! : -1;
    const last = numSnapshots ? block.steps[numSnapshots - 1]! : -1;
    if (first !== entry.firstStep || last !== entry.lastStep || block.state.step !== entry.stateStep) {
      fail(file, `its steps (${first}..${last}, state ${block.state.step}) differ from the manifest's (${entry.firstStep}..${entry.lastStep}, state ${entry.stateStep})`);
    }
    steps.set(block.steps, count);
    snapshots.set(block.snapshots, count * header.dimension);
    count += numSnapshots;
    if (index === 0) lossStart = block.lossStart;
    losses.push(block.losses);
    records.push(...block.records);
    state = block.state;
  });
  if (count !== header.numSnapshots || !state) fail(path.join(dir, MANIFEST), `it lists ${header.numSnapshots} snapshots but the blocks hold ${count}`);
  const total = losses.reduce((s, l) => s + l.length, 0);
  const allLosses = new Float64Array(total);
  let off = 0;
  for (const l of losses) {
    allLosses.set(l, off);
    off += l.length;
  }
  return {
    header,
    trajectory: { steps, snapshots, numSnapshots: count, dimension: header.dimension, selection: header.selection },
    losses: allLosses,
    lossStart,
    records,
    state: state as RunState,
  };
}

/** Appends blocks to a trajectory folder. */
export interface TrajectoryWriter {
  readonly dir: string;
  /** Number of blocks committed. */
  readonly numBlocks: number;
  /** Writes a block and commits it (with the manifest); `complete` marks the run finished. */
  appendBlock(block: TrajectoryBlock, complete: boolean): void;
}

/**
 * Starts writing a trajectory folder, or continues one read by {@link readTrajectoryFile}.
 *
 * @param dir the folder (created if absent).
 * @param init the header fields fixed for the run.
 * @param options.continueFrom a stored trajectory to append to (resume); default: start afresh: a
 *   manifest listing no blocks replaces any previous one, then the previous blocks are removed.
 * @returns a {@link TrajectoryWriter}.
 * @throws Error when the folder cannot be created or written.
 */
export function openTrajectoryWriter(
  dir: string,
  init: { config: unknown; seed: number; backend: string; versions: Record<string, string>; numParams: number; dimension: number; selection: SnapshotSelection },
  options: { continueFrom?: StoredTrajectory } = {},
): TrajectoryWriter {
  fs.mkdirSync(dir, { recursive: true });
  const previous = options.continueFrom?.header;
  const blocks: BlockEntry[] = previous ? [...previous.blocks] : [];
  let numSnapshots = previous ? previous.numSnapshots : 0;
  const writeManifest = (lastStep: number, complete: boolean): void => {
    const header: Omit<TrajectoryHeader, "checksum"> = {
      format: TRAJECTORY_FORMAT,
      formatVersion: TRAJECTORY_FORMAT_VERSION,
      config: init.config,
      seed: init.seed,
      backend: init.backend,
      versions: init.versions,
      numParams: init.numParams,
      dimension: init.dimension,
      selection: init.selection,
      numSnapshots,
      lastStep,
      complete,
      blocks,
    };
    const full: TrajectoryHeader = { ...header, checksum: headerChecksum(header) };
    writeAtomic(dir, MANIFEST, [new TextEncoder().encode(JSON.stringify(full, null, 1))]);
  };
  if (!previous) {
    // A manifest listing no blocks comes first, so the folder is never without one once a block
    // exists (a folder with blocks and no manifest is then always a hand-made state, refused by
    // train); blocks of an earlier run are unlisted from then on and are removed.
    writeManifest(0, false);
    for (const name of fs.readdirSync(dir)) {
      if (/^block-\d+\.bin(\.tmp)?$/.test(name) || name === `${MANIFEST}.tmp`) fs.rmSync(path.join(dir, name));
    }
  }
  return {
    dir,
    get numBlocks() {
      return blocks.length;
    },
    appendBlock(block, complete) {
      const index = blocks.length;
      const name = blockName(index);
      const encoded = encodeBlock(index, init.dimension, block);
      writeAtomic(dir, name, encoded.chunks);
      const n = block.steps.length;
      blocks.push({
        file: name,
        bytes: encoded.bytes,
        checksum: encoded.checksum,
        numSnapshots: n,
        firstStep: n ? block.steps[0]! : -1,
        lastStep: n ? block.steps[n - 1]! : -1,
        stateStep: block.state.step,
      });
      numSnapshots += n;
      writeManifest(block.state.step, complete);
    },
  };
}
