/**
 * Replica exchange (parallel tempering) over the Langevin sampler: posterior draws that move between
 * basins, so that a basin's share of the draws estimates its posterior mass.
 */
import type { MinibatchLoss } from "../model/minibatchLoss";
import { DivergenceError } from "../util/divergenceError";
import { createRandom, deriveSeed, type Seed } from "../util/random";
import { createLangevin } from "./langevin";
import type { Optimizer } from "./optimizer";

/** Options of {@link replicaExchangeLangevin}. */
export interface ReplicaExchangeOptions {
  /** The loss L_n (nats per sample); evaluated on all n samples at every step. */
  loss: MinibatchLoss;
  /** Inverse temperatures times n, n beta_0 > n beta_1 > ... > 0: replica 0 is the coldest (n beta = n for the posterior; a colder tempered rung may sit above it). */
  nBetas: number[];
  /**
   * Standard deviation sigma_j > 0 of each replica's Gaussian prior N(0, sigma_j^2 I): one number for all
   * (the prior untempered in every replica), or one per replica, e.g. sigma / sqrt(beta_j) for a replica
   * whose whole posterior, prior included, is tempered: exp(-n beta_j U) with U = L_n + |w|^2 / (2 n sigma^2).
   */
  priorStd: number | number[];
  /** Langevin step size eta of each replica (one number for all, or one per replica), > 0. */
  stepSizes: number | number[];
  /** Starting weights, one vector per replica (copied), each of length d. */
  initial: Float32Array[];
  /** Langevin steps per replica after burn-in, an integer >= 1. */
  numSteps: number;
  /** Steps discarded before recording (default numSteps / 4), an integer >= 0. */
  numBurnin?: number;
  /** Steps between swap attempts (default 10), an integer >= 1. */
  swapEvery?: number;
  /** Steps between recorded draws (default 10), an integer >= 1. */
  recordEvery?: number;
  /** Replicas whose states are recorded (default [0]), distinct indices into nBetas; the first is the one of `draws`. */
  recordReplicas?: number[];
  /** Metropolis-adjust every Langevin move (MALA; default true): exact stationary law, no O(eta) bias. */
  metropolis?: boolean;
  /** Seed of the noise, the Metropolis decisions and the swaps (default 0). */
  seed?: Seed;
}

/** The recorded states of one replica. */
export interface RecordedReplica {
  /** Index of the replica in the ladder. */
  replica: number;
  /** Its n beta and prior standard deviation. */
  nBeta: number;
  priorStd: number;
  /** Recorded states, row-major numDraws x d. */
  draws: Float32Array;
  /** L_n at each draw. */
  drawLoss: Float64Array;
  /** Which walker (by starting replica) occupied the replica at each draw. */
  drawWalker: Int32Array;
}

/** Draws of the recorded replicas with the sampler's diagnostics. */
export interface ReplicaExchangeResult {
  /** Recorded states of the first recorded replica (replica 0 by default), row-major numDraws x d. */
  draws: Float32Array;
  numDraws: number;
  numParams: number;
  /** L_n at each draw of the first recorded replica. */
  drawLoss: Float64Array;
  /** Acceptance rate of swaps between replicas j and j + 1, length R - 1. */
  swapAcceptance: Float64Array;
  /** Acceptance rate of the Metropolis-adjusted moves of each replica (1 without adjustment), length R. */
  moveAcceptance: Float64Array;
  /** Walkers that went from the coldest replica (0) to the hottest and back (a mixing diagnostic: 0 means no mixing across the ladder). */
  roundTrips: number;
  /** Which walker (by starting replica) occupied the first recorded replica at each draw. */
  drawWalker: Int32Array;
  /** Every recorded replica, in the order of `recordReplicas` (the first is the one above). */
  recorded: RecordedReplica[];
  elapsedMs: number;
}

/**
 * Samples the posterior p(w) ∝ rho(w) exp(-n beta L_n(w)), rho = N(0, sigma^2 I) (and tempered versions of it), by replica exchange
 * Langevin dynamics (parallel tempering; Swendsen & Wang 1986, Geyer 1991): R replicas of laws
 * pi_j(w) ∝ exp(-n beta_j L_n(w) - |w|^2 / (2 sigma_j^2)), n beta_0 > ... > n beta_{R-1}, each moved by
 * the one Langevin sampler of this package (createLangevin: w' = w - eta [grad L_n(w) + w / (n beta
 * sigma_j^2)] + sqrt(2 eta / (n beta)) xi, full batch), by default Metropolis-adjusted (MALA: accept w'
 * with probability min(1, pi(w') q(w | w') / (pi(w) q(w' | w))), q the Gaussian proposal of mean
 * w + tau grad log pi(w) and variance 2 tau, tau = eta / (n beta)), so every replica's stationary law is
 * exact. Every `swapEvery` steps, neighbouring replicas j, j + 1 (even pairs, then odd pairs
 * alternately: the deterministic even-odd scheme) swap states with probability
 * min(1, pi_j(w_{j+1}) pi_{j+1}(w_j) / (pi_j(w_j) pi_{j+1}(w_{j+1}))) = min(1, exp((n beta_j - n beta_{j+1})
 * (L_n(w_j) - L_n(w_{j+1})) + (1 / (2 sigma_j^2) - 1 / (2 sigma_{j+1}^2)) (|w_j|^2 - |w_{j+1}|^2))) (the
 * prior term vanishes when the priors are equal). Hot replicas cross barriers; swaps carry the crossings
 * down to the cold replicas, so their draws visit the basins in proportion to their masses. Recording
 * two replicas (e.g. the posterior and a colder tempered posterior) gives both laws from one run.
 *
 * @param options see {@link ReplicaExchangeOptions}.
 * @returns a {@link ReplicaExchangeResult}: draws of the recorded replicas and the swap, move and
 *   round-trip diagnostics.
 * @throws RangeError for a ladder that is not strictly decreasing and positive, mismatched starts or
 *   priors, recorded replicas out of range or repeated, or counts out of range; DivergenceError when a replica's loss becomes non-finite.
 * @example
 * const loss = createGaussianWellsLoss({ centers: [[-1, 0], [1, 0]], widths: [0.3, 0.3], numSamples: 10 });
 * const run = replicaExchangeLangevin({ loss, nBetas: [10, 3, 1], priorStd: 3, stepSizes: 0.05, initial: [new Float32Array([-1, 0]), new Float32Array([1, 0]), new Float32Array([0, 0])], numSteps: 200, recordEvery: 20, seed: 1 });
 * run.numDraws; // 10
 * run.swapAcceptance.length; // 2
 * @complexity O(R (numBurnin + numSteps) n d) for a loss of cost O(n d) per full-batch gradient.
 */
export function replicaExchangeLangevin(options: ReplicaExchangeOptions): ReplicaExchangeResult {
  const fn = "replicaExchangeLangevin";
  const t0 = performance.now();
  const { loss, nBetas, priorStd, initial, numSteps } = options;
  const R = nBetas.length;
  if (R < 1) throw new RangeError(`${fn}: nBetas must hold at least one inverse temperature, got none`);
  nBetas.forEach((b, j) => {
    if (!(b > 0) || !Number.isFinite(b) || (j > 0 && !(b < nBetas[j - 1]!))) {
      throw new RangeError(`${fn}: nBetas must be finite, positive and strictly decreasing, got ${b} at position ${j}; order the ladder from the target (coldest) down`);
    }
  });
  const sigmas = typeof priorStd === "number" ? new Array<number>(R).fill(priorStd) : priorStd;
  if (sigmas.length !== R || sigmas.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new RangeError(`${fn}: priorStd must be one finite number > 0 or one per replica (${R}), got ${JSON.stringify(priorStd)}`);
  }
  const etas = typeof options.stepSizes === "number" ? new Array<number>(R).fill(options.stepSizes) : options.stepSizes;
  if (etas.length !== R || etas.some((e) => !(e > 0) || !Number.isFinite(e))) {
    throw new RangeError(`${fn}: stepSizes must be one finite number > 0 or one per replica (${R}), got ${JSON.stringify(options.stepSizes)}`);
  }
  const d = loss.numParams;
  if (initial.length !== R || initial.some((w) => w.length !== d)) {
    throw new RangeError(`${fn}: initial must hold ${R} vectors of length ${d} (one per replica), got ${initial.length} of lengths ${initial.map((w) => w.length).join(", ")}`);
  }
  const int = (name: string, v: number, min: number) => {
    if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`${fn}: ${name} must be an integer ≥ ${min}, got ${v}`);
    return v;
  };
  int("numSteps", numSteps, 1);
  const numBurnin = int("numBurnin", options.numBurnin ?? Math.floor(numSteps / 4), 0);
  const swapEvery = int("swapEvery", options.swapEvery ?? 10, 1);
  const recordEvery = int("recordEvery", options.recordEvery ?? 10, 1);
  const metropolis = options.metropolis ?? true;
  const seed = options.seed ?? 0;
  const recordReplicas = options.recordReplicas ?? [0];
  if (recordReplicas.length < 1 || recordReplicas.some((r, i) => !Number.isInteger(r) || r < 0 || r >= R || recordReplicas.indexOf(r) !== i)) {
    throw new RangeError(`${fn}: recordReplicas must hold distinct replica indices in [0, ${R - 1}], at least one, got ${JSON.stringify(recordReplicas)}`);
  }

  const all = Int32Array.from({ length: loss.numSamples }, (_, i) => i);
  const state = initial.map((w) => Float32Array.from(w));
  const grad = state.map(() => new Float32Array(d));
  const value = new Float64Array(R);
  const proposal = new Float32Array(d), proposalGrad = new Float32Array(d);
  const optimizers: Optimizer[] = nBetas.map((nBeta, j) => createLangevin({ learningRate: etas[j]!, nBeta, priorStd: sigmas[j]!, seed: deriveSeed(seed, j) }, d));
  const rng = createRandom(deriveSeed(seed, R + 1));
  const evaluate = (w: Float32Array, g: Float32Array, j: number, step: number) => {
    const v = loss.lossAndGradient(w, all, g);
    if (!Number.isFinite(v)) throw new DivergenceError({ where: `${fn} replica ${j}`, step, stepSize: etas[j]!, stepSizeName: "step size", quantity: "loss", value: v, seed });
    return v;
  };
  for (let j = 0; j < R; j++) value[j] = evaluate(state[j]!, grad[j]!, j, 0);
  const squaredNorm = (w: Float32Array) => {
    let s = 0;
    for (let i = 0; i < d; i++) s += w[i]! * w[i]!;
    return s;
  };
  // log pi_j(w) = -n beta_j L(w) - |w|^2 / (2 sigma_j^2); grad log pi_j = -n beta_j grad L - w / sigma_j^2.
  const logTarget = (w: Float32Array, v: number, j: number) => -nBetas[j]! * v - squaredNorm(w) / (2 * sigmas[j]! ** 2);
  // log q(to | from) up to a constant: -|to - from - tau grad log pi(from)|^2 / (4 tau).
  const logProposal = (to: Float32Array, from: Float32Array, g: Float32Array, j: number) => {
    const tau = etas[j]! / nBetas[j]!;
    let s = 0;
    for (let i = 0; i < d; i++) {
      const drift = tau * (-nBetas[j]! * g[i]! - from[i]! / sigmas[j]! ** 2);
      const r = to[i]! - from[i]! - drift;
      s += r * r;
    }
    return -s / (4 * tau);
  };
  const accepted = new Float64Array(R), swapsTried = new Float64Array(Math.max(0, R - 1)), swapsDone = new Float64Array(Math.max(0, R - 1));
  const walker = Int32Array.from({ length: R }, (_, j) => j);
  // Round trips: a walker is "up" after visiting replica 0 and counts a trip when it returns from R - 1.
  const direction = new Int8Array(R).fill(0); // per walker: 0 unknown, 1 heading hot, -1 heading cold
  direction[0] = 1;
  let roundTrips = 0;
  const total = numBurnin + numSteps;
  const numDraws = Math.floor(numSteps / recordEvery);
  const recorded: RecordedReplica[] = recordReplicas.map((replica) => ({
    replica, nBeta: nBetas[replica]!, priorStd: sigmas[replica]!,
    draws: new Float32Array(numDraws * d), drawLoss: new Float64Array(numDraws), drawWalker: new Int32Array(numDraws),
  }));
  let drawIndex = 0, swapRound = 0;
  for (let step = 1; step <= total; step++) {
    for (let j = 0; j < R; j++) {
      const w = state[j]!, g = grad[j]!;
      proposal.set(w);
      optimizers[j]!.step(proposal, g);
      const v = evaluate(proposal, proposalGrad, j, step);
      let accept = true;
      if (metropolis) {
        const logAlpha = logTarget(proposal, v, j) - logTarget(w, value[j]!, j) + logProposal(w, proposal, proposalGrad, j) - logProposal(proposal, w, g, j);
        accept = logAlpha >= 0 || Math.log(rng.uniform()) < logAlpha;
      }
      if (accept) {
        w.set(proposal);
        g.set(proposalGrad);
        value[j] = v;
        accepted[j]!++;
      }
    }
    if (R > 1 && step % swapEvery === 0) {
      for (let j = swapRound % 2; j + 1 < R; j += 2) {
        swapsTried[j]!++;
        let logAlpha = (nBetas[j]! - nBetas[j + 1]!) * (value[j]! - value[j + 1]!);
        if (sigmas[j] !== sigmas[j + 1]) logAlpha += (1 / (2 * sigmas[j]! ** 2) - 1 / (2 * sigmas[j + 1]! ** 2)) * (squaredNorm(state[j]!) - squaredNorm(state[j + 1]!));
        if (logAlpha >= 0 || Math.log(rng.uniform()) < logAlpha) {
          swapsDone[j]!++;
          [state[j], state[j + 1]] = [state[j + 1]!, state[j]!];
          [grad[j], grad[j + 1]] = [grad[j + 1]!, grad[j]!];
          [value[j], value[j + 1]] = [value[j + 1]!, value[j]!];
          [walker[j], walker[j + 1]] = [walker[j + 1]!, walker[j]!];
        }
      }
      swapRound++;
      const cold = walker[0]!, hot = walker[R - 1]!;
      if (direction[cold] === -1) roundTrips++;
      direction[cold] = 1;
      direction[hot] = -1;
    }
    if (step > numBurnin && (step - numBurnin) % recordEvery === 0 && drawIndex < numDraws) {
      for (const r of recorded) {
        r.draws.set(state[r.replica]!, drawIndex * d);
        r.drawLoss[drawIndex] = value[r.replica]!;
        r.drawWalker[drawIndex] = walker[r.replica]!;
      }
      drawIndex++;
    }
  }
  const moveAcceptance = Float64Array.from(accepted, (a) => a / total);
  const swapAcceptance = Float64Array.from(swapsDone, (s, j) => (swapsTried[j]! > 0 ? s / swapsTried[j]! : Number.NaN));
  const first = recorded[0]!;
  return {
    draws: first.draws, numDraws, numParams: d, drawLoss: first.drawLoss, swapAcceptance, moveAcceptance, roundTrips,
    drawWalker: first.drawWalker, recorded, elapsedMs: performance.now() - t0,
  };
}
