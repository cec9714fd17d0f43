"""Run the offline default `mtift train` (SmolLM2, the nine built-in tasks) at three training seeds and `mtift eval` on the
first, and record what chapter 05d shows: nbs/benchmarks/default_run_seeds.json (per task and seed: the main metric
with its interval, the best prompt of the untrained model, the paired change from it, the majority label, the validation
loss before and after; the wall time by phase), default_run_report.md (seed 0's report) and default_run_eval.md (its
`mtift eval` on the test split, the README's last command). The untrained model's scores do not depend on the training
seed: seed 0 computes them and the later seeds read them from mtift's cache. Run it with MTIFT_CACHE set to an empty
folder to time seed 0 as a fresh machine runs it. A finished run in the output folder is kept.

    MTIFT_CACHE=$(mktemp -d) python tools/default_seeds.py OUT
"""
import datetime, json, os, platform, sys, tempfile
from pathlib import Path
import numpy as np
from scipy import stats
from default_runs import evaluate, run
from mtift import __version__

SEEDS = (0, 1, 2)

def seed_row(name:str, runs:dict)->dict:
    "One task over the seeds: each seed's trained score, change from the best prompt and losses; mean, sd and 95% t interval."
    per = {s: r["tasks"][name] for s, r in runs.items()}
    after = [t["after"] for t in per.values()]
    mean, sd = float(np.mean(after)), float(np.std(after, ddof=1)) if len(after) > 1 else 0.0
    half = float(stats.t.ppf(0.975, len(after) - 1) * sd / len(after) ** 0.5) if len(after) > 1 else None
    first = per[SEEDS[0]]
    return {"task": name, "metric": first["metric"], "n": first["n"], "majority": first["majority"],
            "best_prompt": first["best_baseline"], "untrained": [first["before"], first["before_interval"]],
            "trained": {s: [t["after"], t["after_interval"]] for s, t in per.items()},
            "change": {s: t["change"] for s, t in per.items()}, "vs_majority": {s: t["vs_majority"] for s, t in per.items()},
            "mean": mean, "sd": sd, "t_half_width": half,
            "loss_before": first.get("loss_before"), "loss_after": {s: t.get("loss_after") for s, t in per.items()},
            **({"generation": _generation(first, per)} if "accuracy" in first["scores_after"] else {})}

def _generation(first:dict, per:dict)->dict:
    "A closed-label task's generated answers against its ranked ones: accuracy and unmatched answers, untrained in each prompt and trained."
    pick = lambda s: {k: s[k] for k in ("acc", "accuracy", "unmatched", "n") if k in s}  # a k-shot prompt only ranks
    return {"untrained": {k: pick(s) for k, s in first["scores_before"].items()}, "trained": {k: pick(t["scores_after"]) for k, t in per.items()}}

def main(out:Path):
    runs = {s: run(out, f"seed-{s}", ["--set", f"training.seed={s}"], model_name=None) for s in SEEDS}
    first = runs[SEEDS[0]]
    record = {"command": "mtift train --set training.seed=SEED --output runs/seed-SEED",
              "machine": f"{datetime.date.today()}, mtift {__version__}, {platform.machine()}, {first['device']}, "
                         f"{len(os.sched_getaffinity(0))} cores",
              "runs": {s: {"wall_s": r["wall_s"], "train_s": r["training"]["runtime_s"], "steps": r["training"]["steps"],
                           "phases_s": {k: round(v) for k, v in r.get("times_s", {}).items()}} for s, r in runs.items()},
              "rows": [seed_row(n, runs) for n in first["tasks"]]}
    dest = Path(__file__).parents[1] / "nbs" / "benchmarks"
    (dest / "default_run_seeds.json").write_text(json.dumps(record, indent=1) + "\n")
    (dest / "default_run_report.md").write_text((out / f"seed-{SEEDS[0]}" / "report.md").read_text())
    scores = evaluate(out / f"seed-{SEEDS[0]}")
    (dest / "default_run_eval.md").write_text(scores.read_text().split("## Wrong predictions")[0].replace(str(out / f"seed-{SEEDS[0]}"), "run"))
    print(f"wrote {dest / 'default_run_seeds.json'}, default_run_report.md and default_run_eval.md")

if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()))
