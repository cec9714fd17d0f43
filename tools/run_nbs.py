"Run notebooks top to bottom and save their outputs in place, skipping cells flagged with settings.ini's tst_flags."
import argparse
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config

def _flags(cell)->set:
    "The words of a code cell's `#|` directive lines."
    return {w for line in cell.source.splitlines() if line.startswith("#|") for w in line[2:].split()}

def run_nb(fn:Path, force:set):
    "Execute `fn` and write it back with its outputs; cells flagged and not forced keep their old outputs."
    skip = set(get_config().tst_flags.split()) - force
    nb = read_nb(fn)
    no_eval = lambda c: c.cell_type != "code" or "nbdev_export(" in c.source or bool(skip & _flags(c))
    with working_directory(fn.parent): CaptureShell(fn).run_all(nb, exc_stop=True, preproc=no_eval)
    write_nb(nb, fn)

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("notebooks", nargs="+", type=Path)
    p.add_argument("--flags", default="", help="flagged cells to run too, e.g. 'gpu'")
    args = p.parse_args()
    for fn in args.notebooks:
        print("running", fn, flush=True)
        run_nb(fn.resolve(), set(args.flags.split()))
