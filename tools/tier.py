"""Run one tier of mtift's tests: every notebook's cells (`nbdev_test`) and the tests in `tests/` (`pytest`, with
pytest-xdist) that belong to it, one notebook or test module a core at a time, each with its share of torch's threads.

    python tools/tier.py fast   # the README's test command: at most 15 minutes on two CPU cores
    python tools/tier.py slow   # the long chapters and tests: about an hour more

The slow tier holds the notebooks named in `SLOW_NOTEBOOKS` and the tests marked `@pytest.mark.slow`; the fast tier
holds everything else, so the two tiers together run every test once. `--dry-run` prints the commands."""
import argparse, os, re, shlex, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The chapters that take a minute or more on two cores (`nbdev_test --timing`), longest first: the slow tier starts them in
# this order, a core each, so that the longest is not left running alone at the end.
SLOW_NOTEBOOKS = ("07c_versus_trl", "06b_held_out", "07_speed", "03a_losses", "00a_corpus", "03d_fast_step", "00f_gemma",
                  "06a_export", "03f_compiled_step", "03b_heads", "90_cli", "00b_pretraining")
NBDEV_SKIPPED = "[_.]"  # nbdev's own default: files whose names start with _ or . are never tests
# A worker a core, at most four (each may hold a model and its training state). Two workers each using every core would
# slow each other many times over, so each gets its share of the cores for torch (OMP_NUM_THREADS, which the `mtift`
# processes a test starts inherit).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1  # the cores this process may use
WORKERS = min(CORES, 4)
THREADS = str(max(1, CORES // WORKERS))
# A module's tests stay on one worker, so its fixtures (a trained run) are built once; the slowest tests are listed at the end.
PYTEST = ["pytest", "-q", "-n", str(WORKERS), "--dist", "loadscope", "--durations", "15"]

def notebooks_regex(names)->str: return "(" + "|".join(map(re.escape, names)) + r")\.ipynb$"

def commands(tier:str)->list[list[str]]:
    "The nbdev_test commands of `tier` (run `WORKERS` at a time), then its pytest command."
    nb = ["nbdev_test", "--do_print", "--timing"]
    if tier == "fast":
        return [nb + ["--n_workers", str(WORKERS), "--skip_file_re", f"^({NBDEV_SKIPPED}|{notebooks_regex(SLOW_NOTEBOOKS)})"],
                PYTEST + ["-m", "not slow"]]
    return [nb + ["--path", f"nbs/{name}.ipynb"] for name in SLOW_NOTEBOOKS] + [PYTEST + ["-m", "slow"]]

def run(cmd:list[str], dry_run:bool=False)->int:
    "Run `cmd` in the repository with its share of the cores; its exit status."
    print("tier:", shlex.join(cmd), flush=True)
    if dry_run: return 0
    return subprocess.run(cmd, cwd=ROOT, env={**os.environ, "OMP_NUM_THREADS": THREADS, "MKL_NUM_THREADS": THREADS}).returncode

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tier", choices=["fast", "slow"])
    ap.add_argument("--dry-run", action="store_true", help="print the commands instead of running them")
    args = ap.parse_args()
    *notebooks, tests = commands(args.tier)
    with ThreadPoolExecutor(WORKERS) as pool: failed = [rc for rc in pool.map(lambda c: run(c, args.dry_run), notebooks) if rc]
    sys.exit(failed[0] if failed else run(tests, args.dry_run))
