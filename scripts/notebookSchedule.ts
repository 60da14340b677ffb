/**
 * The order in which `npm run reproduce` runs the notebooks, several at a time.
 *
 * Why: a notebook keeps both cores busy only while its SGLD chains or training workers run; its
 * calibrations' serial parts, its analysis cells and whole sections (notebook 06's relaxation test,
 * notebook 09's tfjs training) use one. Running two notebooks at once fills the idle core. Notebooks
 * share work through the run cache, so one that reads another's runs starts after it: otherwise both
 * would compute the same runs.
 */

/**
 * What each notebook reads from the cache that another one computes (by two-digit prefix). A notebook
 * missing here needs nothing.
 *
 * Notebook 02 also computes the LLC calibration of the reference MNIST run that 03 (and through it 04,
 * 05, 07, 09) reads, but 03 is not made to wait for it: 03 computes that calibration itself in its first
 * minutes, while 02 reaches it only after its normal crossings and deep linear networks, a quarter of an
 * hour in, and finds it in the cache. (Were 02's earlier sections already cached, both might compute
 * it at once: a minute of duplicated work, the same record.) Waiting would put all of 02 at the head
 * of the longest chain, 02 -> 03 -> 04 -> 05.
 */
export const NOTEBOOK_NEEDS: Readonly<Record<string, readonly string[]>> = {
  "04": ["03"], // notebook 03's runs, two seeds of its grid cell (lr 0.05, batch 64), and its LLC calibration
  "05": ["04"], // notebook 04's SGD grid (and, through 04, the calibration)
  "07": ["04"], // notebook 04's SGD grid
  "09": ["03"], // notebook 03's MLP runs and its calibration
};

/**
 * Kernel CPU seconds of each notebook from an empty cache, in the last full run (two notebooks at a
 * time with one thread each, two seeds per grid setting; 03 computing the shared MNIST calibration):
 * the work the scheduler weighs when it chooses what starts first.
 */
export const NOTEBOOK_SECONDS: Readonly<Record<string, number>> = {
  "00": 24, "01": 49, "02": 1756, "03": 172, "04": 794, "05": 1129, "06": 301, "07": 189, "08": 154, "09": 1042,
};

function prefix(name: string): string {
  return name.slice(0, 2);
}

/**
 * Runs `run(name)` for every notebook, at most `jobs` at a time, each once every notebook it needs
 * ({@link NOTEBOOK_NEEDS}, directly or through others, among those given) has finished. Of the notebooks ready to start, the one
 * heading the longest chain of remaining work ({@link NOTEBOOK_SECONDS}) goes first, then the earlier
 * one by name (with `jobs` 1, simply the earliest by name). After a failure nothing new starts; the
 * runs under way finish (their results reach the cache), then the first error is thrown.
 *
 * @param names notebook file names (NN_name.ipynb).
 * @param jobs notebooks at once, an integer ≥ 1 (1: one after another, by name).
 * @param run runs one notebook.
 * @returns the results of `run`, in the order of `names`.
 * @throws RangeError for a bad `jobs` or a notebook needing itself through a cycle; the first error of `run`.
 * @example
 * const seen: string[] = [];
 * await scheduleNotebooks(["04_b.ipynb", "03_a.ipynb"], 2, async (n) => { seen.push(n); });
 * seen; // ["03_a.ipynb", "04_b.ipynb"]: 04 reads 03's runs, so it starts after 03 ends
 */
export async function scheduleNotebooks<T>(names: readonly string[], jobs: number, run: (name: string) => Promise<T>): Promise<T[]> {
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`scheduleNotebooks: jobs must be an integer ≥ 1, got ${jobs}`);
  const present = new Set(names.map(prefix));
  // A notebook waits for everything it reads through others too (05 reads 03's calibration through 04):
  // with 04 left out of a run, 05 must still wait for 03.
  const allNeeds = (p: string, seen = new Set<string>()): Set<string> => {
    for (const q of NOTEBOOK_NEEDS[p] ?? []) {
      if (seen.has(q)) continue;
      seen.add(q);
      allNeeds(q, seen);
    }
    return seen;
  };
  const needs = new Map(names.map((n) => [n, [...allNeeds(prefix(n))].filter((p) => present.has(p))]));
  // Remaining work along the longest chain that starts at each notebook (its own seconds plus its dependants').
  const chain = new Map<string, number>();
  const visiting = new Set<string>();
  const chainOf = (name: string): number => {
    const known = chain.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new RangeError(`scheduleNotebooks: ${name} needs itself through NOTEBOOK_NEEDS`);
    visiting.add(name);
    const dependants = names.filter((n) => needs.get(n)!.includes(prefix(name)));
    const value = (NOTEBOOK_SECONDS[prefix(name)] ?? 60) + Math.max(0, ...dependants.map(chainOf));
    visiting.delete(name);
    chain.set(name, value);
    return value;
  };
  names.forEach(chainOf);

  const results = new Map<string, T>();
  const finished = new Set<string>();
  const waiting = [...names];
  let running = 0;
  let failure: { error: unknown } | null = null;
  return new Promise<T[]>((resolve, reject) => {
    const pump = (): void => {
      if (failure) {
        if (running === 0) reject(failure.error);
        return;
      }
      if (waiting.length === 0 && running === 0) {
        resolve(names.map((n) => results.get(n)!));
        return;
      }
      const ready = waiting
        .filter((n) => needs.get(n)!.every((p) => finished.has(names.find((m) => prefix(m) === p)!)))
        .sort((a, b) => (jobs === 1 ? 0 : chain.get(b)! - chain.get(a)!) || a.localeCompare(b));
      for (const name of ready) {
        if (running >= jobs) break;
        waiting.splice(waiting.indexOf(name), 1);
        running++;
        // Through a promise, so that a run that throws at once fails like one that rejects.
        Promise.resolve().then(() => run(name)).then(
          (value) => {
            results.set(name, value);
            finished.add(name);
            running--;
            pump();
          },
          (error: unknown) => {
            failure ??= { error };
            running--;
            pump();
          },
        );
      }
    };
    pump();
  });
}
