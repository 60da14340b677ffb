/**
 * Seeds of the stochastic tests: each test's own seeds shifted by 1000 x the run's seed offset, so that
 * a test passes because its tolerance covers the estimator's spread, not because of the seed it was
 * written with.
 *
 * The offset is `AB_TEST_SEED_OFFSET` when set (a non-negative integer; 0 gives the seeds written in
 * the tests), otherwise a value that changes every day (days since 1970 modulo 1000). Every failure
 * message of a stochastic test ends with {@link seedNote}, which names the offset and how to replay
 * it; `test/seedOffset.test.ts` prints it once per run.
 *
 * Run without arguments (as the test runner does for every file under test/) this module does nothing.
 */

let cached: number | undefined;

/** The seed offset of this run (see the module comment). */
export function seedOffset(): number {
  if (cached !== undefined) return cached;
  const text = process.env.AB_TEST_SEED_OFFSET;
  if (text !== undefined && text !== "") {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 0 || value > 1e9) {
      throw new RangeError(`AB_TEST_SEED_OFFSET must be an integer in [0, 1e9], got ${JSON.stringify(text)}`);
    }
    cached = value;
  } else {
    cached = Math.floor(Date.now() / 86_400_000) % 1000;
  }
  return cached;
}

/** A test's seed `base` at seed offset `offset` (default: this run's): base + 1000 offset. */
export function testSeed(base: number, offset = seedOffset()): number {
  return base + 1000 * offset;
}

/** "seed offset k (replay: AB_TEST_SEED_OFFSET=k npm test)", appended to failure messages. */
export function seedNote(offset = seedOffset()): string {
  return `seed offset ${offset} (replay: AB_TEST_SEED_OFFSET=${offset} npm test)`;
}
