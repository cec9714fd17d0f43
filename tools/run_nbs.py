"""Run notebooks top to bottom and save their outputs in place, skipping cells flagged with settings.ini's tst_flags.
Progress bars are turned off, and any left are taken out: they are for a person waiting, not for the saved chapter
(tests/test_saved_outputs.py). Warnings stay, for that test to find."""
import argparse, os, re
for _var in ("TQDM_DISABLE", "HF_HUB_DISABLE_PROGRESS_BARS", "HF_DATASETS_DISABLE_PROGRESS_BARS"): os.environ[_var] = "1"
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config

def _flags(cell)->set:
    "The words of a code cell's `#|` directive lines."
    return {w for line in cell.source.splitlines() if line.startswith("#|") for w in line[2:].split()}

BAR = re.compile(r"\d+%\||\d+(\.\d+)?\s?\w+/s\]|\?\w+/s\]|\x1b\[A")  # a tqdm redraw

def without_progress_bars(outputs:list)->list:
    "Outputs with tqdm's redraws taken out of stderr (TQDM_DISABLE cannot stop a bar whose code passes `disable=False`)."
    out = []
    for o in outputs:
        if o.get("name") == "stderr":
            lines = [l for l in re.split(r"[\r\n]", "".join(o["text"])) if l.strip() and not BAR.search(l)]
            if not lines: continue
            o["text"] = "\n".join(lines) + "\n"
        out.append(o)
    return out

def run_nb(fn:Path, force:set):
    "Execute `fn` and write it back with its outputs; cells flagged and not forced keep their old outputs."
    skip = set(get_config().tst_flags.split()) - force
    nb = read_nb(fn)
    no_eval = lambda c: c.cell_type != "code" or "nbdev_export(" in c.source or bool(skip & _flags(c))
    for c in nb.cells:  # execnb keeps a cell's old outputs when it prints nothing now: clear what will run
        if not no_eval(c): c.outputs = []
    with working_directory(fn.parent): CaptureShell(fn).run_all(nb, exc_stop=True, preproc=no_eval)
    for c in nb.cells:
        if c.cell_type == "code": c.outputs = without_progress_bars(c.outputs)
    write_nb(nb, fn)

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("notebooks", nargs="+", type=Path)
    p.add_argument("--flags", default="", help="flagged cells to run too, e.g. 'gpu'")
    args = p.parse_args()
    for fn in args.notebooks:
        print("running", fn, flush=True)
        run_nb(fn.resolve(), set(args.flags.split()))
