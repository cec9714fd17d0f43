"""The runs recorded in h100-80gb-session1.jsonl, h100-80gb-session2.jsonl and h100-80gb-profile.txt.

Run on a lent H100 80GB on 2026-11-24 with torch 2.11.0+cu130 (the machine's) and transformers 5.23.0, peft 0.21.2
and bitsandbytes 0.50.2 (carried as wheels), from the repository root, as two calls:

    PYTHONPATH=. MTIFT_CACHE=/tmp/mc TQDM_DISABLE=1 python3 nbs/benchmarks/h100_runs.py session1 xl base gen-base
    PYTHONPATH=. MTIFT_CACHE=/tmp/mc TQDM_DISABLE=1 python3 nbs/benchmarks/h100_runs.py session2 profile xl64 xxl curves

(each writes `<session>.jsonl` into $OUT and the profile tables to stdout). The recipes are spelled out as they were
then: that day's `mtift` recipe packed rows into 16,384-token batches without gradient checkpointing; what these
runs showed made today's (65,536 tokens, checkpointing on: the `xl64` run).

It imports the benchmark step of its time (`mtift.speed.train_step` and its recipes), which `mtift bench` no longer
has: it now times `mtift train`'s own trainer (chapter 07). To run this file again, check out commit ea04548."""
import json, os, sys, time, warnings
from dataclasses import replace
warnings.filterwarnings("ignore")
import torch
import bitsandbytes.cextension as cx
from mtift.speed import (RECIPES, Recipe, bench, bench_generation, fixed_batches, random_checkpoint, recipe_batches, recipe_model,
                         same_batches_curves, synthetic_mixture, train_step)
log = open(os.path.join(os.environ.get("OUT", "."), sys.argv[1] + ".jsonl"), "a")

def show(r, tag=""):
    log.write(json.dumps({**r, "tag": tag}) + "\n"); log.flush()
    keep = ("recipe", "size", "real_tokens_per_s", "padding_fraction", "median_step_s", "examples_per_step", "peak_memory_gb",
            "load_s", "mfu", "final_loss", "error", "speedup", "one_at_a_time_examples_per_s", "batched_examples_per_s", "same_output_fraction")
    print(tag, json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in r.items() if k in keep}), flush=True)

OFF = Recipe("mtift", packing=True, batch_size=None, max_tokens=16384, gradient_checkpointing=False, kbit_prepare=False)
ON = replace(OFF, gradient_checkpointing=True)
BF16 = replace(OFF, name="mtift-bf16", quant=None)
PLANS = {  # session 1
 "xl": [("baseline", RECIPES["baseline"], 10), ("ckpt-off-16k", OFF, 10), ("ckpt-on-16k", ON, 10),
        ("ckpt-on-32k", replace(ON, max_tokens=32768), 8), ("ckpt-off-8k", replace(OFF, max_tokens=8192), 10),
        ("bf16-ckpt-on-16k", replace(BF16, gradient_checkpointing=True), 10), ("bf16-ckpt-off-8k", replace(BF16, max_tokens=8192), 10)],
 "base": [("baseline", RECIPES["baseline"], 20), ("mtift-16k", OFF, 20), ("ckpt-on-32k", replace(ON, max_tokens=32768), 10)]}

def profile():
    "Where two QLoRA steps and two bf16 LoRA steps of FLAN-T5-XL (16k tokens, checkpointing on) spend their time."
    from torch.profiler import profile, ProfilerActivity
    print("bnb lib:", type(cx.lib).__name__, flush=True)
    feats = synthetic_mixture(2048, seed=0)
    bs = recipe_batches(ON, feats)
    for quant in ("nf4", None):
        r = replace(ON, quant=quant)
        model = recipe_model(r, random_checkpoint("xl"), "cuda")
        opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, fused=True)
        for rows in bs[:2]: train_step(model, opt, feats, rows, r, "cuda")
        torch.cuda.synchronize()
        with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
            for rows in bs[2:4]: train_step(model, opt, feats, rows, r, "cuda")
            torch.cuda.synchronize()
        for by, n in (("cuda", 22), ("cpu", 12)):
            print(f"==== quant={quant} by {by.upper()} time", flush=True)
            print(prof.key_averages().table(sort_by=f"self_{by}_time_total", row_limit=n, max_name_column_width=60), flush=True)
        del model, opt; torch.cuda.empty_cache()

for what in sys.argv[2:]:
    if what == "gen-base": show(bench_generation("base", n_examples=64, batch_size=64, max_new_tokens=32), "generation")
    elif what in PLANS:
        t = time.time(); random_checkpoint(what); print("built", what, round(time.time() - t, 1), "s", flush=True)
        for tag, recipe, steps in PLANS[what]: show(bench(what, recipe, steps=steps, warmup=2, n_examples=8192), tag)
    elif what == "profile": profile()
    elif what == "xl64":
        show(bench("xl", replace(ON, max_tokens=65536), steps=6, warmup=2, n_examples=8192), "xl-ckpt-on-64k")
        show(bench("xl", replace(ON, max_tokens=65536, quant=None, name="mtift-bf16"), steps=6, warmup=2, n_examples=8192), "xl-bf16-ckpt-on-64k")
    elif what == "curves":
        feats = synthetic_mixture(4096, seed=1)
        c = same_batches_curves([RECIPES["baseline"], replace(ON, name="mtift (same batches)")], random_checkpoint("xl"), feats,
                                fixed_batches(len(feats), 8, seed=0)[:30], "cuda", lr=1e-3)
        log.write(json.dumps({"tag": "curves-xl", "curves": c}) + "\n"); log.flush()
    elif what == "xxl":
        t = time.time(); random_checkpoint("xxl"); print("built xxl", round(time.time() - t, 1), flush=True)
        show(bench("xxl", ON, steps=4, warmup=2, n_examples=4096), "xxl-ckpt-on-16k")
        show(bench("xxl", replace(ON, max_tokens=32768), steps=4, warmup=2, n_examples=4096), "xxl-ckpt-on-32k")
    else: sys.exit(f"unknown run {what!r}")
