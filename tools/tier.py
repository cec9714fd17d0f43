"""Run one tier of mtift's tests: every notebook's cells (`nbdev_test`, one notebook at a time) and the tests in `tests/`
(`pytest`) that belong to it.

    python tools/tier.py fast   # the README's test command: at most 15 minutes on two CPU cores
    python tools/tier.py slow   # the long training chapters and tests: 35 to 50 minutes more

The slow tier holds the notebooks named in `SLOW_NOTEBOOKS` and the tests marked `@pytest.mark.slow`; the fast tier
holds everything else, so the two tiers together run every test once. `--dry-run` prints the commands."""
import argparse, re, shlex, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The chapters that train or compile for a minute or more on two cores (`nbdev_test --timing`).
SLOW_NOTEBOOKS = ("00a_corpus", "00b_pretraining", "03a_losses", "03b_heads", "03d_fast_step", "06b_held_out", "06a_export",
                  "07_speed", "07c_versus_trl")
NBDEV_SKIPPED = "[_.]"  # nbdev's own default: files whose names start with _ or . are never tests

def notebooks_regex(names)->str: return "(" + "|".join(map(re.escape, names)) + r")\.ipynb$"

def commands(tier:str)->list[list[str]]:
    "The nbdev_test and pytest commands of `tier`."
    nb = ["nbdev_test", "--n_workers", "1", "--do_print", "--timing"]
    if tier == "fast":
        return [nb + ["--skip_file_re", f"^({NBDEV_SKIPPED}|{notebooks_regex(SLOW_NOTEBOOKS)})"],
                ["pytest", "-q", "-m", "not slow"]]
    return [nb + ["--file_re", "^" + notebooks_regex(SLOW_NOTEBOOKS)], ["pytest", "-q", "-m", "slow"]]

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tier", choices=["fast", "slow"])
    ap.add_argument("--dry-run", action="store_true", help="print the commands instead of running them")
    args = ap.parse_args()
    for cmd in commands(args.tier):
        print("tier:", shlex.join(cmd), flush=True)
        if not args.dry_run and (rc := subprocess.run(cmd, cwd=ROOT).returncode): sys.exit(rc)
