"""Whether a run may be scored in the precision it trains in: on SmolLM2 untrained (its adapters are zero), each task's
validation loss over all the default run's validation examples, and the closed-label tasks' ranked options, in float32
and in bfloat16 autocast, with the seconds each took. Writes nbs/benchmarks/scoring_precision.json, which chapter 05d
reads. Run it alone: it times both cores.

    python tools/scoring_precision.py
"""
import datetime, json, platform, tempfile, time
from pathlib import Path
from mtift import __version__
from mtift.config import check_config, default_config
from mtift.plm import bf16_autocast, load_tokenizer
from mtift.report import scored_examples
from mtift.scores import rank_options, ranked
from mtift.train import run_data, run_model, training_arguments
from mtift.trained import run_tasks
from mtift.trainer import task_validation_losses

def timed(fn):
    t0 = time.perf_counter(); out = fn()
    return out, round(time.perf_counter() - t0, 1)

if __name__ == "__main__":
    cfg = check_config(default_config())
    args = training_arguments(cfg, tempfile.mkdtemp())
    tasks, _ = run_tasks(cfg.tasks, cfg.data.split_seed)
    names, d = [t.name for t in tasks], cfg.data
    tok = load_tokenizer(cfg.model.name, chat_template=d.chat_template)
    data, model = run_data(tasks, tok, d), run_model(cfg, names, args)
    examples = scored_examples(tasks, cfg.eval.examples, d.split_seed, cfg.eval.closed_examples)
    out = {"model": cfg.model.name, "validation_examples": len(data.validation), "machine": platform.processor() or platform.machine(),
           "mtift": __version__, "date": datetime.date.today().isoformat()}
    tops = {}
    for bf16 in (False, True):
        key = "bfloat16" if bf16 else "float32"
        with bf16_autocast(bf16, "cpu"):
            losses, secs = timed(lambda: task_validation_losses(model, data.validation, names, tok.pad_token_id, cfg.eval.batch_size,
                                                                cfg.loss.normalize, progress=False))
            out[key] = {"loss_seconds": secs, "losses": {k: round(v, 4) for k, v in losses.items()}, "ranked": {}}
            for t in (t for t in tasks if t.options):
                srcs = [t.render(e, seed=d.split_seed)[0] for e in examples[t.name]]
                ll, secs = timed(lambda: rank_options(model, tok, srcs, t.options, d.max_source, cfg.eval.batch_size, name=t.name))
                out[key]["ranked"][t.name], tops[key, t.name] = {"seconds": secs, "n": len(srcs)}, ranked(t.options, ll)[0]
        print(key, out[key]["loss_seconds"], flush=True)
    out["ranked_agree"] = {t: sum(a == b for a, b in zip(tops["float32", t], tops["bfloat16", t])) for t in out["float32"]["ranked"]}
    Path("nbs/benchmarks/scoring_precision.json").write_text(json.dumps(out, indent=1) + "\n")
