"""Run `mtift train mini` (mini's recipe, the offline default before SmolLM2) on mini and on random weights of mini's shape, and record the comparison
that chapter 00b shows in nbs/benchmarks/pretraining_effect.json. Takes minutes on two CPU cores."""
import datetime, json, platform, subprocess, sys, tempfile, time
from pathlib import Path
from mtift import __version__
from mtift.pretrain import pretraining_effect

MTIFT = str(Path(sys.executable).parent / "mtift")
COMMANDS = {"mini": ["train", "mini", "--output", "{out}/default"],
            "random": ["train", "mini", "--set", "model.name=random:mini", "--output", "{out}/random"]}

def main(out=None, extra=()):
    out = Path(out or tempfile.mkdtemp())
    runs, times_file = {}, out / "times.json"
    times = json.loads(times_file.read_text()) if times_file.exists() else {}
    for name, cmd in COMMANDS.items():
        args = [a.format(out=out) for a in cmd] + list(extra)
        metrics = Path(args[args.index("--output") + 1]) / "metrics.json"
        if not metrics.exists():  # a finished run in `out` is kept: rerun one by deleting its folder
            start = time.time()
            subprocess.run([MTIFT, *args], check=True, stdout=subprocess.DEVNULL)
            times[name] = round(time.time() - start)
            times_file.write_text(json.dumps(times))
        runs[name] = json.loads(metrics.read_text())
    record = {"commands": "\n".join("mtift " + " ".join(c).replace("{out}", "runs") for c in COMMANDS.values()),
              "when": f"{datetime.date.today()}, mtift {__version__}, {platform.machine()}, {runs['mini']['device']}; "
                      f"wall time: mini run {times['mini']} s, random-weights run {times['random']} s",
              "rows": pretraining_effect(runs["mini"], runs["random"])}
    dest = Path(__file__).parents[1] / "nbs" / "benchmarks" / "pretraining_effect.json"
    dest.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {dest}")

if __name__ == "__main__": main(sys.argv[1] if len(sys.argv) > 1 else None, sys.argv[2:])
