/**
 * A coordinator in a child process, for the test that kills one mid-sweep: runs a sweep of stub
 * configurations through the queue at argv[2] into the cache folder argv[3] (configurations as JSON in
 * argv[4]). Does nothing when imported.
 */
import { createRunCache } from "../../src/experiment/runCache";
import { runSweep } from "../../src/experiment/sweep";
import { queueRunner } from "../../src/experiment/queueRunner";
import { stubRunKind, type StubConfig } from "./stubRunKind";

if (require.main === module && process.argv.length >= 5) {
  const [redis, directory, configsJson] = process.argv.slice(2) as [string, string, string];
  const cache = createRunCache({ directory, version: "stub/1" });
  runSweep<StubConfig, unknown>({
    configs: JSON.parse(configsJson) as StubConfig[],
    cache,
    kind: "stub",
    runner: queueRunner({ redis, statusIntervalMs: 100 }),
    runGroup: () => Promise.reject(new Error("computed locally")),
    validate: stubRunKind.validate,
  }).then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
