/**
 * A kind of run for the queue tests: cheap, deterministic records (from the configuration alone) that
 * go through the same queue path as MNIST runs. Each computation appends "pid start|end <config>" to
 * the file named by AB_STUB_LOG (when set), so a test can count how often each run was computed. Its
 * version is AB_STUB_VERSION (default "stub/1"), so a test can start a worker of another version.
 */
import * as fs from "node:fs";
import type { RunKind } from "../../src/experiment/runKind";
import { schema } from "../../src/util/plainDataSchema";

export interface StubConfig {
  x: number;
  /** Milliseconds the run takes (it waits, so it costs no CPU). */
  ms: number;
  /** "range": a RangeError (bad input, deterministic); "always": a plain Error on every attempt. */
  fail?: "range" | "always";
}

export interface StubRecord {
  config: StubConfig;
  value: number;
  values: number[];
}

const RECORD = schema.object({ config: schema.unknown, value: schema.finite, values: schema.array(schema.finite) });

/** The record of a configuration, as every runner must return it. */
export function stubRecord(config: StubConfig): StubRecord {
  return { config, value: Math.sin(config.x) * 1e3, values: [1 / 3, Math.PI * config.x, Math.exp(-config.x)] };
}

function log(line: string): void {
  const file = process.env.AB_STUB_LOG;
  if (file) fs.appendFileSync(file, `${process.pid} ${line}\n`);
}

export const stubRunKind: RunKind<StubConfig, StubRecord> = {
  name: "stub",
  version: () => process.env.AB_STUB_VERSION ?? "stub/1",
  validate: (record) => schema.mismatch(record, RECORD, "record"),
  open: () => ({
    runGroup: async (configs) => {
      const records: StubRecord[] = [];
      for (const config of configs) {
        log(`start ${JSON.stringify(config)}`);
        await new Promise((resolve) => setTimeout(resolve, config.ms));
        if (config.fail === "range") throw new RangeError(`stub: x must be finite and small, got ${config.x}`);
        if (config.fail === "always") throw new Error(`stub: the machine is having a bad day (x ${config.x})`);
        records.push(stubRecord(config));
        log(`end ${JSON.stringify(config)}`);
      }
      return records;
    },
    close: async () => undefined,
  }),
};

export const runKinds = [stubRunKind];
