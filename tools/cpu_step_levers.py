"""Levers on SmolLM2's bfloat16 training step on the CPU, each measured alone on top of the step before them (mtift
train's default with attention in bfloat16, as transformers computes it): attention in float32, attention one example at
a time without the packed rows' mask (chapter 03d's `varlen_attention`), frozen weights stored in bfloat16 (LoRA stays
float32), the RMS norms and the activation compiled with torch.compile, and the training steps' blocks compiled whole
(chapter 03f's `model.compile_blocks`), in the bfloat16 and the float32 step. Each variant in a
process of its own, in rounds that alternate them; the first round trains 40 steps and judges the validation loss
(32 examples a task) against the float32 step's; a profile of the step before and after the kept lever says where
its time goes, and how fast the step's matrix products run: the frozen weights' products against the same shapes timed
alone and the 1024 x 1024 product, and LoRA's rank-r products' share of the time and of the FLOPs. `--profile-only`
profiles again into an existing record and keeps its rounds. Chapters 03d and 03f read the records.

    python tools/cpu_step_levers.py --out nbs/benchmarks/cpu-bf16-levers.json
"""
import argparse, json, statistics, sys, time
from pathlib import Path

BEFORE = ("model.attention_float32=false",)
VARIANTS = {"before": BEFORE,  # the step the levers start from
            "attention in float32": ("model.attention_float32=true",),
            "attention one example at a time": (*BEFORE, "model.varlen_attention=true"),
            "frozen weights in bfloat16": (*BEFORE, "model.dtype=bfloat16"),
            "compiled norms and activation": BEFORE,  # and `compiled` below
            "compiled blocks": ("model.attention_float32=true", "model.compile_blocks=true"),  # chapter 03f: the training steps compiled
            "float32 step": ("training.bf16=false",),  # the reference for the validation loss
            "float32 step, compiled blocks": ("training.bf16=false", "model.compile_blocks=true")}
GROUPS = {"matrix products": ("aten::mm", "aten::addmm", "aten::bmm"), "attention": ("scaled_dot_product",),
          "casts and copies": ("aten::copy_", "aten::_to_copy")}

def compiled(run_model):
    "`run_model` whose model has its RMS norms and MLP activation compiled (each module alone, dynamic shapes)."
    import torch
    def build(*args, **kw):
        net = run_model(*args, **kw)
        for m in net.modules():
            if type(m).__name__.endswith("RMSNorm"): m.forward = torch.compile(m.forward, dynamic=True)
            if type(m).__name__.endswith("MLP"): m.act_fn = torch.compile(m.act_fn, dynamic=True)
        return net
    return build

def products(averages, rank:int, dtype)->dict:
    "The step's matrix products from a profile grouped by input shape: the frozen weights' rate in the step and alone, LoRA's share."
    import torch
    from mtift.speed import matmul_flops
    frozen, lora, total = {}, [0.0, 0.0], sum(e.self_cpu_time_total for e in averages)
    for e in averages:
        if e.key != "aten::mm" or len(e.input_shapes) < 2 or len(e.input_shapes[0]) != 2: continue
        (m, k), (_, n) = e.input_shapes[:2]
        if min(m, k, n) <= rank: lora[0] += e.self_cpu_time_total; lora[1] += 2 * m * k * n * e.count
        else: frozen[m, k, n] = (e.count, e.self_cpu_time_total / 1e6)
    def alone(m:int, k:int, n:int, reps:int=20)->float:  # seconds of one product of contiguous operands
        a, b = torch.randn(m, k, dtype=dtype), torch.randn(k, n, dtype=dtype)
        for _ in range(3): a @ b
        start = time.perf_counter()
        for _ in range(reps): a @ b
        return (time.perf_counter() - start) / reps
    flops = sum(2 * m * k * n * c for (m, k, n), (c, _) in frozen.items())
    return {"frozen_flop_per_s": flops / sum(s for _, s in frozen.values()),
            "frozen_flop_per_s_alone": flops / sum(c * alone(*shape) for shape, (c, _) in frozen.items()),
            "matmul_flop_per_s": matmul_flops("cpu", dtype=dtype), "lora_time_share": lora[0] / total, "lora_flop_share": lora[1] / (lora[1] + flops)}

def measure(name:str, steps:int, warmup:int, judge:bool, profile:bool=False)->dict:
    "Train `name`'s variant `warmup + steps` steps: its real tokens/s, losses, and the judge's validation loss after them."
    import torch
    import mtift.speed as speed
    from mtift.versus import versus_config
    if name == "compiled norms and activation": speed.run_model = compiled(speed.run_model)
    class Clock(speed.TrainingClock):  # the judge once, after the last step
        def on_train_begin(self, args, state, control, model=None, **kw): self.last = time.perf_counter()
        def on_step_end(self, *a, **kw):
            evaluate, self.evaluate = self.evaluate, None
            try: return super().on_step_end(*a, **kw)
            finally: self.evaluate = evaluate
        def on_step_begin(self, args, state, control, **kw):
            if profile and len(self.log) == warmup: self.prof = torch.profiler.profile(record_shapes=True); self.prof.__enter__()
        def on_train_end(self, args, state, control, model=None, **kw):
            if profile: self.prof.__exit__(None, None, None)
            if judge: self.point(model)
    clock = Clock(every_s=1e12 if judge else float("inf"), steps=warmup + steps)
    cfg = versus_config("smollm2", 1e-3, 0, *VARIANTS[name])
    facts = speed.clocked_run(cfg, clock)
    timed = clock.log[warmup:]
    out = {"variant": name, "settings": list(VARIANTS[name]), "steps": steps, "warmup": warmup, "threads": facts["threads"],
           "real_tokens_per_s": sum(s["tokens"] for s in timed) / sum(s["s"] for s in timed),
           "peak_memory_gb": facts["peak_memory_gb"], "losses": [round(s["loss"], 5) for s in clock.log]}
    if judge: out["validation_loss"], out["task_losses"] = clock.curve[-1]["validation_loss"], clock.curve[-1]["task_losses"]
    if profile:
        ops = {e.key: e.self_cpu_time_total for e in clock.prof.key_averages()}
        total = sum(ops.values())
        shares = {g: sum(t for k, t in ops.items() if any(p in k for p in pats)) / total for g, pats in GROUPS.items()}
        out["profile"] = {**shares, "the rest": 1 - sum(shares.values())}
        out["products"] = products(clock.prof.key_averages(group_by_input_shape=True), cfg.lora.r, torch.bfloat16 if facts["bf16"] else torch.float32)
    return out

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--rounds", type=int, default=3, help="rounds of all variants; the first judges")
    p.add_argument("--steps", type=int, default=36, help="timed steps of the judged round (the others time half)")
    p.add_argument("--warmup", type=int, default=4)
    p.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS), help="default: all; before is always run")
    p.add_argument("--profile-only", action="store_true", help="profile again into the record at --out, keeping its rounds")
    a = p.parse_args()
    import torch
    from mtift.plm import cpu_bf16
    from mtift.speed import device_name, in_fresh_process, package_versions
    if not cpu_bf16(): sys.exit("this CPU has no bfloat16 instructions: its step is float32, which the levers do not change")
    runs = json.loads(a.out.read_text())["runs"] if a.profile_only else []
    for k in range(0 if a.profile_only else a.rounds):
        for name in dict.fromkeys(["before", *a.variants]):
            runs.append({"round": k, **in_fresh_process(measure, name, a.steps if k == 0 else a.steps // 2, a.warmup, k == 0)})
            print(json.dumps({key: v for key, v in runs[-1].items() if key not in ("losses", "task_losses")}), flush=True)
    names = ("before", "attention in float32", *(n for n in a.variants if n == "compiled blocks"))
    profiled = {n: in_fresh_process(measure, n, 6, 2, False, True) for n in names}
    a.out.write_text(json.dumps({"kind": "cpu_step_levers", "model": "smollm2", "device": device_name(torch.device("cpu")),
                                 "threads": torch.get_num_threads(), "versions": package_versions(),
                                 **({"profiled": "again, apart from the rounds (--profile-only)"} if a.profile_only else {}),
                                 "profiles": {n: r["profile"] for n, r in profiled.items()},
                                 "products": {n: r["products"] for n, r in profiled.items()}, "runs": runs}, indent=1) + "\n")

if __name__ == "__main__": main()
