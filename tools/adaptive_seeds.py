"""The offline default `mtift train` (SmolLM2, the nine built-in tasks, temperature T = 2) against the same run with
adaptive mixing by learning progress (chapter 03e), at the three seeds of `tools/default_seeds.py`, whose runs in the
same output folder are the T = 2 arm. Records nbs/benchmarks/adaptive_mixing_default.json, which chapter 03e shows: per
task and seed, each arm's main metric and validation loss (on all its validation examples); per seed the mean and the
worst task's validation loss; the training time and what adaptive mixing's probes took of it.

    MTIFT_CACHE=CACHE python tools/adaptive_seeds.py OUT   # OUT holds seed-0, seed-1, seed-2
"""
import datetime, json, os, platform, sys
from pathlib import Path
from default_runs import run
from mtift import __version__

SEEDS = (0, 1, 2)
ADAPT = ["--set", "mixing.adapt=learning_progress"]

def arm(r:dict)->dict:
    "One run: each task's main metric and validation loss, the training time and the probes' share of it."
    tasks = {n: {"metric": t["metric"], "score": t["after"], "loss": t["loss_after"], "loss_before": t["loss_before"]}
             for n, t in r["tasks"].items()}
    mix = r.get("mixing") or {}
    return {"tasks": tasks, "train_s": r["training"]["runtime_s"], "wall_s": r["wall_s"], "probe_s": mix.get("probe_s"),
            "rates": [{"step": h["step"], **h["rates"]} for h in mix.get("history", [])]}

def main(out:Path):
    static = {s: run(out, f"seed-{s}", train=False, model_name=None) for s in SEEDS}
    if None in static.values(): sys.exit(f"{out} lacks the default seeds: run tools/default_seeds.py {out} first")
    adaptive = {s: run(out, f"adaptive-seed-{s}", [*ADAPT, "--set", f"training.seed={s}"], model_name=None) for s in SEEDS}
    record = {"command": "mtift train --set mixing.adapt=learning_progress --set training.seed=SEED --output runs/adaptive-seed-SEED",
              "machine": f"{datetime.date.today()}, mtift {__version__}, {platform.machine()}, {static[0]['device']}, "
                         f"{len(os.sched_getaffinity(0))} cores",
              "temperature T=2": {s: arm(r) for s, r in static.items()}, "adaptive": {s: arm(r) for s, r in adaptive.items()}}
    dest = Path(__file__).parents[1] / "nbs" / "benchmarks" / "adaptive_mixing_default.json"
    dest.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {dest}")

if __name__ == "__main__":
    main(Path(sys.argv[1]))
