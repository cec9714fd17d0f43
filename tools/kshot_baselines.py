"""How many solved examples the untrained model's k-shot prompt should hold (`eval.shots`): SmolLM2's ranked accuracy on
the closed-label tasks' validation examples that a default run scores, in its chat template and in the plain format,
at k = 0, 1, 3 and 5, in the precision the default run scores in, with the seconds each prompt took (one thread, so a
second job can run beside it). Writes nbs/benchmarks/kshot_baselines.json, which chapter 05b reads.

    taskset -c 1 python tools/kshot_baselines.py
"""
import datetime, json, platform, time
from pathlib import Path
import torch
from mtift import __version__
from mtift.config import check_config, default_config
from mtift.plm import bf16_autocast, cpu_bf16, load_model, load_tokenizer
from mtift.report import format_name, score_tasks, scored_examples
from mtift.trained import run_tasks

PROMPTS = (("auto", 0), ("auto", 1), ("auto", 3), ("auto", 5), (False, 0), (False, 1), (False, 3))

if __name__ == "__main__":
    torch.set_num_threads(1)
    cfg = check_config(default_config())
    tasks = [t for t in run_tasks(cfg.tasks, cfg.data.split_seed)[0] if t.options]
    model = load_model(cfg.model.name, device="cpu")
    examples = scored_examples(tasks, cfg.eval.examples, cfg.data.split_seed, cfg.eval.closed_examples)
    rows = []
    with bf16_autocast(cpu_bf16(), "cpu"):
        for chat, k in PROMPTS:
            tok = load_tokenizer(cfg.model.name, chat_template=chat)
            t0 = time.perf_counter()
            s = score_tasks(model, tok, tasks, examples, cfg.eval, cfg.data, shots=k, generate=False)
            rows.append({"prompt": f"{format_name(tok)}, {k}-shot", "shots": k, "seconds": round(time.perf_counter() - t0, 1),
                         **{t: {"acc": round(v["acc"], 1), "interval": [round(x, 1) for x in v["intervals"]["acc"]], "n": v["n"]}
                            for t, v in s.items()}})
            print(rows[-1], flush=True)
    out = {"model": cfg.model.name, "bf16": cpu_bf16(), "threads": 1, "machine": platform.processor() or platform.machine(),
           "mtift": __version__, "date": datetime.date.today().isoformat(), "rows": rows}
    Path("nbs/benchmarks/kshot_baselines.json").write_text(json.dumps(out, indent=1) + "\n")
