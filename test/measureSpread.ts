/**
 * Measures the bias and spread of every stochastic test's estimates over many seed offsets and writes
 * the table the tolerances are set from: `test/fixtures/seedSpread/spread.json` and `spread.md`.
 *
 *   npm run build && node build/test/measureSpread.js --seeds 40 [--from 0] [--only name,name] [--write]
 *
 * Each case of the case modules (test/stochasticCases.ts) runs at offsets from..from+seeds-1; per
 * quantity the table gives the mean error (bias), its standard deviation, the largest error seen,
 * |bias| + 3.5 sd and the test's tolerance, and flags a tolerance below |bias| + 3.5 sd. Without
 * `--write` it only prints. With `--only`, the other rows of an existing table are kept.
 *
 * Run without arguments (as the test runner does for every file under test/) it does nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { quantityError, toleranceInterval, type StochasticCase } from "./stochastic";
import { STOCHASTIC_CASES } from "./stochasticCases";

/** One row of the spread table. */
export interface SpreadRow {
  case: string;
  quantity: string;
  test: string;
  truth: number;
  relative: boolean;
  seeds: number;
  from: number;
  meanEstimate: number;
  bias: number;
  sd: number;
  minError: number;
  maxError: number;
  required: number;
  tolerance: [number, number];
  ok: boolean;
  failures: number;
  secondsPerRun: number;
}

/** One-sided normal tail beyond 3.5 sd. */
const ONE_SIDED_3_5_SD = 2.33e-4;

/** Rate of events per trial over all seeds, with half an event added so that none seen is not zero. */
function rareEventRate(errors: number[], truth: number, trials: number): number {
  const events = errors.reduce((a, e) => a + e + truth, 0);
  return (events + 0.5) / (errors.length * trials + 1);
}

/** P(X > limit) for X ~ Binomial(n, p). */
function binomialTail(n: number, p: number, limit: number): number {
  let below = 0;
  for (let j = 0; j <= Math.floor(limit); j++) {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    below += c * p ** j * (1 - p) ** (n - j);
  }
  return Math.max(0, 1 - below);
}

const FIXTURES = path.resolve(__dirname, "..", "..", "test", "fixtures", "seedSpread");

export async function measureCase(c: StochasticCase, from: number, seeds: number, log: (s: string) => void = () => {}): Promise<SpreadRow[]> {
  const errors: Record<string, number[]> = {};
  const estimates: Record<string, number[]> = {};
  const t0 = performance.now();
  for (let k = from; k < from + seeds; k++) {
    const values = await c.run(k);
    for (const [key, q] of Object.entries(c.quantities)) {
      (errors[key] ??= []).push(quantityError(q, values[key]!));
      (estimates[key] ??= []).push(values[key]!);
    }
    log(`  ${c.name} offset ${k}: ${Object.entries(values).map(([key, v]) => `${key} ${Number(v).toPrecision(4)}`).join(", ")}`);
  }
  const secondsPerRun = (performance.now() - t0) / 1000 / seeds;
  return Object.entries(c.quantities).map(([key, q]) => {
    const e = errors[key]!;
    const bias = e.reduce((a, b) => a + b, 0) / e.length;
    const sd = Math.sqrt(e.reduce((a, b) => a + (b - bias) ** 2, 0) / (e.length - 1));
    const [lo, hi] = toleranceInterval(q);
    return {
      case: c.name,
      quantity: key,
      test: c.test,
      truth: q.truth,
      relative: q.relative ?? false,
      seeds,
      from,
      meanEstimate: estimates[key]!.reduce((a, b) => a + b, 0) / seeds,
      bias,
      sd,
      minError: Math.min(...e),
      maxError: Math.max(...e),
      required: Math.abs(bias) + 3.5 * sd,
      tolerance: [lo, hi],
      ok: q.trials ? binomialTail(q.trials, rareEventRate(e, q.truth, q.trials), q.truth + hi) < ONE_SIDED_3_5_SD : lo <= bias - 3.5 * sd && bias + 3.5 * sd <= hi,
      failures: e.filter((x) => !(x >= lo && x <= hi)).length,
      secondsPerRun,
    };
  });
}

function fmt(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1000 || a < 1e-3 ? x.toExponential(2) : x.toPrecision(3);
}

export function spreadMarkdown(rows: SpreadRow[]): string {
  const lines = [
    "# Bias and spread of the stochastic tests' estimates",
    "",
    "Written by `test/measureSpread.ts` (`npm run spread`). Each case runs with its test's seeds shifted",
    "by 1000 x offset; errors are estimate − truth, or estimate / truth − 1 for relative quantities (rel).",
    "A tolerance is sound when it contains bias ± 3.5 sd (for counts of rare events: when the binomial",
    "tail beyond it, at the measured rate, is below the 3.5 sd normal tail); `failures` counts offsets outside it.",
    "",
    "| case | quantity | truth | seeds | bias | sd | max abs error | abs bias + 3.5 sd | tolerance | sound | failures | s/run |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const tol = r.tolerance[0] === -r.tolerance[1] ? `±${fmt(r.tolerance[1])}` : `[${fmt(r.tolerance[0])}, ${fmt(r.tolerance[1])}]`;
    lines.push(
      `| ${r.case} | ${r.quantity}${r.relative ? " (rel)" : ""} | ${fmt(r.truth)} | ${r.seeds} | ${fmt(r.bias)} | ${fmt(r.sd)} | ${fmt(Math.max(-r.minError, r.maxError))} | ${fmt(r.required)} | ${tol} | ${r.ok ? "yes" : "NO"} | ${r.failures} | ${r.secondsPerRun.toFixed(2)} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seeds = Number(arg("--seeds") ?? 40);
  const from = Number(arg("--from") ?? 0);
  const only = arg("--only")?.split(",");
  const write = argv.includes("--write");
  if (!Number.isInteger(seeds) || seeds < 2) throw new RangeError(`measureSpread: --seeds must be an integer ≥ 2, got ${arg("--seeds")}`);
  const cases = STOCHASTIC_CASES.filter((c) => !only || only.includes(c.name));
  if (only) {
    const unknown = only.filter((n) => !STOCHASTIC_CASES.some((c) => c.name === n));
    if (unknown.length) throw new RangeError(`measureSpread: unknown case ${unknown.join(", ")}; known: ${STOCHASTIC_CASES.map((c) => c.name).join(", ")}`);
  }
  const file = path.join(FIXTURES, "spread.json");
  const previous: SpreadRow[] = write && only && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { rows: SpreadRow[] }).rows : [];
  const fresh: SpreadRow[] = [];
  for (const c of cases) {
    process.stderr.write(`${c.name} (${seeds} offsets from ${from})\n`);
    const rows = await measureCase(c, from, seeds, argv.includes("--verbose") ? (s) => process.stderr.write(`${s}\n`) : undefined);
    for (const r of rows) {
      process.stderr.write(`  ${r.quantity}: bias ${fmt(r.bias)}, sd ${fmt(r.sd)}, required ${fmt(r.required)}, tolerance [${fmt(r.tolerance[0])}, ${fmt(r.tolerance[1])}] ${r.ok ? "ok" : "TOO TIGHT"}, ${r.failures} failures, ${r.secondsPerRun.toFixed(2)} s/run\n`);
    }
    fresh.push(...rows);
  }
  // Keep the case order of STOCHASTIC_CASES; fresh rows replace previous rows of the same case.
  const byCase = new Map<string, SpreadRow[]>();
  for (const r of previous) if (!fresh.some((f) => f.case === r.case)) (byCase.get(r.case) ?? byCase.set(r.case, []).get(r.case)!).push(r);
  for (const r of fresh) (byCase.get(r.case) ?? byCase.set(r.case, []).get(r.case)!).push(r);
  const rows = STOCHASTIC_CASES.flatMap((c) => byCase.get(c.name) ?? []);
  process.stdout.write(spreadMarkdown(rows));
  if (write) {
    fs.mkdirSync(FIXTURES, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ rows }, null, 1)}\n`);
    fs.writeFileSync(path.join(FIXTURES, "spread.md"), spreadMarkdown(rows));
    process.stderr.write(`wrote ${path.relative(process.cwd(), file)} and spread.md\n`);
  }
  const bad = fresh.filter((r) => !r.ok);
  if (bad.length) process.stderr.write(`${bad.length} tolerance(s) below |bias| + 3.5 sd: ${bad.map((r) => `${r.case}.${r.quantity}`).join(", ")}\n`);
}

if (require.main === module && process.argv.length > 2) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
