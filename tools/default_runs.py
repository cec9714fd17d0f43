"""Run the offline default `mtift train` on SmolLM2, on random weights of SmolLM2's shape and on mini (the same config,
only model.name changed), and record what chapters 00c and 05d show in nbs/benchmarks/default_runs.json, default_run_report.md and, from
`mtift eval --adapter smollm2 --output smollm2/eval` (the README's last command), default_run_eval.md. About 50 minutes on
two CPU cores; a finished run in the output folder is kept (delete its folder to rerun it). Run it with MTIFT_CACHE set
to an empty folder to time what a fresh machine does (SmolLM2 dequantized, the built-in tasks built)."""
import datetime, json, platform, subprocess, sys, tempfile, time
from pathlib import Path
from mtift import __version__
from mtift.intervals import compared
from mtift import sources  # noqa: F401  registers the built-in tasks that get_task names
from mtift.tasks import get_task

MTIFT = str(Path(sys.executable).parent / "mtift")
MODELS = ("smollm2", "random:smollm2", "mini")

def run(out:Path, model:str, extra=(), train:bool=True, model_name:str|None="")->dict|None:
    "The run's metrics.json, training it first unless `out/<model>` holds it (or `train` is off); its wall time is kept in times.json."
    folder, times_file = out / model.replace(":", "-"), out / "times.json"
    model_set = [] if model_name is None else ["--set", f"model.name={model_name or model}"]  # None: the default model
    times = json.loads(times_file.read_text()) if times_file.exists() else {}
    if not (folder / "metrics.json").exists():
        if not train: return None
        start = time.time()
        subprocess.run([MTIFT, "train", *model_set, "--output", str(folder), *extra], check=True,
                       stdout=subprocess.DEVNULL)
        times[model] = round(time.time() - start); times_file.write_text(json.dumps(times))
    return {**json.loads((folder / "metrics.json").read_text()), "wall_s": times.get(model)}

def evaluate(folder:Path, run_it:bool=True)->Path|None:
    "The eval.md of `mtift eval` of the run in `folder` on the test split, running it unless `folder/eval` holds it (or `run_it` is off)."
    if not (folder / "eval" / "eval.md").exists():
        if not run_it: return None
        subprocess.run([MTIFT, "eval", "--adapter", str(folder), "--output", str(folder / "eval")], check=True, stdout=subprocess.DEVNULL)
    return folder / "eval" / "eval.md"

def rows(runs:dict)->list[dict]:
    "Per task: the majority label, untrained and trained SmolLM2, the other runs trained, and SmolLM2's paired lead over each."
    smol, others, out = runs["smollm2"], [m for m in MODELS[1:] if m in runs], []
    for name, s in smol["tasks"].items():
        answers = lambda m: runs[m]["tasks"][name]["scores_after"]["answers"]
        out.append({"task": name, "metric": s["metric"], "n": s["n"], "majority": s["majority"],
                    "untrained": [s["before"], s["before_interval"]], "change": s["change"], "above_majority": s["above_majority"],
                    **{m: [runs[m]["tasks"][name]["after"], runs[m]["tasks"][name]["after_interval"]] for m in ["smollm2", *others]},
                    **{f"smollm2 - {m}": compared(get_task(name), answers(m), answers("smollm2"), s["metric"]) for m in others}})
    return out

def main(out=None, extra=(), train:bool=True):
    out = Path(out or tempfile.mkdtemp())
    runs = {m: r for m in MODELS if (r := run(out, m, extra, train)) is not None}
    record = {"command": "mtift train --set model.name=MODEL --output runs/MODEL" + "".join(f" {a}" for a in extra),
              "machine": f"{datetime.date.today()}, mtift {__version__}, {platform.machine()}, {runs['smollm2']['device']}, "
                         f"{len(__import__('os').sched_getaffinity(0))} cores",
              "runs": {m: {"wall_s": r["wall_s"], "train_s": r["training"]["runtime_s"], "steps": r["training"]["steps"],
                           "phases_s": {k: round(v) for k, v in r.get("times_s", {}).items()}}
                       for m, r in runs.items()},
              "rows": rows(runs)}
    dest = Path(__file__).parents[1] / "nbs" / "benchmarks"
    (dest / "default_runs.json").write_text(json.dumps(record, indent=1) + "\n")
    (dest / "default_run_report.md").write_text((out / "smollm2" / "report.md").read_text())  # the report chapter 05d shows
    print(f"wrote {dest / 'default_runs.json'} and {dest / 'default_run_report.md'}")
    if (scores := evaluate(out / "smollm2", train)) is not None:
        (dest / "default_run_eval.md").write_text(scores.read_text().split("## Wrong predictions")[0].replace(str(out / "smollm2"), "run"))
        print(f"wrote {dest / 'default_run_eval.md'}")  # what `mtift eval` prints

if __name__ == "__main__":  # OUT [--record-only] [--set KEY=VALUE ...]: --record-only writes the record of the runs OUT holds
    args = sys.argv[2:]
    main(sys.argv[1] if len(sys.argv) > 1 else None, [a for a in args if a != "--record-only"], "--record-only" not in args)
