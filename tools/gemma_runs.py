"""Gemma 3 270M beside SmolLM2-135M-Instruct on the offline default run (the nine built-in tasks, the default recipe;
only model.name changed), one after the other on this machine, and what chapter 00c shows: per task the majority
label, each model's untrained best prompt and trained score with intervals, and Gemma's paired difference from SmolLM2
on the same examples; validation losses; training time, tokens per second and peak memory; and the share of a
training step's time spent in each model's LM head. Writes nbs/benchmarks/gemma_vs_smollm2.json. About 45 minutes on
two CPU cores; a finished run in OUT is kept.

    python tools/gemma_runs.py OUT
"""
import datetime, json, os, platform, resource, sys, time
from pathlib import Path
import torch
from default_runs import run
from mtift import __version__
from mtift import sources  # noqa: F401  registers the built-in tasks that get_task names
from mtift.intervals import compared
from mtift.tasks import get_task

MODELS = ("smollm2", "gemma3-270m")

def head_share(name:str, rows:int=8, length:int=160, targets:int=24, repeats:int=3)->dict:
    """Seconds of one forward and backward pass of a batch through the layers of `name`, and through its LM head for the
    target tokens only (the chunked loss of chapter 03d), in the precision the default run trains in on this machine."""
    from mtift.families import family
    from mtift.fast_step import unwrapped
    from mtift.plm import bf16_autocast, cpu_bf16, load_model
    model = load_model(name, device="cpu").requires_grad_(False)
    fam, base = family(model), unwrapped(model)
    ids = torch.randint(100, 1000, (rows, length))
    emb = base.get_input_embeddings()(ids).detach()
    with torch.no_grad(): h = base.model(input_ids=ids).last_hidden_state[:, -targets:].reshape(-1, base.config.hidden_size)
    def layers():  # gradients flow back through every layer to the input, as they do to LoRA's adapters
        base.model(inputs_embeds=emb.clone().requires_grad_()).last_hidden_state.float().pow(2).mean().backward()
    def head():
        x = h.clone().requires_grad_()
        torch.nn.functional.cross_entropy(fam.head(model)(x).float(), torch.zeros(len(x), dtype=torch.long)).backward()
    def timed(fn):
        with bf16_autocast(cpu_bf16(), "cpu"):
            fn(); t = time.perf_counter()
            for _ in range(repeats): fn()
        return (time.perf_counter() - t) / repeats
    l, m = timed(layers), timed(head)
    return {"layers_s": round(l, 3), "head_s": round(m, 3), "head_share": round(m / (l + m), 3), "rows": rows,
            "tokens_per_row": length, "target_tokens_per_row": targets, "bf16_autocast": cpu_bf16(),
            "vocab": base.config.vocab_size, "parameters": sum(p.numel() for p in model.parameters())}

def examples_trained(folder:Path)->int:
    "Training examples the run drew (its batch log: one line per step, the examples' indices after the step number)."
    lines = (folder / "batches" / "rank-0.txt").read_text().splitlines()
    return sum(len(l.split()) - 1 for l in lines if l and not l.startswith("#"))

def rows(runs:dict)->list[dict]:
    "Per task: majority label; each model's best untrained prompt, trained score and validation losses; Gemma - SmolLM2, paired."
    smol, gem, out = runs["smollm2"], runs["gemma3-270m"], []
    for name, s in smol["tasks"].items():
        g, task = gem["tasks"][name], get_task(name)
        side = lambda t: {"best_prompt": t["best_baseline"], "untrained": [t["before"], t["before_interval"]],
                          "trained": [t["after"], t["after_interval"]], "change": t["change"],
                          "loss_before": t.get("loss_before"), "loss_after": t.get("loss_after")}
        out.append({"task": name, "metric": s["metric"], "n": s["n"], "majority": s["majority"],
                    "smollm2": side(s), "gemma3-270m": side(g),
                    "gemma - smollm2": compared(task, s["scores_after"]["answers"], g["scores_after"]["answers"], s["metric"])})
    return out

def main(out:Path):
    runs, peaks = {}, {}
    for m in MODELS:  # one after the other: the peak resident memory of the children so far is the larger model's after both
        runs[m] = run(out, m)
        peaks[m] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20, 2)
    shares = {m: head_share(m) for m in MODELS}
    record = {"command": "mtift train --set model.name=MODEL --output runs/MODEL",
              "machine": f"{datetime.date.today()}, mtift {__version__}, {platform.machine()}, {runs['smollm2']['device']}, "
                         f"{len(os.sched_getaffinity(0))} cores",
              "runs": {m: {"wall_s": r["wall_s"], "train_s": r["training"]["runtime_s"], "steps": r["training"]["steps"],
                           "phases_s": {k: round(v) for k, v in r.get("times_s", {}).items()},
                           "peak_rss_gb_children_so_far": peaks[m], "examples": (n := examples_trained(out / m)),
                           "examples_per_s": round(n / r["training"]["runtime_s"], 2),
                           "final_validation_loss": r["training"]["log_history"][-2].get("eval_loss")}
                       for m, r in runs.items()},
              "lm_head": shares, "rows": rows(runs)}
    dest = Path(__file__).parents[1] / "nbs" / "benchmarks" / "gemma_vs_smollm2.json"
    dest.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {dest}")

if __name__ == "__main__":
    main(Path(sys.argv[1]))
