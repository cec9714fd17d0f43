"""Measure the default recipe's learning rate and LoRA rank on the scores of chapter 05b: the offline default `mtift train`
at seed 0 with one setting changed at a time, each task's main metric and validation loss beside the default's three
seeds (`tools/default_seeds.py`'s runs in the same output folder). Records nbs/benchmarks/recipe_sweep.json, which chapter
05d shows. The untrained model's scores come from mtift's cache, so use the MTIFT_CACHE the seeds ran with.

    MTIFT_CACHE=CACHE python tools/recipe_sweep.py OUT   # OUT holds seed-0, seed-1, seed-2
"""
import datetime, json, os, platform, sys
from pathlib import Path
import numpy as np
from default_runs import run
from mtift import __version__

SEEDS = (0, 1, 2)
VARIANTS = {"lr 5e-4": ["training.learning_rate=5e-4"], "lr 2e-3": ["training.learning_rate=2e-3"],
            "r 32": ["lora.r=32", "lora.alpha=64"]}

def summary(r:dict)->dict:
    "One run's main metric and validation loss per task, and the mean validation loss."
    tasks = {n: {"after": t["after"], "loss_after": t.get("loss_after")} for n, t in r["tasks"].items()}
    return {"tasks": tasks, "mean_loss": float(np.mean([t["loss_after"] for t in tasks.values()])),
            "wall_s": r["wall_s"], "train_s": r["training"]["runtime_s"]}

def main(out:Path):
    seeds = {s: run(out, f"seed-{s}", train=False, model_name=None) for s in SEEDS}
    if None in seeds.values(): sys.exit(f"{out} lacks the default seeds: run tools/default_seeds.py {out} first")
    sets = lambda v: [a for kv in VARIANTS[v] for a in ("--set", kv)]
    variants = {v: run(out, v.replace(" ", "-"), ["--set", "training.seed=0", *sets(v)], model_name=None) for v in VARIANTS}
    record = {"command": "mtift train --set training.seed=0 --set SETTING --output runs/VARIANT",
              "machine": f"{datetime.date.today()}, mtift {__version__}, {platform.machine()}, {seeds[0]['device']}, "
                         f"{len(os.sched_getaffinity(0))} cores",
              "default": {s: summary(r) for s, r in seeds.items()}, "variants": {v: {"set": VARIANTS[v], **summary(r)} for v, r in variants.items()}}
    dest = Path(__file__).parents[1] / "nbs" / "benchmarks" / "recipe_sweep.json"
    dest.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {dest}")

if __name__ == "__main__":
    main(Path(sys.argv[1]))
