"""How well each offline model's instruction embeddings route a phrasing they never saw (chapter 06): a `TaskRouter`
learns every built-in task from its first two phrasings and routes 48 test examples per task worded with the third.
SmolLM2 (plain prompts, as the default run), random weights of its shape, and mini; recorded in
nbs/benchmarks/routing_embeddings.json, which chapter 06 reads. About 5 minutes on two CPU cores.

    python tools/routing_embeddings.py"""
import datetime, json, os, platform, time
from pathlib import Path
from mtift import __version__
from mtift.evaluation import route_unseen_phrasing
from mtift.intervals import interval
from mtift.plm import load_model, load_tokenizer
from mtift.sources import builtin_tasks

MODELS = {"smollm2": {"chat_template": False}, "random:smollm2": {"chat_template": False}, "mini": {}}
N, MAX_SOURCE = 48, 128  # examples per task; the default run's source limit

def measure(name:str, tasks)->dict:
    "Per task and over all tasks: the share of examples routed to their own task, with its 95% interval."
    start = time.time()
    model, tok = load_model(name, quant=None, device="cpu"), load_tokenizer(name, **MODELS[name])
    routes = route_unseen_phrasing(model, tok, tasks, n=N, max_source=MAX_SOURCE)
    score = lambda picks, task_names: interval("exact_match", picks, task_names)
    out = {"tasks": {t: score(r, [t] * len(r)) for t, r in routes.items()},
           "all": score([x for r in routes.values() for x in r], [t for t, r in routes.items() for _ in r]),
           "confused_with": {t: max(set(r) - {t}, key=r.count, default=None) for t, r in routes.items()},
           "seconds": round(time.time() - start)}
    print(f"{name}: {out['all']['score']:.1f} [{out['all']['low']:.1f}, {out['all']['high']:.1f}] routed to their own task "
          f"({out['seconds']} s)", flush=True)
    return out

def main():
    tasks = builtin_tasks()
    record = {"command": "python tools/routing_embeddings.py", "examples_per_task": N, "max_source": MAX_SOURCE,
              "learned_phrasings": [0, 1], "routed_phrasing": 2, "chance": 100 / len(tasks),
              "machine": f"{datetime.date.today()}, mtift {__version__}, {platform.machine()}, cpu, {len(os.sched_getaffinity(0))} cores",
              "models": {m: measure(m, tasks) for m in MODELS}}
    dest = Path(__file__).parents[1] / "nbs" / "benchmarks" / "routing_embeddings.json"
    dest.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {dest}")

if __name__ == "__main__": main()
