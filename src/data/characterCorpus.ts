/**
 * Text as character tokens for small language models: a fixed 96-symbol vocabulary (newline and the
 * 95 printable ASCII characters), cleaning into it, and a seeded split of documents into a train and
 * a test stream.
 */
import { createRandom, type Seed } from "../util/random";

/** The vocabulary: token 0 is "\n", tokens 1..95 are the characters 32 (space) .. 126 ("~"). */
export const CHARACTER_VOCABULARY: string = "\n" + Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");

/**
 * Cleans text into the character vocabulary: line ends to "\n", tabs and runs of spaces to one
 * space, trailing spaces cut, accented Latin letters to their base letter (é → e), and every other
 * character outside the vocabulary dropped.
 * @example
 * cleanText("caf\u00e9\t\tnoir  \r\n"); // "cafe noir\n"
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\t/g, " ")
    .replace(/[^\n\x20-\x7e]/g, "")
    .replace(/ {2,}/g, " ")
    .replace(/ +\n/g, "\n");
}

/**
 * Token ids of text in {@link CHARACTER_VOCABULARY}.
 * @throws RangeError naming the first character outside the vocabulary (clean the text first).
 * @example
 * encodeCharacters("A\n"); // Uint8Array [34, 0]
 */
export function encodeCharacters(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out[i] = 0;
    else if (c >= 32 && c <= 126) out[i] = c - 31;
    else throw new RangeError(`encodeCharacters: character ${JSON.stringify(text[i])} (code ${c}) at position ${i} is not in the vocabulary; pass the text through cleanText first`);
  }
  return out;
}

/**
 * The text of token ids of {@link CHARACTER_VOCABULARY}.
 * @throws RangeError for an id outside [0, 95].
 * @example
 * decodeCharacters(new Uint8Array([34, 0])); // "A\n"
 */
export function decodeCharacters(tokens: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!(t >= 0 && t < 96 && Number.isInteger(t))) throw new RangeError(`decodeCharacters: tokens[${i}] must be an integer in [0, 95], got ${t}`);
    s += CHARACTER_VOCABULARY[t];
  }
  return s;
}

/** Train and test token streams of a document collection. */
export interface CharacterCorpus {
  /** Train and test streams: cleaned documents joined by a blank line, as token ids. */
  train: Uint8Array;
  test: Uint8Array;
  /** Number of documents in each. */
  trainDocuments: number;
  testDocuments: number;
  /** Vocabulary size (96). */
  vocabSize: number;
  /** Fraction of each token id over both streams (length 96). */
  frequencies: Float64Array;
  seed: Seed;
}

/**
 * Cleans documents, splits them at random into train and test, and encodes each side as one stream.
 *
 * The split is by document (a quotation never straddles the two), drawn from a permutation seeded
 * by `seed`; documents are cleaned with {@link cleanText}, empty ones dropped, and joined with a
 * blank line between them. The streams are in shared memory (worker threads read them in place).
 *
 * @param documents the texts (at least 2 non-empty after cleaning).
 * @param options.testFraction fraction of documents held out, in (0, 1) (default 0.1).
 * @param options.seed seed of the split (default 0).
 * @returns a {@link CharacterCorpus}.
 * @throws RangeError for a fraction outside (0, 1) or fewer than 2 usable documents.
 * @example
 * const corpus = characterCorpus(["one\n", "two\n", "three\n"], { testFraction: 0.34, seed: 1 });
 * corpus.trainDocuments + corpus.testDocuments; // 3
 * corpus.vocabSize; // 96
 */
export function characterCorpus(documents: readonly string[], options: { testFraction?: number; seed?: Seed } = {}): CharacterCorpus {
  const fn = "characterCorpus";
  const testFraction = options.testFraction ?? 0.1;
  const seed = options.seed ?? 0;
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`${fn}: testFraction must be in (0, 1), got ${testFraction}`);
  const cleaned = documents.map((d) => cleanText(d).replace(/^\n+|\n+$/g, "")).filter((d) => d.length > 0);
  if (cleaned.length < 2) throw new RangeError(`${fn}: needs at least 2 non-empty documents, got ${cleaned.length}`);
  const order = createRandom(seed).permutation(cleaned.length);
  const testCount = Math.min(cleaned.length - 1, Math.max(1, Math.round(testFraction * cleaned.length)));
  const pick = (from: number, to: number): Uint8Array => {
    const text = Array.from(order.subarray(from, to), (i) => cleaned[i]!).join("\n\n") + "\n";
    const tokens = encodeCharacters(text);
    const shared = new Uint8Array(new SharedArrayBuffer(tokens.length));
    shared.set(tokens);
    return shared;
  };
  const test = pick(0, testCount);
  const train = pick(testCount, cleaned.length);
  const frequencies = new Float64Array(96);
  for (const stream of [train, test]) for (const t of stream) frequencies[t]! += 1;
  const total = train.length + test.length;
  for (let i = 0; i < 96; i++) frequencies[i]! /= total;
  return { train, test, trainDocuments: cleaned.length - testCount, testDocuments: testCount, vocabSize: 96, frequencies, seed };
}
