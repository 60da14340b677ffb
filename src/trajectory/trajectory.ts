/**
 * A recorded weight trajectory in the layout the diffusion toolkit reads: T snapshots of P numbers as
 * one flat Float32Array (row-major, snapshot after snapshot) and the T step numbers as a Float64Array.
 */
import type { DenseNetwork } from "../model/denseNetwork";
import { blockParameterIndices, type ParameterBlock } from "../model/model";
import { denseParameterBlocks } from "../model/networkLoss";
import { createRandomProjection, type RandomProjection } from "../diffusion/randomProjection";
import type { Walk } from "../diffusion/walk";
import type { Seed } from "../util/random";
import { prefaultedFloat32Array } from "../util/prefault";

/** Which numbers a snapshot holds. Plain data (stored in trajectory headers). */
export interface SnapshotSelection {
  /** Parameter count of the model. */
  numParams: number;
  /** Layers whose weights and biases are kept (in flat order), or null for all parameters. */
  layers: number[] | null;
  /** Named parameter blocks kept besides those layers (present only when chosen). */
  blocks?: string[];
  /** Random projection of the kept parameters to `dimension` numbers, or null for none. */
  projection: { dimension: number; seed: Seed } | null;
}

/** A weight trajectory. */
export interface Trajectory {
  /** Step (number of updates) of each snapshot, increasing; length numSnapshots. */
  steps: Float64Array;
  /** Snapshots, row-major `numSnapshots x dimension`. */
  snapshots: Float32Array;
  numSnapshots: number;
  /** Numbers per snapshot P (parameters kept, or the projection dimension). */
  dimension: number;
  selection: SnapshotSelection;
}

/** Options choosing what a snapshot holds. */
export interface SelectionOptions {
  /** Record only these layers (default: all parameters). */
  layers?: number[];
  /** Record only these named parameter blocks (with `layers`: both), e.g. ["conv1.kernel"]. */
  blocks?: string[];
  /**
   * Project the kept parameters to `dimension` numbers with the seeded count-sketch map of
   * `createRandomProjection` (squared distances preserved in expectation, relative error about
   * sqrt(2 / dimension)); keep the seed (default 0) fixed across an ensemble. Default: no projection.
   */
  projection?: { dimension: number; seed?: Seed };
}

/** A model's parameter layout, or a dense network's. */
export type ParameterLayout = DenseNetwork | { numParams: number; blocks: readonly ParameterBlock[] };

function blocksOf(layout: ParameterLayout): readonly ParameterBlock[] {
  return "blocks" in layout ? layout.blocks : denseParameterBlocks(layout);
}

/** Positions in the flat vector a selection keeps, or null for all. */
function selectedIndices(layout: ParameterLayout, selection: { layers?: number[] | null; blocks?: string[] | null }): Int32Array | null {
  if (!selection.layers && !selection.blocks) return null;
  return blockParameterIndices(
    { blocks: blocksOf(layout) },
    { ...(selection.layers ? { layers: selection.layers } : {}), ...(selection.blocks ? { blocks: selection.blocks } : {}) },
  );
}

/**
 * Builds the selection record of a model (or dense network) for the given options, checking them.
 * @throws RangeError for a layer number out of range, an unknown block name or a bad projection dimension.
 * @example
 * const net = denseNetwork({ widths: [2, 2, 1] });
 * snapshotSelection(net, { layers: [1] }); // {"numParams":9,"layers":[1],"projection":null}
 */
export function snapshotSelection(layout: ParameterLayout, options: SelectionOptions = {}): SnapshotSelection {
  const layers = options.layers ? [...new Set(options.layers)].sort((a, b) => a - b) : null;
  const blocks = options.blocks ? [...new Set(options.blocks)] : null;
  selectedIndices(layout, { layers, blocks });
  const projection = options.projection ? { dimension: options.projection.dimension, seed: options.projection.seed ?? 0 } : null;
  if (projection && (!Number.isInteger(projection.dimension) || projection.dimension < 1)) {
    throw new RangeError(`snapshotSelection: projection.dimension must be an integer ≥ 1, got ${projection.dimension}`);
  }
  return { numParams: layout.numParams, layers, ...(blocks ? { blocks } : {}), projection };
}

/** Turns full parameter vectors into snapshot rows according to a selection. */
export interface SnapshotTaker {
  readonly dimension: number;
  /** Writes the snapshot of `params` into `out` (length dimension). */
  take(params: Float32Array, out: Float32Array): void;
}

/**
 * The function that extracts snapshot rows for a selection.
 * @internal used by the trainer and the ensemble workers.
 */
export function snapshotTaker(layout: ParameterLayout, selection: SnapshotSelection): SnapshotTaker {
  const indices = selectedIndices(layout, selection);
  const kept = indices ? indices.length : layout.numParams;
  // Contiguous ranges of the kept indices, copied with subarray().
  const ranges: [number, number][] = [];
  if (indices) {
    for (let i = 0; i < indices.length; ) {
      let j = i;
      while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
      ranges.push([indices[i]!, indices[j]! + 1]);
      i = j + 1;
    }
  } else {
    ranges.push([0, layout.numParams]);
  }
  const projection: RandomProjection | null = selection.projection
    ? createRandomProjection({ inputDimension: kept, outputDimension: selection.projection.dimension, seed: selection.projection.seed })
    : null;
  const scratch = projection ? new Float32Array(kept) : null;
  const projected = projection ? new Float64Array(projection.outputDimension) : null;
  return {
    dimension: projection ? projection.outputDimension : kept,
    take(params, out) {
      const target = scratch ?? out;
      let k = 0;
      for (const [a, b] of ranges) {
        target.set(params.subarray(a, b), k);
        k += b - a;
      }
      if (projection) out.set(projection.projectSnapshot(scratch!, projected!));
    },
  };
}

/** An append-only in-memory trajectory that grows by doubling. @internal */
export class TrajectoryBuffer {
  private steps: Float64Array;
  private data: Float32Array;
  private count = 0;

  /**
   * @param capacity snapshots to hold before growing.
   * @param prefault map the memory of big buffers on a helper thread ahead of use
   *   ({@link prefaultedFloat32Array}); for a caller that fills it on one core while another is idle.
   */
  constructor(
    readonly dimension: number,
    readonly selection: SnapshotSelection,
    capacity = 16,
    prefault = false,
  ) {
    this.steps = new Float64Array(Math.max(1, capacity));
    const length = Math.max(1, capacity) * dimension;
    this.data = prefault ? prefaultedFloat32Array(length) : new Float32Array(length);
  }

  get numSnapshots(): number {
    return this.count;
  }

  /** The row to fill for a new snapshot at `step` (valid until the next call). */
  appendRow(step: number): Float32Array {
    if (this.count === this.steps.length) {
      const steps = new Float64Array(this.steps.length * 2);
      steps.set(this.steps);
      const data = new Float32Array(steps.length * this.dimension);
      data.set(this.data);
      this.steps = steps;
      this.data = data;
    }
    this.steps[this.count] = step;
    return this.data.subarray(this.count * this.dimension, ++this.count * this.dimension);
  }

  /** Appends many rows at once. */
  appendRows(steps: Float64Array, rows: Float32Array): void {
    for (let i = 0; i < steps.length; i++) this.appendRow(steps[i]!).set(rows.subarray(i * this.dimension, (i + 1) * this.dimension));
  }

  /** Rows from `from` on, as views (valid until the next append). */
  view(from: number): { steps: Float64Array; snapshots: Float32Array } {
    return { steps: this.steps.subarray(from, this.count), snapshots: this.data.subarray(from * this.dimension, this.count * this.dimension) };
  }

  /** Rows from `from` on (copies). */
  slice(from: number): { steps: Float64Array; snapshots: Float32Array } {
    return { steps: this.steps.slice(from, this.count), snapshots: this.data.slice(from * this.dimension, this.count * this.dimension) };
  }

  /** The trajectory so far, trimmed to size (a copy, unless the buffer is exactly full: then its own arrays). */
  toTrajectory(): Trajectory {
    const full = this.count === this.steps.length;
    const { steps, snapshots } = full ? { steps: this.steps, snapshots: this.data } : this.slice(0);
    return { steps, snapshots, numSnapshots: this.count, dimension: this.dimension, selection: this.selection };
  }
}

/**
 * One snapshot of a trajectory, as a view (no copy).
 * @throws RangeError for an index outside [0, numSnapshots - 1].
 * @example
 * const t = { steps: new Float64Array([0, 1]), snapshots: new Float32Array([1, 2, 3, 4]), numSnapshots: 2, dimension: 2, selection: { numParams: 2, layers: null, projection: null } };
 * snapshotAt(t, 1); // Float32Array [3, 4]
 */
export function snapshotAt(trajectory: Trajectory, index: number): Float32Array {
  if (!Number.isInteger(index) || index < 0 || index >= trajectory.numSnapshots) {
    throw new RangeError(`snapshotAt: index must be an integer in [0, ${trajectory.numSnapshots - 1}], got ${index}`);
  }
  return trajectory.snapshots.subarray(index * trajectory.dimension, (index + 1) * trajectory.dimension);
}

/**
 * The trajectory as the diffusion toolkit's `Walk` (positions = snapshots, times = steps), without
 * copying.
 * @example
 * const t = { steps: new Float64Array([0, 1]), snapshots: new Float32Array([1, 2, 3, 4]), numSnapshots: 2, dimension: 2, selection: { numParams: 2, layers: null, projection: null } };
 * trajectoryWalk(t).dimension; // 2
 */
export function trajectoryWalk(trajectory: Trajectory): Walk {
  return { positions: trajectory.snapshots, times: trajectory.steps, dimension: trajectory.dimension };
}
