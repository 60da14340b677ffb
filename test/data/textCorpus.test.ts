import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadFortunes, parseFortuneFile, FORTUNE_CATEGORIES } from "../../src/data/fortunes";
import { characterCorpus, cleanText, decodeCharacters, encodeCharacters, CHARACTER_VOCABULARY } from "../../src/data/characterCorpus";
import { tokenData } from "../../src/model/tokenData";

/** A strfile pair for entries (text and .dat index). */
function strfile(entries: string[]): { text: Buffer; index: Buffer } {
  const text = Buffer.from(entries.map((e) => `${e}%\n`).join(""), "latin1");
  const index = Buffer.alloc(24 + 4 * (entries.length + 1));
  index.writeUInt32BE(2, 0);
  index.writeUInt32BE(entries.length, 4);
  index[20] = 37;
  let offset = 0;
  entries.forEach((e, i) => {
    index.writeUInt32BE(offset, 24 + 4 * i);
    offset += Buffer.byteLength(`${e}%\n`, "latin1");
  });
  index.writeUInt32BE(offset, 24 + 4 * entries.length);
  return { text, index };
}

test("parseFortuneFile cuts entries by the strfile index and names truncated or foreign files", () => {
  const { text, index } = strfile(["first\n", "second\nline\n"]);
  assert.deepEqual(parseFortuneFile(text, index, "f"), ["first\n", "second\nline\n"]);
  assert.throws(() => parseFortuneFile(text.subarray(0, text.length - 3), index, "f"), /f should be 22 bytes as its index says, but is 19 bytes; the file is truncated/);
  assert.throws(() => parseFortuneFile(text, index.subarray(0, 30), "f"), /f.dat should be 36 bytes for 2 entries, but is 30 bytes/);
  assert.throws(() => parseFortuneFile(text, index.subarray(0, 10), "f"), /shorter than the 24-byte strfile header/);
  const foreign = Buffer.from(index);
  foreign.writeUInt32BE(7, 0);
  assert.throws(() => parseFortuneFile(text, foreign, "f"), /strfile version 7, expected 1 or 2/);
});

test("loadFortunes reads a folder of strfile pairs, and says how to install the package when there is none", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ab-fortunes-"));
  try {
    const { text, index } = strfile(["a\n", "b\n", "c\n"]);
    fs.writeFileSync(path.join(dir, "science"), text);
    fs.writeFileSync(path.join(dir, "science.dat"), index);
    const loaded = loadFortunes({ dir, categories: ["science"] });
    assert.deepEqual(loaded.entries, ["a\n", "b\n", "c\n"]);
    assert.deepEqual(loaded.categories, ["science", "science", "science"]);
    assert.throws(() => loadFortunes({ dir, categories: ["science", "tao"] }), /the category "tao" is missing/);
    assert.throws(() => loadFortunes({ dir: path.join(dir, "nothing") }), /apt-get install fortunes/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the installed fortunes package gives about a megabyte of English in the default categories", () => {
  const fortunes = loadFortunes();
  assert.equal(new Set(fortunes.categories).size, FORTUNE_CATEGORIES.length);
  assert.ok(fortunes.entries.length > 4000 && fortunes.bytes > 900_000, `${fortunes.entries.length} entries, ${fortunes.bytes} bytes`);
});

test("cleaning maps text into the 96-character vocabulary, and encoding round-trips", () => {
  assert.equal(CHARACTER_VOCABULARY.length, 96);
  assert.equal(cleanText("Na\u00efve\tcaf\u00e9 \u2014 ok  \r\nend"), "Naive cafe ok\nend");
  const text = "Hello, world!\n~ {x} 0.5";
  assert.equal(decodeCharacters(encodeCharacters(text)), text);
  assert.throws(() => encodeCharacters("caf\u00e9"), /character "é" \(code 233\) at position 3 is not in the vocabulary/);
});

test("characterCorpus splits documents at random by seed, disjointly, into token streams a model can read", () => {
  const documents = Array.from({ length: 50 }, (_, i) => `document number ${i}\n`);
  const a = characterCorpus(documents, { testFraction: 0.2, seed: 3 });
  const b = characterCorpus(documents, { testFraction: 0.2, seed: 3 });
  const c = characterCorpus(documents, { testFraction: 0.2, seed: 4 });
  assert.deepEqual(a.test, b.test);
  assert.notDeepEqual(a.test, c.test);
  assert.equal(a.testDocuments, 10);
  const trainText = decodeCharacters(a.train), testText = decodeCharacters(a.test);
  for (let i = 0; i < 50; i++) {
    const inTrain = trainText.includes(`number ${i}\n`), inTest = testText.includes(`number ${i}\n`);
    assert.ok(inTrain !== inTest, `document ${i} must be in exactly one side`);
  }
  assert.ok(Math.abs(a.frequencies.reduce((s, f) => s + f, 0) - 1) < 1e-12);
  const data = tokenData({ tokens: a.train, vocabSize: a.vocabSize, contextLength: 16 });
  assert.equal(data.numSamples, Math.floor((a.train.length - 17) / 16) + 1);
  assert.throws(() => characterCorpus(documents, { testFraction: 1 }), /testFraction must be in \(0, 1\), got 1/);
});
