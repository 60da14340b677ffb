import type { MinibatchLoss } from "../model/minibatchLoss";
import { createRandom } from "../util/random";
import { describeLossSpec, hasLossSpec, sameLossSpec } from "./lossSpec";
import { runSgldChain, type SgldChainResult, type SgldChainState } from "./sgldChain";
import { createSgldWorkerPool, sgldWorkerScript, type SgldWorkerPool } from "./sgldWorkerPool";
import { resolveSgldSettings, type SgldOptions, type SgldSettings } from "./sgldSettings";
import { computeThreads } from "../util/computeThreads";

/** How a sampling run went, apart from its draws. */
export interface SgldDiagnostics {
  /** "parallel" (worker threads) or "sequential" (this thread). */
  mode: "parallel" | "sequential";
  /** Number of threads that ran chains. */
  numWorkers: number;
  /** Why the run is sequential when parallel was asked for (no spec, one chain, ...), else "". */
  sequentialReason: string;
  /** Number of samples L_n(w*) was averaged over (n when exact). */
  initLossSamples: number;
  /** Standard error of the L_n(w*) estimate (nats/sample; 0 when exact), from its batch losses. */
  initLossStdError: number;
  /** Wall-clock time of each chain (ms). */
  chainMs: Float64Array;
  /** Wall-clock time of the whole run, including L_n(w*) and worker start-up (ms). */
  elapsedMs: number;
}

/** The explicit trace of an SGLD run: what every estimator of the localized posterior reads. */
export interface SgldTrace {
  /** Minibatch losses at the recorded draws, chain x draw (nats/sample). */
  losses: Float64Array[];
  /** Minibatch losses of the burn-in steps, chain x step. */
  burnInLosses: Float64Array[];
  /** Squared distances |w - w*|^2 at the recorded draws, chain x draw. */
  distances: Float64Array[];
  /** Virial terms (w - w*) . grad L_B(w) at the recorded draws, chain x draw (see SgldChainResult). */
  virials: Float64Array[];
  /** RMSProp's mean square gradient at the end of each chain (chain x d; empty arrays without preconditioning). */
  squareAverages: Float64Array[];
  /** Parameters at the recorded draws, chain x (draw x d), when options.recordParams; else empty arrays. */
  params: Float32Array[];
  /** Each chain's final state when options.keepChainStates (pass it as `continueFrom` to run the chains longer). */
  chainStates?: SgldChainState[];
  /** L_n(w*), the loss at the centre (nats/sample). */
  initLoss: number;
  /** The settings used, with n beta and how it was chosen. */
  settings: SgldSettings;
  diagnostics: SgldDiagnostics;
}

/**
 * Loss at the centre, L_n(w*): exact over all n samples when `initLossBatches` batches would cover
 * the data, else the mean of `initLossBatches` disjoint random minibatches.
 */
export function centerLoss(loss: MinibatchLoss, center: Float32Array, settings: SgldSettings): { value: number; samples: number; stdError: number } {
  const n = loss.numSamples, m = settings.batchSize;
  if (settings.initLossBatches * m >= n) {
    let sum = 0;
    for (let start = 0; start < n; start += m) {
      const idx = new Int32Array(Math.min(m, n - start));
      for (let i = 0; i < idx.length; i++) idx[i] = start + i;
      sum += loss.loss(center, idx) * idx.length;
    }
    return { value: sum / n, samples: n, stdError: 0 };
  }
  const order = createRandom(settings.seed).permutation(n);
  const k = settings.initLossBatches;
  const values = new Float64Array(k);
  for (let b = 0; b < k; b++) values[b] = loss.loss(center, order.subarray(b * m, (b + 1) * m));
  let mean = 0;
  for (const v of values) mean += v;
  mean /= k;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { value: mean, samples: k * m, stdError: k > 1 ? Math.sqrt(ss / (k - 1) / k) : 0 };
}

function workerCount(requested: SgldOptions["workers"], numChains: number): number {
  if (requested === false) return 1;
  if (requested === undefined || requested === true) return Math.max(1, Math.min(numChains, computeThreads()));
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`sampleSgld: workers must be a boolean or an integer >= 1, got ${requested}`);
  return Math.min(numChains, requested);
}

/**
 * Samples the localized tempered posterior around w* with SGLD and returns the explicit trace.
 *
 * Posterior (paper.md, "Estimating the LLC"; Lau et al. 2023):
 * p(w) ∝ exp(-n beta L_n(w) - (gamma/2) |w - w*|^2), sampled by
 * w <- w - (eps/2) [ n beta grad L_B(w) + gamma (w - w*) ] + N(0, eps I) from w = w*.
 * Variant: devinterp's (draw = minibatch loss at the step's start point; burn-in; thinning), with
 * L_n(w*) exact or averaged over several batches. Chains run in worker threads (one per thread of computeThreads(), chains
 * dealt round-robin) when the loss carries a LossSpec — in `options.pool` if given (see
 * createSgldWorkerPool: workers that keep the model between calls), else in a pool started and closed
 * for this call — and otherwise one after another in this thread; chain c always draws from
 * deriveSeed(seed, c), so every path gives identical traces.
 *
 * @param loss any {@link MinibatchLoss}; with a `spec` (see lossSpec) it can run in parallel.
 * @param center w*, length loss.numParams (should be a local minimum of L_n).
 * @param options step size eps, localization gamma, n beta or its rule, chains, draws, burn-in,
 *   thinning, batch size, seed, workers; see {@link SgldOptions} for units, ranges and defaults.
 * @returns the {@link SgldTrace}: losses chain x draw, burn-in losses, distances, L_n(w*), settings, diagnostics.
 * @throws RangeError for options out of range or a centre of the wrong length; Error when a chain
 *   diverges (names the chain, the step and the step size).
 * @example
 * const nc = createNormalCrossingLoss({ a: 1, b: 2, numSamples: 1000, seed: 0 });
 * const trace = await sampleSgld(nc, nc.trueParams, { stepSize: 1e-4, localization: 1, numChains: 2, numDraws: 50, workers: false });
 * trace.losses.length; // 2
 * trace.losses[0].length; // 50
 * trace.settings.nBetaRule; // "numSamples"
 *
 * Complexity: numChains x (numBurnin + numDraws x thinning) gradient evaluations, split over the workers.
 */
export async function sampleSgld(loss: MinibatchLoss, center: Float32Array, options: SgldOptions = {}): Promise<SgldTrace> {
  const t0 = performance.now();
  const settings = resolveSgldSettings(loss, options, "sampleSgld");
  if (!(center instanceof Float32Array) || center.length !== loss.numParams) {
    throw new RangeError(`sampleSgld: center must be a Float32Array of length numParams = ${loss.numParams}, got ${center?.length}`);
  }
  const init = centerLoss(loss, center, settings);
  if (!Number.isFinite(init.value)) throw new Error(`sampleSgld: the loss at the centre w* is not finite (${init.value})`);
  const pool = options.pool;
  let numWorkers = pool ? Math.min(pool.size, settings.numChains) : workerCount(options.workers, settings.numChains);
  let sequentialReason = "";
  if (pool) {
    if (!hasLossSpec(loss) || !sameLossSpec(loss.spec, pool.spec)) {
      throw new RangeError(`sampleSgld: pool was built for ${describeLossSpec(pool.spec)}, not for this loss`);
    }
  } else {
    if (numWorkers > 1 && !hasLossSpec(loss)) sequentialReason = "the loss has no LossSpec, so it cannot be rebuilt in a worker";
    if (numWorkers > 1 && !sequentialReason) {
      try {
        sgldWorkerScript();
      } catch (e) {
        sequentialReason = (e as Error).message;
      }
    }
    if (options.workers === false || options.workers === 1) sequentialReason = "workers: sequential asked for";
    else if (numWorkers === 1 && !sequentialReason) sequentialReason = settings.numChains === 1 ? "one chain" : "one thread (computeThreads)";
  }
  const resume = options.continueFrom ?? null;
  if (resume && resume.length !== settings.numChains) {
    throw new RangeError(`sampleSgld: continueFrom must hold one state per chain (${settings.numChains}), got ${resume.length}`);
  }
  const continuation = { resume, keepState: options.keepChainStates ?? false };
  let chains: SgldChainResult[];
  if (sequentialReason) {
    numWorkers = 1;
    chains = [];
    for (let c = 0; c < settings.numChains; c++) chains.push(runSgldChain(loss, center, settings, c, init.value, { resume: resume?.[c] ?? null, keepState: continuation.keepState }));
  } else if (pool) {
    chains = await pool.run(center, settings, init.value, continuation);
  } else {
    const temporary: SgldWorkerPool = createSgldWorkerPool(loss as MinibatchLoss & { spec: import("./lossSpec").LossSpec }, numWorkers);
    try {
      chains = await temporary.run(center, settings, init.value, continuation);
    } finally {
      await temporary.close();
    }
  }
  return {
    losses: chains.map((c) => c.losses),
    burnInLosses: chains.map((c) => c.burnInLosses),
    distances: chains.map((c) => c.distances),
    virials: chains.map((c) => c.virials),
    squareAverages: chains.map((c) => c.squareAverage),
    params: chains.map((c) => c.params),
    ...(continuation.keepState ? { chainStates: chains.map((c) => c.state!) } : {}),
    initLoss: init.value,
    settings,
    diagnostics: {
      mode: sequentialReason ? "sequential" : "parallel",
      numWorkers,
      sequentialReason,
      initLossSamples: init.samples,
      initLossStdError: init.stdError,
      chainMs: Float64Array.from(chains.map((c) => c.elapsedMs)),
      elapsedMs: performance.now() - t0,
    },
  };
}
