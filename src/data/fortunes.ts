/**
 * The English text of Debian's `fortunes` package: short quotations, jokes and aphorisms in the
 * strfile format of BSD fortune(6) (text entries separated by lines holding "%", each file with a
 * `.dat` index giving the number of entries and their byte offsets).
 *
 * Sources, first found wins: an explicit folder; the project's `data/fortunes/`; Debian's package
 * `fortunes` (`/usr/share/games/fortunes/`). Licence: BSD (the package's copyright file), with
 * entries collected from many authors.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../util/projectRoot";

/** Where Debian's `fortunes` package installs its files. */
export const DEBIAN_FORTUNES_DIR = "/usr/share/games/fortunes";

/**
 * The categories read by default: the package's files of quotations about science, computing,
 * work, law, literature, art and wisdom. Left out: the miscellany files (cookie, definitions,
 * knghtbrd, zippy), and those on ethnicity, drugs, sex and politics, so that nothing the text
 * models learn from could embarrass a reader.
 */
export const FORTUNE_CATEGORIES: readonly string[] = [
  "art", "computers", "education", "goedel", "law", "linux", "literature", "magic", "medicine", "paradoxum",
  "pets", "platitudes", "riddles", "science", "sports", "startrek", "tao", "wisdom", "work",
];

/** The entries of some fortune files. */
export interface FortuneCollection {
  /** Every entry, in file order then entry order, without its "%" separator line. */
  entries: string[];
  /** Category (file name) of each entry. */
  categories: string[];
  /** The folder read. */
  directory: string;
  /** Bytes of text read. */
  bytes: number;
}

/** Folders searched for the fortune files, in order. */
export function fortunesSearchPath(dir?: string): string[] {
  return dir ? [dir] : [path.join(projectRoot(), "data", "fortunes"), DEBIAN_FORTUNES_DIR];
}

/**
 * Splits one fortune file by its strfile index, checking the two against each other.
 *
 * The `.dat` index is a 24-byte big-endian header (version, number of strings n, longest, shortest,
 * flags, delimiter byte) followed by n + 1 offsets; entry i is the text between offsets i and i + 1
 * minus its trailing "%" line, and the last offset is the text's length.
 *
 * @param text the file's bytes; @param index the `.dat` file's bytes; @param source a name for errors.
 * @returns the entries as strings (bytes above 127 read as Latin-1).
 * @throws Error naming the source when the index is short, its header is not strfile version 1 or 2,
 *   its offsets decrease, or its last offset is not the text's length (a truncated or replaced file).
 * @example
 * const text = new TextEncoder().encode("one\n%\ntwo\n%\n");
 * const index = new Uint8Array(36);
 * new DataView(index.buffer).setUint32(0, 2); new DataView(index.buffer).setUint32(4, 2); index[20] = 37;
 * new DataView(index.buffer).setUint32(28, 6); new DataView(index.buffer).setUint32(32, 12);
 * parseFortuneFile(text, index, "tiny"); // ["one\n", "two\n"]
 */
export function parseFortuneFile(text: Uint8Array, index: Uint8Array, source: string): string[] {
  const fn = "parseFortuneFile";
  if (index.length < 24) throw new Error(`${fn}: the index ${source}.dat is ${index.length} bytes, shorter than the 24-byte strfile header; it is truncated`);
  const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
  const version = view.getUint32(0);
  const count = view.getUint32(4);
  if (version !== 1 && version !== 2) throw new Error(`${fn}: ${source}.dat has strfile version ${version}, expected 1 or 2; it is not a fortune index`);
  const expected = 24 + 4 * (count + 1);
  if (index.length !== expected) {
    throw new Error(`${fn}: ${source}.dat should be ${expected} bytes for ${count} entries, but is ${index.length} bytes; reinstall the fortunes package`);
  }
  const delimiter = String.fromCharCode(index[20]!);
  const offsets = Array.from({ length: count + 1 }, (_, i) => view.getUint32(24 + 4 * i));
  if (offsets[count] !== text.length) {
    throw new Error(`${fn}: ${source} should be ${offsets[count]} bytes as its index says, but is ${text.length} bytes; the file is ${text.length < offsets[count]! ? "truncated" : "longer than its index says"}: reinstall the fortunes package`);
  }
  const entries: string[] = [];
  for (let i = 0; i < count; i++) {
    if (offsets[i + 1]! < offsets[i]!) throw new Error(`${fn}: ${source}.dat has decreasing offsets at entry ${i} (${offsets[i]} then ${offsets[i + 1]}); the index is corrupt`);
    let entry = Buffer.from(text.buffer, text.byteOffset + offsets[i]!, offsets[i + 1]! - offsets[i]!).toString("latin1");
    const separator = `${delimiter}\n`;
    if (entry.endsWith(separator)) entry = entry.slice(0, -separator.length);
    if (entry.length > 0) entries.push(entry);
  }
  return entries;
}

/**
 * Loads fortune entries of the chosen categories.
 *
 * @param options.categories file names to read (default {@link FORTUNE_CATEGORIES}).
 * @param options.dir read from this folder only (default: data/fortunes/, then Debian's folder).
 * @returns a {@link FortuneCollection}.
 * @throws Error saying how to get the files when none of the folders holds them (`apt-get install
 *   fortunes`), naming a category that is missing, or as {@link parseFortuneFile} for a damaged file.
 */
export function loadFortunes(options: { categories?: readonly string[]; dir?: string } = {}): FortuneCollection {
  const categories = options.categories ?? FORTUNE_CATEGORIES;
  if (!Array.isArray(categories) || categories.length === 0) throw new RangeError(`loadFortunes: categories must name at least one fortune file, got ${JSON.stringify(categories)}`);
  const searched = fortunesSearchPath(options.dir);
  const directory = searched.find((d) => fs.existsSync(path.join(d, `${categories[0]}.dat`)));
  if (!directory) {
    throw new Error(
      `loadFortunes: no fortune files (${categories[0]} and ${categories[0]}.dat) in ${searched.join(", ")}. ` +
        `On Debian or Ubuntu: sudo apt-get install fortunes. Elsewhere: copy the strfile text and .dat files of fortune-mod into data/fortunes/.`,
    );
  }
  const entries: string[] = [];
  const owners: string[] = [];
  let bytes = 0;
  for (const category of categories) {
    const file = path.join(directory, category);
    if (!fs.existsSync(file) || !fs.existsSync(`${file}.dat`)) {
      throw new Error(`loadFortunes: the category ${JSON.stringify(category)} is missing in ${directory} (no ${category} or ${category}.dat); known categories: ${FORTUNE_CATEGORIES.join(", ")}`);
    }
    const text = fs.readFileSync(file);
    const found = parseFortuneFile(text, fs.readFileSync(`${file}.dat`), file);
    bytes += text.length;
    for (const e of found) {
      entries.push(e);
      owners.push(category);
    }
  }
  return { entries, categories: owners, directory, bytes };
}
