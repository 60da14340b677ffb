/**
 * The schema of an MNIST run record (`MnistRunRecord` in mnistRun.ts), checked whenever one is read back from the
 * experiment cache or stored into it.
 */
import { schema, type PlainDataSchema } from "../util/plainDataSchema";

const { finite, integer, nonNegativeInteger, string, boolean, array, object, oneOf, nullable, literal } = schema;
// Statistics that are legitimately NaN in corner cases (a standard deviation over one chain, 1/alpha at
// alpha = 0) are stored by JSON as null.
const statistic = nullable(finite);

/** One SGLD setting (see MnistSamplerSetting). */
const SAMPLER: PlainDataSchema = object({
  stepSize: finite,
  localization: finite,
  numChains: integer,
  numBurnin: nonNegativeInteger,
  numDraws: integer,
  batchSize: integer,
  nBetaRule: oneOf(schema.literal("numSamples"), schema.literal("batchSize")),
  preconditioner: oneOf(schema.literal("none"), schema.literal("rmsprop")),
  rmspropEpsilon: finite,
});

/** The configuration part (see MnistRunConfig). */
const CONFIG: PlainDataSchema = object({
  widths: array(integer),
  trainLimit: integer,
  testLimit: integer,
  optimizer: oneOf(schema.literal("sgd"), schema.literal("adam")),
  learningRate: finite,
  batchSize: integer,
  numSteps: integer,
  seed: nonNegativeInteger,
  logCaptures: integer,
  lateEvery: integer,
  fitStartFraction: finite,
  returnsProjection: integer,
  llc: object({
    checkpoints: array(finite),
    sampler: SAMPLER,
    short: oneOf(SAMPLER, schema.null),
    initLossBatches: integer,
    seed: nonNegativeInteger,
    descentSteps: nonNegativeInteger,
    descentStepSize: finite,
  }, schema.unknown),
}, schema.unknown);

/** Schema of an MNIST run record as JSON stores it. */
export const MNIST_RUN_RECORD_SCHEMA: PlainDataSchema = object({
  config: CONFIG,
  numParams: integer,
  steps: array(nonNegativeInteger),
  displacement: array(finite),
  fit: object({ alpha: finite, rSquared: finite, standardError: statistic, start: finite, end: finite, numPoints: integer }),
  llc: array(
    object({
      step: nonNegativeInteger,
      mean: finite,
      std: statistic,
      monteCarloStdError: statistic,
      rHat: statistic,
      ess: statistic,
      converged: boolean,
      reasons: array(string),
      localizerShare: statistic,
      descentShare: statistic,
      initLoss: finite,
      trace: array(statistic),
      warnings: array(string),
      posteriorRadius: finite,
      travelled: finite,
      short: oneOf(object({ mean: finite, std: statistic }), schema.null),
    }),
  ),
  llcTrusted: boolean,
  llcProblems: array(string),
  nBeta: finite,
  lambdaBar: finite,
  lambdaSpread: statistic,
  finalLambda: finite,
  spectralDimension: finite,
  walkDimension: statistic,
  withinBound: boolean,
  short: oneOf(object({ lambdaBar: finite, finalLambda: finite, spectralDimension: finite, withinBound: boolean }), schema.null),
  returns: oneOf(object({ ok: literal(true), spectralDimension: finite, standardError: statistic, rSquared: statistic, radius: finite }), object({ ok: literal(false), reason: string })),
  late: object({
    start: finite, end: finite, every: finite, lags: array(finite), msd: array(finite), window: object({ start: finite, end: finite }),
    fit: object({ alpha: finite, rSquared: statistic, standardError: statistic }),
    parts: array(object({ name: string, size: integer, alpha: finite, rSquared: statistic, standardError: statistic })),
    aging: oneOf(object({ lag: finite, measurementTimes: array(finite), msd: array(finite), exponent: finite, standardError: statistic }), schema.null),
    exits: oneOf(object({ radii: array(finite), meanExitTime: array(statistic), numCentres: array(nonNegativeInteger), walkDimension: statistic, standardError: statistic, rSquared: statistic }), schema.null),
  }),
  deadUnits: object({ perLayer: array(nonNegativeInteger), total: nonNegativeInteger, hidden: nonNegativeInteger, fraction: finite }),
  finalDisplacement: finite,
  testAccuracy: finite,
  testLoss: finite,
  trainLoss: finite,
  trainSeconds: finite,
  llcSeconds: finite,
}, schema.unknown); // fields this schema does not know are allowed: records may gain fields

/**
 * Checks a record read from disk against {@link MNIST_RUN_RECORD_SCHEMA}.
 *
 * @param record the parsed JSON.
 * @returns null when it matches, else the first mismatch by its path (`record.fit.alpha must be a
 *   finite number, got "oops"`).
 * @example
 * validateMnistRunRecord({}); // "record.config is missing"
 */
export function validateMnistRunRecord(record: unknown): string | null {
  return schema.mismatch(record, MNIST_RUN_RECORD_SCHEMA, "record");
}
