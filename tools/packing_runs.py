"""Packing on SmolLM2, measured as a user runs it: the default `mtift train` (9 built-in tasks, 60 steps of 8 examples)
with `data.packing` false and true, for each seed, one run at a time on an otherwise idle machine. The same examples
reach every step either way, so the validation losses should agree within the seeds' spread; what packing changes
is the training time (the report's `times_s`). Generation scoring is cut to 4 examples per task, which it does not time.

    python tools/packing_runs.py /tmp/packing --seeds 0 1 --out nbs/benchmarks/smollm2_packing.json
"""
import argparse, json, shutil, statistics, subprocess, sys
from pathlib import Path

def run(folder:Path, packing:bool, seed:int)->dict:
    "One `mtift train` run; its final validation loss, training seconds and padding."
    out = folder / f"packing-{str(packing).lower()}-seed{seed}"
    if not (out / "metrics.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        sets = [f"data.packing={str(packing).lower()}", f"training.seed={seed}", "eval.examples=4", "training.eval_steps=60"]
        r = subprocess.run([str(Path(sys.executable).parent / "mtift"), "train", *[a for s in sets for a in ("--set", s)], "--output", str(out)],
                           capture_output=True, text=True)
        if r.returncode: sys.exit(f"{out.name} failed:\n{r.stderr[-3000:]}")
    m = json.loads((out / "metrics.json").read_text())
    evals = [h for h in m["training"]["log_history"] if "eval_loss" in h]
    return {"packing": packing, "seed": seed, "steps": m["training"]["steps"], "eval_loss": evals[-1]["eval_loss"],
            "training_s": m["times_s"]["training"], "final_train_loss": m["training"]["final_loss"]}

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", help="where the runs go (kept: a second call reads finished runs)")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    p.add_argument("--out", help="JSON file for the figures")
    a = p.parse_args()
    runs = [run(Path(a.folder), packing, seed) for seed in a.seeds for packing in (False, True)]
    for r in runs: print(json.dumps(r))
    side = lambda packing, k: [r[k] for r in runs if r["packing"] == packing]
    summary = {name: {"eval_loss": side(packing, "eval_loss"), "training_s": side(packing, "training_s"),
                      "mean_training_s": statistics.mean(side(packing, "training_s"))}
               for name, packing in (("unpacked", False), ("packed", True))}
    summary["wall_time_ratio_unpacked_over_packed"] = summary["unpacked"]["mean_training_s"] / summary["packed"]["mean_training_s"]
    summary["eval_loss_difference_per_seed"] = [p - u for u, p in zip(side(False, "eval_loss"), side(True, "eval_loss"))]
    summary["eval_loss_seed_spread_unpacked"] = max(side(False, "eval_loss")) - min(side(False, "eval_loss"))
    print(json.dumps(summary, indent=1))
    if a.out: Path(a.out).write_text(json.dumps({"runs": runs, "summary": summary,
                                                 "command": "python tools/packing_runs.py " + " ".join(sys.argv[1:])}, indent=1) + "\n")

if __name__ == "__main__": main()
