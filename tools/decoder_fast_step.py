"""What each change of chapter 03d's faster step is worth for SmolLM2 on this machine's CPU: real (unpadded) tokens
per second and peak memory of training steps on the built-in suite as `mtift train` tokenizes it (the default config:
LoRA on every linear layer, float32, 8 examples a step), each variant in a process of its own so that its peak
memory is its own. The same batches for every variant; the first `--warmup` steps (the compile, where there is one)
are not timed.

    python tools/decoder_fast_step.py --out nbs/benchmarks/decoder_fast_step.json
"""
import argparse, json, os, random, resource, statistics, subprocess, sys, time
from pathlib import Path

VARIANTS = ["padded, full logits", "padded, chunked loss", "packed, chunked loss", "packed, static shape",
            "packed, static shape, compiled"]

def batches(steps:int, seed:int=0):
    "The tokenized examples of the default run's training set and `steps` batches of 8 of them, the tokenizer's pad id."
    from mtift.config import load_config
    from mtift.plm import load_tokenizer
    from mtift.trained import run_tasks
    from mtift.train import run_data
    cfg = load_config()
    tok = load_tokenizer(cfg.model.name, chat_template=cfg.data.chat_template)
    feats = run_data(run_tasks(cfg.tasks, cfg.data.split_seed)[0], tok, cfg.data).train
    rng = random.Random(seed)
    return cfg, feats, [rng.sample(range(len(feats)), cfg.training["per_device_train_batch_size"]) for _ in range(steps)], tok.pad_token_id

def run_variant(variant:str, steps:int, warmup:int)->dict:
    import torch
    from mtift.families import family
    from mtift.fast_step import compile_blocks, static_batch, step_task_losses
    from mtift.instructions import IGNORE_INDEX, Seq2SeqCollator
    from mtift.losses import token_cross_entropy
    from mtift.qlora import qlora_model
    cfg, feats, groups, pad_id = batches(steps + warmup)
    model = qlora_model(cfg.model.name, r=cfg.lora.r, alpha=cfg.lora.alpha, dropout=cfg.lora.dropout, targets=cfg.lora.targets, quant=None,
                        device="cpu").train()
    fam = family(model)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    packed = lambda g: fam.packed_collator(model, [feats[i] for i in g], pad_id)([feats[i] for i in g])
    rows, length = 0, 0
    if "static" in variant:  # one shape for every batch: the most rows and the longest row of any batch
        shapes = [packed(g)["input_ids"].shape for g in groups]
        rows, length = max(s[0] for s in shapes), max(s[1] for s in shapes)
    if "compiled" in variant: compile_blocks(model, fam.blocks(model), dynamic=False)
    times, padded_tokens, losses = [], [], []
    for g in groups:
        t = time.perf_counter()
        if variant.startswith("padded"):
            b = Seq2SeqCollator(pad_id)([{k: feats[i][k] for k in ("input_ids", "labels")} for i in g])
            if "full logits" in variant:
                tok = token_cross_entropy(model(input_ids=b["input_ids"], attention_mask=b["attention_mask"]).logits, b["labels"])
                loss = tok.sum() / (b["labels"] != IGNORE_INDEX).sum()
            else: loss = step_task_losses(model, b, torch.zeros(len(g), dtype=torch.long), 1, states=fam.final_states, normalize="token")[0][0]
        else:
            b = packed(g); b.pop("task", None); b.pop("index", None)
            if rows: b = static_batch(b, rows, length)
            loss = step_task_losses(model, b, torch.zeros(len(g), dtype=torch.long), 1, states=fam.final_states, normalize="token")[0][0]
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
        times.append(time.perf_counter() - t); padded_tokens.append(b["input_ids"].numel()); losses.append(loss.item())
    real = [sum(len(feats[i]["input_ids"]) for i in g) for g in groups]
    timed = slice(warmup, None)
    return {"variant": variant, "real_tokens_per_s": sum(real[timed]) / sum(times[timed]),
            "median_step_s": statistics.median(times[timed]), "first_step_s": times[0],
            "padding_fraction": 1 - sum(real[timed]) / sum(padded_tokens[timed]),
            "peak_memory_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, "losses": [round(l, 5) for l in losses]}

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--variant", choices=VARIANTS, help="run one variant in this process and print its JSON")
    p.add_argument("--steps", type=int, default=6, help="timed steps")
    p.add_argument("--warmup", type=int, default=2, help="untimed steps first")
    p.add_argument("--out", help="JSON file for all variants' figures")
    a = p.parse_args()
    if a.variant:
        print(json.dumps(run_variant(a.variant, a.steps, a.warmup))); return
    runs = []
    for v in VARIANTS:
        r = subprocess.run([sys.executable, __file__, "--variant", v, "--steps", str(a.steps), "--warmup", str(a.warmup)],
                           capture_output=True, text=True, env={**os.environ, "TQDM_DISABLE": "1"})
        if r.returncode: sys.exit(f"{v} failed:\n{r.stderr[-3000:]}")
        runs.append(json.loads(r.stdout.strip().splitlines()[-1]))
        print(json.dumps({k: v for k, v in runs[-1].items() if k != "losses"}), flush=True)
    import platform, torch
    record = {"model": "smollm2", "device": platform.processor() or "cpu", "threads": torch.get_num_threads(), "steps": a.steps,
              "warmup": a.warmup, "runs": runs, "command": "python tools/decoder_fast_step.py " + " ".join(sys.argv[1:])}
    if a.out: Path(a.out).write_text(json.dumps(record, indent=1) + "\n")

if __name__ == "__main__": main()
