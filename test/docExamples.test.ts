/**
 * Runs every `@example` in the doc comments of src/ so that documented outputs cannot rot.
 *
 * An example is TypeScript using the package's exports (and those of its own module, for internals). A statement line ending in a comment states
 * the expected value: `expr; // 7`, `// "cpu"`, `// [2]`, `// true`, `// Uint8Array [7, 2, 1]`, or
 * `// ≈ 0.123` (equal to the stated number of significant digits). Other comment lines are prose.
 * An example ends at its first blank line, so prose may follow it in the same comment.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const SRC = path.join(ROOT, "src");

interface Example {
  file: string;
  line: number;
  code: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.join(dir, e.name)] : [],
  );
}

export function extractExamples(file: string): Example[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i]!)) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      // An example ends at the end of the comment, at the next tag, or at its first blank line.
      if (/^\s*\*\//.test(l) || /^\s*\*\s*@\w+/.test(l) || (body.length > 0 && /^\s*\*?\s*$/.test(l))) break;
      body.push(l.replace(/^\s*\* ?/, ""));
    }
    const code = body.join("\n").replace(/^```\w*$/gm, "").trim();
    if (code) examples.push({ file: path.relative(ROOT, file), line: i + 1, code });
  }
  return examples;
}

function parseExpected(text: string): { approx: boolean; value: unknown; raw: string } {
  let t = text.trim().replace(/^(=>|→)\s*/, "");
  const approx = t.startsWith("≈");
  if (approx) t = t.slice(1).trim();
  const typed = /^(\w+Array)\s*(?:\(\d+\))?\s*\[(.*)\]$/.exec(t);
  if (typed) return { approx, value: { typed: typed[1], items: JSON.parse(`[${typed[2]}]`) }, raw: t };
  return { approx, value: JSON.parse(t), raw: t };
}

function instrument(code: string): string {
  return code
    .split("\n")
    .map((line) => {
      const m = /^(.*?);\s*\/\/\s*(.+)$/.exec(line);
      if (!m || /^\s*(const|let|var|import|for|if)\b/.test(m[1]!)) return line;
      try {
        const expected = parseExpected(m[2]!);
        return `__check(${m[1]}, ${JSON.stringify(expected)}, ${JSON.stringify(line.trim())});`;
      } catch {
        return line; // prose comment, not an expectation
      }
    })
    .join("\n");
}

function check(actual: unknown, expected: { approx: boolean; value: unknown; raw: string }, line: string): void {
  const v = expected.value as { typed?: string; items?: number[] } | number;
  if (expected.approx) {
    const digits = expected.raw.replace(/^-?0\.0*|[-.]/g, "").length;
    assert.equal(Number(actual).toPrecision(Math.max(1, digits)), Number(v).toPrecision(Math.max(1, digits)), line);
  } else if (v && typeof v === "object" && "typed" in v) {
    assert.equal((actual as object).constructor.name, v.typed, line);
    assert.deepEqual(Array.from(actual as ArrayLike<number>), v.items, line);
  } else {
    assert.deepEqual(actual, v, line);
  }
}

const examples = sourceFiles(SRC).flatMap(extractExamples);

test("doc comments of src/ contain examples", () => {
  assert.ok(examples.length >= 10, `found only ${examples.length} @example blocks`);
});

for (const example of examples) {
  test(`the @example at ${example.file}:${example.line} produces its documented output`, async () => {
    // The public exports, plus the example's own module (internals are not exported by src/index).
    const lib = {
      ...(require(path.join(ROOT, "build", "src", "index.js")) as Record<string, unknown>),
      ...(require(path.join(ROOT, "build", example.file.replace(/\.ts$/, ".js"))) as Record<string, unknown>),
    };
    const names = Object.keys(lib).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && new RegExp(`\\b${k}\\b`).test(example.code));
    const js = ts.transpileModule(`(async () => {\n${instrument(example.code)}\n})`, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    }).outputText;
    const factory = new Function("__lib", "__check", `const { ${names.join(", ")} } = __lib;\nreturn ${js.replace(/;\s*$/, "")};`);
    await factory(lib, check)();
  });
}
