"""Execute one Jupyter notebook headless and say clearly which cell failed and why.

    /usr/bin/python3 scripts/notebooks/execute.py NOTEBOOK.ipynb [--output OUT.ipynb] [--timeout S]

Runs every cell with the notebook's kernel (JUPYTER_PATH must make the "tslab" kernel visible),
in the notebook's own folder. On success writes the executed notebook (outputs included) to
--output when given and exits 0. When a cell fails, tslab reports the error as stderr *stream*
output, which nbconvert's log hides; this prints the cell's number, its first lines of source
and everything it wrote to stderr, then exits 1. Exit 2: bad arguments or no kernel.
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def cell_stderr(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append("%s: %s" % (out.get("ename", ""), out.get("evalue", "")))
    return "".join(parts).strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--output")
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()

    path = os.path.abspath(args.notebook)
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "tslab"),
        resources={"metadata": {"path": os.path.dirname(path)}},
        record_timing=False,
    )
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
        # The failing cell is the last code cell that has an execution count or output.
        failed = None
        for index, cell in enumerate(code_cells):
            if cell.get("execution_count") is not None or cell.get("outputs"):
                failed = (index, cell)
        if failed is None:
            print("%s: the kernel failed before the first cell ran: %s" % (name, err), file=sys.stderr)
            sys.exit(1)
        index, cell = failed
        source = cell.source.strip().splitlines()
        shown = "\n".join("    " + line for line in source[:6])
        if len(source) > 6:
            shown += "\n    ..."
        why = cell_stderr(cell)
        if isinstance(err, CellTimeoutError):
            why = "timed out after %d s" % args.timeout
        elif isinstance(err, DeadKernelError):
            why = "the kernel died: %s" % err
        print("%s: code cell %d of %d failed:\n%s\n  error:\n%s" % (
            name, index + 1, len(code_cells), shown,
            "\n".join("    " + line for line in (why or str(err)).splitlines())), file=sys.stderr)
        sys.exit(1)
    except Exception as err:  # no such kernel, kernel would not start
        print("%s: could not run the notebook: %s: %s" % (name, type(err).__name__, err), file=sys.stderr)
        sys.exit(2)
    if args.output:
        nbformat.write(nb, args.output)


if __name__ == "__main__":
    main()
