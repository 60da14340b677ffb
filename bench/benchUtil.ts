/** Timing helpers shared by the benchmarks. */

/** Median of the per-call time in milliseconds of `fn`, over `repeats` batches of `calls` calls each. */
export async function medianMs(fn: () => unknown, options: { calls?: number; repeats?: number; warmup?: number } = {}): Promise<number> {
  const calls = options.calls ?? 10;
  const repeats = options.repeats ?? 5;
  for (let i = 0; i < (options.warmup ?? 2); i++) await fn();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    times.push((performance.now() - t0) / calls);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** A fixed-width report row: label, value with unit, and an optional ratio against a baseline. */
export function row(label: string, value: number, unit: string, baseline?: { value: number; label: string }): string {
  const v = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toPrecision(3);
  const ratio = baseline ? `  (${(value / baseline.value).toFixed(2)}x ${baseline.label})` : "";
  return `${label.padEnd(52)} ${v.padStart(10)} ${unit}${ratio}`;
}
