"""Execute one notebook with nbclient and export it to HTML.

Called by scripts/reproduce.ts (npm run reproduce); not meant to be run by hand. Prints one JSON
line on success: {"seconds": ..., "backend": ..., "cells": ...}. On a failing cell it prints the
notebook path, the cell number and source, and the error, writes the partially executed notebook
next to the requested output (suffix .failed.ipynb) and exits with status 3.
"""
import argparse
import json
import os
import re
import sys
import time

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from nbconvert import HTMLExporter
except ImportError as error:  # pragma: no cover - reported by reproduce.ts before we get here
    print(f"run_notebook: missing Python package: {error.name}", file=sys.stderr)
    sys.exit(2)

ENV_MIME = "application/vnd.almost-bayesian.environment+json"


def find_backend(nb):
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if ENV_MIME in data:
                return data[ENV_MIME].get("backend")
    return None


def strip_for_commit(nb):
    """Execution counts and timing metadata make diffs noisy: drop them from committed copies."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = None
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = None
            cell.metadata.pop("execution", None)
    return nb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--html")
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per cell")
    args = parser.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name="tslab",
        resources={"metadata": {"path": args.cwd}},
        record_timing=False,
    )
    started = time.time()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        failed = next(
            (
                (i, c)
                for i, c in enumerate(nb.cells)
                if c.cell_type == "code"
                and any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            None,
        )
        if failed is None:
            # tslab reports compile errors on stderr without an error output: find the last executed cell.
            executed = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("outputs")]
            failed = executed[-1] if executed else (None, None)
        index, cell = failed
        where = f"cell {index + 1}" if index is not None else "an unknown cell"
        print(f"\nnotebook {args.input} failed at {where}:", file=sys.stderr)
        if cell is not None:
            print("  " + "\n  ".join(cell.source.splitlines()[:12]), file=sys.stderr)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    print(f"{output.get('ename')}: {output.get('evalue')}", file=sys.stderr)
                elif output.get("name") == "stderr":
                    print(output.get("text", "")[-3000:], file=sys.stderr, end="")
        print(f"nbclient: {str(error).strip().splitlines()[-1][-500:] if str(error).strip() else type(error).__name__}", file=sys.stderr)
        nbformat.write(nb, args.output.replace(".ipynb", ".failed.ipynb"))
        sys.exit(3)
    seconds = time.time() - started
    nb.metadata.setdefault("almost_bayesian", {})["run"] = {
        "seconds": round(seconds, 1),
        "backend": find_backend(nb),
        "quick": bool(int(os.environ.get("AB_QUICK", "0") or 0)),
    }
    strip_for_commit(nb)
    nbformat.write(nb, args.output)
    if args.html:
        exporter = HTMLExporter(template_name="lab")
        title = nb.metadata.get("almost_bayesian", {}).get("title") or os.path.splitext(os.path.basename(args.output))[0]
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        # Debian's nbconvert points require.js and MathJax at file:///usr/share/javascript/...; a page
        # served from anywhere else would ask the reader's own disk for them. The figures need neither
        # and the notebooks use no LaTeX, so those tags are dropped.
        body = re.sub(r'<script[^>]*\bsrc="file://[^"]*"[^>]*>\s*</script>', "", body)
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(body)
    print(json.dumps({"seconds": seconds, "backend": find_backend(nb), "cells": len(nb.cells)}))


if __name__ == "__main__":
    main()
