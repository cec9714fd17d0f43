"""The default run trained in float32 instead of bfloat16 autocast, at the seeds given (default: 0), to set beside
chapter 05d's three bfloat16 seeds (`tools/default_seeds.py`): each task's validation loss after training and main
metric, and the training time. The untrained model is not scored (`eval.before: false`): only the trained runs are
compared. Writes nbs/benchmarks/float32_seeds.json, which chapter 05d reads.

    python tools/float32_seeds.py OUT [SEED ...]
"""
import datetime, json, os, platform, sys, tempfile
from pathlib import Path
from default_runs import run
from mtift import __version__

def main(out:Path, seeds:list[int]):
    runs = {s: run(out, f"float32-seed-{s}", ["--set", f"training.seed={s}", "--set", "training.bf16=false", "--set", "eval.before=false"],
                   model_name=None) for s in seeds}
    record = {"command": "mtift train --set training.seed=SEED --set training.bf16=false --set eval.before=false --output runs/float32-seed-SEED",
              "machine": f"{datetime.date.today()}, mtift {__version__}, {platform.machine()}, {len(os.sched_getaffinity(0))} cores",
              "runs": {s: {"wall_s": r["wall_s"], "train_s": r["training"]["runtime_s"],
                           "loss_after": {t: v["loss_after"] for t, v in r["tasks"].items()},
                           "after": {t: [v["metric"], v["after"]] for t, v in r["tasks"].items()}} for s, r in runs.items()}}
    dest = Path(__file__).parents[1] / "nbs" / "benchmarks" / "float32_seeds.json"
    dest.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {dest}")

if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()), [int(s) for s in sys.argv[2:]] or [0])
