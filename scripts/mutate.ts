/**
 * Mutation testing of the estimator and pipeline modules: plants one classic bug at a time (an
 * operator swapped, a constant off by one, a sign or a square root dropped, and the named bugs of
 * the catalogue below), runs the tests that cover the module against the mutant, and reports the
 * mutants no test kills ("survivors").
 *
 *   npm run mutate                         # every target
 *   npm run mutate -- --only fitPowerLaw   # targets whose file name contains the text
 *   npm run mutate -- --only splitRhat,ess # several: comma-separated
 *   npm run mutate -- --catalogue          # only the named bugs, with the tests that catch each
 *   npm run mutate -- --list               # count the mutants, run nothing
 *   node build/scripts/mutate.js --report  # rewrite survivors.md after editing explanations.json
 *
 * How: the compiled project (build/) is copied to .cache/mutation/build; for each mutant the module's
 * TypeScript source is changed in memory, transpiled (no type check) over its compiled twin in the
 * copy, and the target's tests run in a child process with AB_TEST_SEED_OFFSET=0 and a timeout.
 * Mutants inside error handling (throw statements and the `if` guards that only throw) are not
 * planted: they change messages, not numbers. The report goes to test/fixtures/mutation/: each
 * module's counts and survivors in results.json (a run of some modules replaces only theirs), and
 * survivors.md, the survivors with the explanation recorded for each in explanations.json (an
 * equivalent mutant, or why no test should catch it); a survivor without one is listed as
 * "unexplained" and the script exits non-zero.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const COPY = path.join(ROOT, ".cache", "mutation", "build");
const FIXTURES = path.join(ROOT, "test", "fixtures", "mutation");

/** A module to mutate and the compiled tests that should kill its mutants. */
interface Target {
  file: string;
  tests: string[];
}

/** Each target's tests (paths under build/test/, without .js); docExamples runs filtered to the file. */
const TARGETS: Target[] = [
  { file: "src/diffusion/fitPowerLaw.ts", tests: ["diffusion/fitPowerLaw.test", "diffusion/standardErrors.test", "diffusion/ensembleMsd.test"] },
  { file: "src/diffusion/ensembleMsd.ts", tests: ["diffusion/ensembleMsd.test", "diffusion/standardErrors.test"] },
  { file: "src/diffusion/lateWindow.ts", tests: ["diffusion/fitPowerLaw.test", "diffusion/ensembleMsd.test"] },
  { file: "src/diffusion/localSlope.ts", tests: ["diffusion/fitPowerLaw.test", "diffusion/crossover.test"] },
  { file: "src/diffusion/diffusionCrossover.ts", tests: ["diffusion/fitPowerLaw.test", "diffusion/crossover.test"] },
  { file: "src/diffusion/bootstrapLocalSlope.ts", tests: ["diffusion/crossover.test"] },
  { file: "src/diffusion/bootstrapExponent.ts", tests: ["diffusion/standardErrors.test", "diffusion/fitPowerLaw.test"] },
  { file: "src/diffusion/summarizeDiffusion.ts", tests: ["diffusion/fitPowerLaw.test", "diffusion/crossover.test"] },
  { file: "src/diffusion/ergodicityBreaking.ts", tests: ["diffusion/ergodicityBreaking.test"] },
  { file: "src/diffusion/timeAveragedMsd.ts", tests: ["diffusion/timeAveragedMsd.test"] },
  { file: "src/diffusion/visitedVolume.ts", tests: ["diffusion/visitedVolume.test"] },
  { file: "src/bayes/bootstrapIntervals.ts", tests: ["bayes/divergences.test", "experiment/intervalCoverage.test"] },
  { file: "src/bayes/clusterSeparation.ts", tests: ["bayes/steadyStateTools.test"] },
  { file: "src/bayes/ensembleDrift.ts", tests: ["bayes/steadyStateTools.test"] },
  { file: "src/train/replicaExchangeLangevin.ts", tests: ["train/replicaExchange.test"] },
  { file: "src/experiment/sweepStatistics.ts", tests: ["experiment/sweepStatistics.test", "experiment/intervalCoverage.test"] },
  { file: "src/experiment/mnistAnalysis.ts", tests: ["experiment/mnistAnalysis.test", "experiment/mnistRun.test"] },
  { file: "src/experiment/settingSummaries.ts", tests: ["experiment/mnistAnalysis.test"] },
  { file: "src/slt/sgldChain.ts", tests: ["slt/llcDiagnostics.test"] },
  { file: "src/slt/splitRhat.ts", tests: ["slt/llcDiagnostics.test"] },
  { file: "src/slt/effectiveSampleSize.ts", tests: ["slt/llcDiagnostics.test"] },
  { file: "src/slt/llcConvergence.ts", tests: ["slt/llcDiagnostics.test"] },
  { file: "src/slt/hessianTopEigenvalue.ts", tests: ["slt/llcDiagnostics.test"] },
  { file: "src/slt/calibrateLlcSampler.ts", tests: ["slt/calibrateLlcSampler.test"] },
];

/** Named bugs (the ones an audit planted by hand), applied as text replacements in the source. */
const CATALOGUE: { file: string; find: string; replace: string; description: string }[] = [
  { file: "src/diffusion/fitPowerLaw.ts", find: "sse / (n - 2) / sxx", replace: "sse / n / sxx", description: "standard error with n instead of n - 2" },
  { file: "src/diffusion/fitPowerLaw.ts", find: "1 - sse / syy", replace: "1 - sse / sxx", description: "r² with the wrong sum of squares" },
  { file: "src/diffusion/ensembleMsd.ts", find: "Math.sqrt(m2 / (count - 1) / count)", replace: "Math.sqrt(m2 / (count - 1))", description: "standard error replaced by the standard deviation" },
  { file: "src/experiment/mnistAnalysis.ts", find: "return Math.sqrt(s);", replace: "return s;", description: "R = |w - w0|^2 instead of |w - w0|" },
  { file: "src/experiment/mnistAnalysis.ts", find: "meanStd(checkpoints.map((c) => c.mean))", replace: "meanStd(checkpoints.slice(0, -1).map((c) => c.mean))", description: "lambda_bar drops the last checkpoint" },
  { file: "src/slt/sgldChain.ts", find: "const halfStep = stepSize / 2;", replace: "const halfStep = stepSize;", description: "SGLD drift eps instead of eps/2" },
  { file: "src/slt/sgldChain.ts", find: "wi - halfStep * (nBeta * g + localization * offset)", replace: "wi - halfStep * (nBeta * g)", description: "SGLD without the localization term" },
];

interface Mutant {
  file: string;
  line: number;
  original: string;
  replacement: string;
  description: string;
  /** The mutated source. */
  source: string;
  /** The source line, for the report and the explanation key. */
  lineText: string;
}

const BINARY_SWAPS: Partial<Record<ts.SyntaxKind, ts.SyntaxKind[]>> = {
  [ts.SyntaxKind.PlusToken]: [ts.SyntaxKind.MinusToken],
  [ts.SyntaxKind.MinusToken]: [ts.SyntaxKind.PlusToken],
  [ts.SyntaxKind.AsteriskToken]: [ts.SyntaxKind.SlashToken],
  [ts.SyntaxKind.SlashToken]: [ts.SyntaxKind.AsteriskToken],
  [ts.SyntaxKind.LessThanToken]: [ts.SyntaxKind.LessThanEqualsToken],
  [ts.SyntaxKind.LessThanEqualsToken]: [ts.SyntaxKind.LessThanToken],
  [ts.SyntaxKind.GreaterThanToken]: [ts.SyntaxKind.GreaterThanEqualsToken],
  [ts.SyntaxKind.GreaterThanEqualsToken]: [ts.SyntaxKind.GreaterThanToken],
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: [ts.SyntaxKind.ExclamationEqualsEqualsToken],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: [ts.SyntaxKind.EqualsEqualsEqualsToken],
  [ts.SyntaxKind.AmpersandAmpersandToken]: [ts.SyntaxKind.BarBarToken],
  [ts.SyntaxKind.BarBarToken]: [ts.SyntaxKind.AmpersandAmpersandToken],
  [ts.SyntaxKind.PlusEqualsToken]: [ts.SyntaxKind.MinusEqualsToken],
  [ts.SyntaxKind.MinusEqualsToken]: [ts.SyntaxKind.PlusEqualsToken],
  [ts.SyntaxKind.AsteriskEqualsToken]: [ts.SyntaxKind.SlashEqualsToken],
  [ts.SyntaxKind.SlashEqualsToken]: [ts.SyntaxKind.AsteriskEqualsToken],
};

function isStringLike(node: ts.Node): boolean {
  return ts.isStringLiteral(node) || ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** A numeric literal that is an operand of arithmetic or a comparison (n - 2, i < 1), not a default or an index. */
function isArithmeticOperand(node: ts.Node): boolean {
  const p = node.parent;
  if (!p || !ts.isBinaryExpression(p)) return false;
  const k = p.operatorToken.kind;
  return k !== ts.SyntaxKind.QuestionQuestionToken && k !== ts.SyntaxKind.EqualsToken && k !== ts.SyntaxKind.BarBarToken && k !== ts.SyntaxKind.AmpersandAmpersandToken;
}

/** True inside a throw statement, or in the condition of an `if` whose only effect is to throw. */
function isErrorHandling(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isThrowStatement(n)) return true;
    if (ts.isIfStatement(n) && node.pos >= n.expression.pos && node.end <= n.expression.end) {
      const then = n.thenStatement;
      if (ts.isThrowStatement(then) || (ts.isBlock(then) && then.statements.length === 1 && ts.isThrowStatement(then.statements[0]!))) return true;
    }
  }
  return false;
}

/** The automatic mutants of one source file. */
export function automaticMutants(file: string, text: string): Mutant[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const lines = text.split("\n");
  const out: Mutant[] = [];
  const add = (start: number, end: number, replacement: string, description: string) => {
    const line = sf.getLineAndCharacterOfPosition(start).line;
    out.push({ file, line: line + 1, original: text.slice(start, end), replacement, description, source: text.slice(0, start) + replacement + text.slice(end), lineText: lines[line]!.trim() });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (!isErrorHandling(node)) {
      if (ts.isBinaryExpression(node)) {
        const op = node.operatorToken;
        const swaps = BINARY_SWAPS[op.kind];
        const stringy = op.kind === ts.SyntaxKind.PlusToken && (isStringLike(node.left) || isStringLike(node.right));
        if (swaps && !stringy) for (const s of swaps) add(op.getStart(sf), op.end, ts.tokenToString(s)!, `${op.getText(sf)} → ${ts.tokenToString(s)}`);
      } else if (ts.isNumericLiteral(node) && Number.isInteger(Number(node.text)) && Number(node.text) <= 16 && isArithmeticOperand(node)) {
        const v = Number(node.text);
        add(node.getStart(sf), node.end, String(v + 1), `${v} → ${v + 1}`);
        if (v >= 1) add(node.getStart(sf), node.end, String(v - 1), `${v} → ${v - 1}`);
      } else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && !ts.isNumericLiteral(node.operand)) {
        add(node.getStart(sf), node.operand.getStart(sf), "", "sign dropped");
      } else if (ts.isCallExpression(node) && /^Math\.(sqrt|abs)$/.test(node.expression.getText(sf)) && node.arguments.length === 1) {
        add(node.getStart(sf), node.end, `(${node.arguments[0]!.getText(sf)})`, `${node.expression.getText(sf)} dropped`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function catalogueMutants(file: string, text: string): Mutant[] {
  return CATALOGUE.filter((c) => c.file === file).map((c) => {
    const at = text.indexOf(c.find);
    if (at < 0 || text.indexOf(c.find, at + 1) >= 0) throw new Error(`mutate: the catalogue entry "${c.description}" must match ${c.file} exactly once`);
    const line = text.slice(0, at).split("\n").length;
    return { file, line, original: c.find, replacement: c.replace, description: `catalogue: ${c.description}`, source: text.replace(c.find, c.replace), lineText: text.split("\n")[line - 1]!.trim() };
  });
}

interface Outcome {
  mutant: Omit<Mutant, "source">;
  status: "killed" | "survived" | "timeout";
  seconds: number;
}

function runTests(target: Target, timeoutMs: number): { ok: boolean; timedOut: boolean; seconds: number; output: string } {
  const t0 = performance.now();
  const env = { ...process.env, AB_TEST_SEED_OFFSET: "0", AB_QUICK: "1" };
  const escaped = target.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // One file at a time, stopping at the first failure: most mutants die in the first file.
  // --no-concurrent-recompilation as in npm test: without it a test file can hang at exit (environment.md)
  // and the mutant would be scored a timeout.
  const runs: string[][] = target.tests.map((t) => ["--no-concurrent-recompilation", "--test", "--test-reporter=dot", path.join(COPY, "test", `${t}.js`)]);
  runs.push(["--no-concurrent-recompilation", "--test", "--test-reporter=dot", `--test-name-pattern=${escaped}:`, path.join(COPY, "test", "docExamples.test.js")]);
  let output = "";
  for (const args of runs) {
    if (!fs.existsSync(args[args.length - 1]!)) continue;
    const left = timeoutMs - (performance.now() - t0);
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env, timeout: Math.max(1000, Math.round(left)), encoding: "utf8", killSignal: "SIGKILL" });
    output += `${r.stdout}${r.stderr}`;
    if (r.error || r.signal) return { ok: false, timedOut: true, seconds: (performance.now() - t0) / 1000, output };
    if (r.status !== 0) return { ok: false, timedOut: false, seconds: (performance.now() - t0) / 1000, output };
  }
  return { ok: true, timedOut: false, seconds: (performance.now() - t0) / 1000, output };
}

function compiledPath(file: string): string {
  return path.join(COPY, file.replace(/\.ts$/, ".js"));
}

function transpile(source: string, file: string): string {
  return ts.transpileModule(source, { fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false } }).outputText;
}

function explanationKey(m: Omit<Mutant, "source">): string {
  return `${m.file} | ${m.lineText} | ${m.description}`;
}

/** What a run found in one module (test/fixtures/mutation/results.json holds one per module run). */
interface ModuleResult {
  mutants: number;
  killed: number;
  timedOut: number;
  survivors: { key: string; line: number }[];
  /** When the module was last run (ISO date). */
  date: string;
}

/** The survivors table of survivors.md, with the explanations recorded now. */
function survivorRows(survivors: { key: string; line: number }[], explanations: Record<string, string>): string[] {
  return survivors.map(({ key, line }) => {
    const a = key.indexOf(" | "), b = key.lastIndexOf(" | ");
    const file = key.slice(0, a), lineText = key.slice(a + 3, b), description = key.slice(b + 3);
    return `| ${file} | ${line} | ${description} | \`${lineText.replace(/\|/g, "\\|")}\` | ${explanations[key] ?? "**unexplained**"} |`;
  });
}

function readJson<T>(name: string, fallback: T): T {
  const file = path.join(FIXTURES, name);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : fallback;
}

/**
 * Writes survivors.md from results.json (every module run so far, each with its date) and
 * explanations.json; returns the unexplained survivors.
 */
function writeReport(): { key: string; line: number }[] {
  const results = readJson<Record<string, ModuleResult>>("results.json", {});
  const explanations = readJson<Record<string, string>>("explanations.json", {});
  const files = TARGETS.map((t) => t.file).filter((f) => results[f]);
  const survivors = files.flatMap((f) => results[f]!.survivors);
  const notRun = TARGETS.map((t) => t.file).filter((f) => !results[f]);
  const lines = [
    "# Mutation testing: survivors",
    "",
    "Written by `scripts/mutate.ts` (`npm run mutate`). Each mutant is one planted bug; it is killed when",
    "a test of its module fails (or times out). Every survivor needs an entry in `explanations.json`:",
    "an equivalent mutant, or the reason no test should catch it. Otherwise, write the test that kills it.",
    "Modules are run one at a time (`-- --only name`); each row says when it was last run.",
    "",
    "| module | mutants | killed | timed out | survived | run on |",
    "|---|---|---|---|---|---|",
    ...files.map((f) => { const r = results[f]!; return `| ${f} | ${r.mutants} | ${r.killed} | ${r.timedOut} | ${r.survivors.length} | ${r.date} |`; }),
    ...(notRun.length ? ["", `Not run yet: ${notRun.map((f) => `\`${f}\``).join(", ")}.`] : []),
    "",
    "## Survivors",
    "",
    "| module | line | mutation | code | explanation |",
    "|---|---|---|---|---|",
    ...survivorRows(survivors, explanations),
    "",
  ];
  fs.mkdirSync(FIXTURES, { recursive: true });
  fs.writeFileSync(path.join(FIXTURES, "survivors.md"), lines.join("\n"));
  return survivors.filter((s) => !explanations[s.key]);
}

/** Names of the failing tests in node's test-runner output (the "Failed tests:" list of the dot reporter). */
function failingTests(output: string): string[] {
  return [...output.matchAll(/^✖ (.+?)(?: \([\d.]+m?s\))?$/gm)].map((m) => m[1]!).filter((name, i, all) => all.indexOf(name) === i);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--report")) {
    const unexplained = writeReport();
    process.stderr.write(`${unexplained.length} unexplained survivors\n`);
    for (const s of unexplained) process.stderr.write(`  ${s.key}\n`);
    if (unexplained.length > 0) process.exitCode = 1;
    return;
  }
  const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1]! : undefined;
  const catalogueOnly = argv.includes("--catalogue");
  const targets = TARGETS.filter((t) => !only || only.split(",").some((o) => t.file.includes(o))).filter((t) => fs.existsSync(path.join(ROOT, t.file)));
  const mutantsOf = (t: Target): Mutant[] => {
    const text = fs.readFileSync(path.join(ROOT, t.file), "utf8");
    return [...catalogueMutants(t.file, text), ...(catalogueOnly ? [] : automaticMutants(t.file, text))];
  };
  if (argv.includes("--list")) {
    for (const t of targets) process.stdout.write(`${t.file}: ${mutantsOf(t).length} mutants\n`);
    return;
  }
  if (!fs.existsSync(path.join(ROOT, "build", "src", "index.js"))) throw new Error("mutate: build/ is missing; run npm run build first");
  fs.rmSync(path.dirname(COPY), { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, "build"), COPY, { recursive: true });
  // test/docExamples reads the examples from src/ beside build/.
  fs.symlinkSync(path.join(ROOT, "src"), path.join(path.dirname(COPY), "src"), "dir");
  const explanations = readJson<Record<string, string>>("explanations.json", {});
  const results = readJson<Record<string, ModuleResult>>("results.json", {});
  const started = performance.now();
  let total = 0, survived = 0;
  for (const target of targets) {
    const mutants = mutantsOf(target);
    if (mutants.length === 0) continue;
    const js = compiledPath(target.file);
    const pristine = fs.readFileSync(js, "utf8");
    const baseline = runTests(target, 600_000);
    if (!baseline.ok) throw new Error(`mutate: the tests of ${target.file} fail without a mutant:\n${baseline.output.slice(-3000)}`);
    const timeoutMs = Math.round(Math.max(20, 4 * baseline.seconds) * 1000);
    process.stderr.write(`${target.file}: ${mutants.length} mutants, tests take ${baseline.seconds.toFixed(1)} s\n`);
    const outcomes: Outcome[] = [];
    try {
      for (const [i, m] of mutants.entries()) {
        fs.writeFileSync(js, transpile(m.source, target.file));
        const r = runTests(target, timeoutMs);
        const status = r.timedOut ? "timeout" : r.ok ? "survived" : "killed";
        const { source: _s, ...mutant } = m;
        outcomes.push({ mutant, status, seconds: r.seconds });
        if (status === "survived") process.stderr.write(`  [${i + 1}/${mutants.length}] SURVIVED line ${m.line}: ${m.description} in \`${m.lineText}\`\n`);
        else if (m.description.startsWith("catalogue:")) process.stderr.write(`  [${i + 1}/${mutants.length}] ${status} ${m.description}: ${failingTests(r.output).join(" | ") || "(timed out)"}\n`);
      }
    } finally {
      fs.writeFileSync(js, pristine);
    }
    total += outcomes.length;
    const survivors = outcomes.filter((o) => o.status === "survived");
    survived += survivors.length;
    if (!catalogueOnly) {
      results[target.file] = {
        mutants: outcomes.length,
        killed: outcomes.filter((o) => o.status === "killed").length,
        timedOut: outcomes.filter((o) => o.status === "timeout").length,
        survivors: survivors.map((o) => ({ key: explanationKey(o.mutant), line: o.mutant.line })),
        date: new Date().toISOString().slice(0, 10),
      };
      fs.mkdirSync(FIXTURES, { recursive: true });
      fs.writeFileSync(path.join(FIXTURES, "results.json"), `${JSON.stringify(results, null, 1)}\n`);
    }
    const unexplained = survivors.filter((o) => !explanations[explanationKey(o.mutant)]);
    if (unexplained.length > 0) process.exitCode = 1;
  }
  if (!catalogueOnly) writeReport();
  process.stderr.write(`${total} mutants in ${((performance.now() - started) / 60000).toFixed(1)} min: ${survived} survived\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
