"""Run one tier of mtift's tests: every notebook's cells (`nbdev_test`) and the tests in `tests/` (`pytest`, with
pytest-xdist) that belong to it, one notebook or test module a core at a time, each with its share of torch's threads.

    python tools/tier.py fast   # the README's test command: at most 15 minutes on two CPU cores
    python tools/tier.py slow   # the long chapters and tests: about 45 minutes more

The slow tier holds the notebooks named in `SLOW_NOTEBOOKS` and the tests marked `@pytest.mark.slow`; the fast tier
holds everything else, so the two tiers together run every test once. `--dry-run` prints the commands."""
import argparse, os, re, shlex, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The chapters that take a minute or more on two cores (`nbdev_test --timing`).
SLOW_NOTEBOOKS = ("00a_corpus", "00b_pretraining", "00f_gemma", "03a_losses", "03b_heads", "03d_fast_step", "03f_compiled_step",
                  "06b_held_out", "06a_export", "07_speed", "07c_versus_trl", "90_cli")
NBDEV_SKIPPED = "[_.]"  # nbdev's own default: files whose names start with _ or . are never tests
# A worker a core, at most four (each may hold a model and its training state). Two workers each using every core would
# slow each other many times over, so each gets its share of the cores for torch (OMP_NUM_THREADS, which the `mtift`
# processes a test starts inherit).
WORKERS = min(os.cpu_count() or 1, 4)
THREADS = str(max(1, (os.cpu_count() or 1) // WORKERS))
# A module's tests stay on one worker, so its fixtures (a trained run) are built once; the slowest tests are listed at the end.
PYTEST = ["pytest", "-q", "-n", str(WORKERS), "--dist", "loadscope", "--durations", "15"]

def notebooks_regex(names)->str: return "(" + "|".join(map(re.escape, names)) + r")\.ipynb$"

def commands(tier:str)->list[list[str]]:
    "The nbdev_test and pytest commands of `tier`."
    nb = ["nbdev_test", "--n_workers", str(WORKERS), "--do_print", "--timing"]
    if tier == "fast":
        return [nb + ["--skip_file_re", f"^({NBDEV_SKIPPED}|{notebooks_regex(SLOW_NOTEBOOKS)})"],
                PYTEST + ["-m", "not slow"]]
    return [nb + ["--file_re", "^" + notebooks_regex(SLOW_NOTEBOOKS)], PYTEST + ["-m", "slow"]]

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tier", choices=["fast", "slow"])
    ap.add_argument("--dry-run", action="store_true", help="print the commands instead of running them")
    args = ap.parse_args()
    for cmd in commands(args.tier):
        print("tier:", shlex.join(cmd), flush=True)
        env = {**os.environ, "OMP_NUM_THREADS": THREADS, "MKL_NUM_THREADS": THREADS}
        if not args.dry_run and (rc := subprocess.run(cmd, cwd=ROOT, env=env).returncode): sys.exit(rc)
