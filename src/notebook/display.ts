/**
 * Sending rich output to the notebook front end.
 *
 * tslab's public `display.raw` sends one MIME type per message, but a figure must travel as one bundle
 * (Plotly JSON for JupyterLab, HTML for the classic Notebook and exported pages, plain text for
 * terminals) so that each front end picks what it renders. tslab keeps the function that writes a
 * `display_data` message in its `jupyter` module; we find that module among the modules the kernel
 * process has loaded, so this works whichever copy of tslab started the kernel.
 */
import * as path from "node:path";

/** A Jupyter MIME bundle: MIME type to content (strings, or JSON for `+json` types). */
export type MimeBundle = Record<string, string | object>;

type WriteDisplayData = (
  message: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

function kernelWriter(): WriteDisplayData | null {
  const suffix = path.join("tslab", "dist", "jupyter.js");
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!file.endsWith(suffix)) continue;
    const write = (mod?.exports as { lastWriteDisplayData?: WriteDisplayData } | undefined)?.lastWriteDisplayData;
    if (typeof write === "function") return write;
  }
  return null;
}

/** Whether code is running inside a tslab kernel that can show rich output. */
export function inNotebook(): boolean {
  return kernelWriter() !== null;
}

let displayCounter = 0;

/** A handle on one output area entry that can be replaced in place (progress bars, live curves). */
export interface DisplayHandle {
  /** Replaces the entry's content with a new bundle. */
  update(bundle: MimeBundle): void;
}

/**
 * Shows a MIME bundle as one output. Outside a notebook, prints its `text/plain` entry.
 *
 * @param bundle MIME type to content; should include `text/plain`.
 * @returns a handle whose `update` replaces this same output.
 */
export function displayBundle(bundle: MimeBundle): DisplayHandle {
  const displayId = `ab-${process.pid}-${Date.now().toString(36)}-${displayCounter++}`;
  const send = (data: MimeBundle, update: boolean): void => {
    const write = kernelWriter();
    if (write) {
      write({ data, metadata: {}, transient: { display_id: displayId } }, update);
    } else {
      const text = data["text/plain"];
      process.stdout.write(`${typeof text === "string" ? text : JSON.stringify(text)}\n`);
    }
  };
  send(bundle, false);
  return { update: (next) => send(next, true) };
}

/** Escapes text for inclusion in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
