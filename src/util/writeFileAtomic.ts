/**
 * Writing a file so that a reader finds it either absent, as it was, or complete: the bytes go to a
 * temporary name in the same folder, are flushed to the disk (fsync), and the temporary is renamed
 * over the final name (atomic on one file system), then the folder is flushed so the rename lasts.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes `chunks` to `file` atomically.
 *
 * @param file the final path (its folder must exist).
 * @param chunks the contents, written in order without being copied together.
 * @param options.temporary the temporary path (default `<file>.tmp`); give a unique one when several
 *   processes may write the same file.
 * @throws Error naming the file when it cannot be written; the temporary file is removed then, unless
 *   the process dies first (a reader never takes a temporary for the real file).
 * @example
 * // writeFileAtomic("runs/a.json", [new TextEncoder().encode("{}")]);
 */
export function writeFileAtomic(file: string, chunks: Uint8Array[], options: { temporary?: string } = {}): void {
  const tmp = options.temporary ?? `${file}.tmp`;
  try {
    const fd = fs.openSync(tmp, "w");
    try {
      for (const data of chunks) {
        let off = 0;
        while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  try {
    const dfd = fs.openSync(path.dirname(file), "r");
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // directories cannot be fsynced on some platforms; the rename is still atomic
  }
}
