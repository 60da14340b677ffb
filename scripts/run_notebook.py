"""Execute one notebook with nbclient and export it to HTML.

Called by scripts/reproduce.ts (npm run reproduce); not meant to be run by hand. Prints one JSON
line on success: {"seconds": ..., "cpuSeconds": ..., "backend": ..., "cells": ...}. On a failing cell it prints the
notebook path, the number and source of the cell nbclient was executing, and its error (error
outputs, and tslab's stderr, where it reports type errors), writes the partially executed notebook
next to the requested output (suffix .failed.ipynb, outputs of the cells after the failing one
cleared) and exits with status 3.
"""
import argparse
import json
import os
import re
import resource
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import site_html  # noqa: E402  (beside this script)

ENV_MIME = "application/vnd.almost-bayesian.environment+json"


def find_backend(nb):
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if ENV_MIME in data:
                return data[ENV_MIME].get("backend")
    return None


def strip_for_commit(nb):
    """Timing metadata makes diffs noisy: drop it from committed copies.

    Execution counts stay: a notebook executed top to bottom numbers its code cells 1, 2, ... in every
    run, so they cost no diff noise, and JupyterLab, the classic Notebook, repository browsers and the
    site show `[1]:` instead of an unexecuted-looking `[ ]:`.
    """
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    return nb

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def report_failure(nb, args, index, reply, error):
    """Prints the failing cell (number, source, error) and writes the partial notebook.

    Outputs of the cells after the failing one are cleared in the `.failed.ipynb`: they are left over
    from an earlier run and would read as this run's output.
    """
    out = sys.stderr
    if index is None:
        print(f"\nnotebook {args.input} failed before its first code cell ran:", file=out)
    else:
        cell = nb.cells[index]
        code_number = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
        print(f"\nnotebook {args.input} failed at cell {index + 1} (code cell {code_number}):", file=out)
        lines = cell.source.splitlines()
        for n, line in enumerate(lines[:40], start=1):
            print(f"  {n:3d} | {line}", file=out)
        if len(lines) > 40:
            print(f"      ... ({len(lines) - 40} more lines)", file=out)
        shown = False
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                print(f"error: {output.get('ename')}: {output.get('evalue')}", file=out)
                trace = [ANSI.sub("", t) for t in output.get("traceback", [])]
                if trace:
                    print("\n".join(trace)[-3000:], file=out)
                shown = True
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                # tslab reports type errors and some runtime errors on stderr.
                print("stderr of the cell:\n" + ANSI.sub("", output.get("text", ""))[-3000:].rstrip(), file=out)
                shown = True
        if reply and reply.get("ename") and not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            print(f"error: {reply.get('ename')}: {reply.get('evalue', '')}", file=out)
            shown = True
        if not shown:
            message = str(error).strip().splitlines()
            print(f"error: {type(error).__name__}: {message[-1][-500:] if message else ''}", file=out)
        for later in nb.cells[index + 1 :]:
            if later.cell_type == "code":
                later.outputs = []
                later.execution_count = None
        nb.metadata.setdefault("almost_bayesian", {})["failed"] = {"cell": index + 1, "codeCell": code_number}
    failed_path = args.output.replace(".ipynb", ".failed.ipynb")
    nbformat.write(nb, failed_path)
    print(f"partial notebook (outputs after the failing cell cleared): {failed_path}", file=out)


def export_page(nb, args):
    """Writes the notebook as a page of the site, sanitised (see site_html.py): the page runs no script
    but the figure loader, and is refused if anything else remains."""
    safe, figures = site_html.prepare_notebook(nb)
    exporter = HTMLExporter(template_name="lab")
    title = safe.metadata.get("almost_bayesian", {}).get("title") or os.path.splitext(os.path.basename(args.output))[0]
    body, _ = exporter.from_notebook_node(safe, resources={"metadata": {"name": title}})
    try:
        body = site_html.finish_page(body, figures)
    except site_html.PageProblem as problem:
        print(f"run_notebook: {args.input}: {problem}", file=sys.stderr)
        sys.exit(4)
    with open(args.html, "w", encoding="utf-8") as f:
        f.write(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--html")
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per cell")
    parser.add_argument("--quick", action="store_true", help="recorded in the notebook's metadata; the kernel reads AB_QUICK")
    parser.add_argument("--export-only", action="store_true", help="export --input (already executed) to --html without running it")
    args = parser.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    if args.export_only:
        export_page(nb, args)
        print(json.dumps({"seconds": 0, "backend": find_backend(nb), "cells": len(nb.cells)}))
        return
    # The cell being executed, and the kernel's error reply for it, recorded by nbclient's hooks: the
    # failing cell is the one executing when nbclient raised, never guessed from outputs (a committed
    # notebook still holds the outputs of its last run in the cells after the failure).
    current = {"index": None, "reply": None}

    def on_cell_execute(cell, cell_index, **_):
        current["index"] = cell_index
        current["reply"] = None

    def on_cell_error(cell, cell_index, execute_reply=None, **_):
        current["reply"] = (execute_reply or {}).get("content")

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name="tslab",
        resources={"metadata": {"path": args.cwd}},
        record_timing=False,
        on_cell_execute=on_cell_execute,
        on_cell_error=on_cell_error,
    )
    started = time.time()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        report_failure(nb, args, current["index"], current["reply"], error)
        sys.exit(3)
    seconds = time.time() - started
    nb.metadata.setdefault("almost_bayesian", {})["run"] = {
        "seconds": round(seconds, 1),
        "backend": find_backend(nb),
        "quick": args.quick,
    }
    strip_for_commit(nb)
    nbformat.write(nb, args.output)
    if args.html:
        export_page(nb, args)
    # CPU time of the kernel (reaped by nbclient, so counted among this process's children), threads included.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "cpuSeconds": usage.ru_utime + usage.ru_stime, "backend": find_backend(nb), "cells": len(nb.cells)}))


if __name__ == "__main__":
    main()
