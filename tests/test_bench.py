"`mtift bench` as a user runs it: both recipes on the tiny model, one JSON line each, and their ratios."
import json, os, subprocess, sys
import pytest
from pathlib import Path

MTIFT = str(Path(sys.executable).parent / "mtift")

@pytest.mark.slow
def test_bench_prints_both_recipes_and_ratios(tmp_path):
    "`mtift bench --baseline` on the tiny T5: `mtift train`'s step in each recipe, one JSON line each, then their ratio."
    env = {**os.environ, "MTIFT_CACHE": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    r = subprocess.run([MTIFT, "bench", "--model", "tiny", "--baseline", "--steps", "3", "--warmup", "1", "--device", "cpu"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    lines = [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]
    fast, base, ratio = lines
    assert (fast["recipe"], base["recipe"], ratio["ratio"]) == ("mtift", "baseline", "mtift/baseline")
    for run in (fast, base):
        assert run["steps"] == 3 and run["real_tokens_per_s"] > 0 and run["peak_memory_gb"] > 0 and run["mfu"] is None
        assert run["model"] == "tiny" and run["model_tflops_per_s"] > 0 and len(run["matmul_flops_per_s"]) == 2
        assert set(run["versions"]) == {"torch", "transformers", "peft", "bitsandbytes"}
    assert (fast["packing"], base["packing"], base["settings"]) == (True, False, ["data.packing=false", "loss.chunk=null", "model.attention_float32=false", "model.device=cpu"])
    assert ratio["real_tokens_per_s"] == fast["real_tokens_per_s"] / base["real_tokens_per_s"]

def test_bench_refuses_an_unknown_recipe(tmp_path):
    r = subprocess.run([MTIFT, "bench", "--recipe", "turbo"], capture_output=True, text=True,
                       env={**os.environ, "MTIFT_CACHE": str(tmp_path)}, timeout=600)
    assert r.returncode == 1 and "choose one of baseline, + loss in chunks, + packed rows, mtift" in r.stderr.strip().splitlines()[-1]

@pytest.mark.slow
def test_bench_ablation_trains_the_same_in_every_recipe(tmp_path):
    "`mtift bench --ablation` on the tiny Llama in float32: every recipe, its ratio to the baseline, and the same losses step by step."
    env = {**os.environ, "MTIFT_CACHE": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    r = subprocess.run([MTIFT, "bench", "--model", "tiny-llama", "--ablation", "--steps", "4", "--warmup", "1", "--set", "training.bf16=false"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    lines = [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]
    runs, ratio_lines = [l for l in lines if "recipe" in l], [l for l in lines if "ratio" in l]
    assert [l["recipe"] for l in runs] == ["baseline", "+ loss in chunks", "+ packed rows", "mtift"]
    assert [l["ratio"] for l in ratio_lines] == ["+ loss in chunks/baseline", "+ packed rows/baseline", "mtift/baseline"]
    assert all(not l["bf16"] and l["settings"][-1] == "training.bf16=false" for l in runs)
    for run in runs[1:]:  # the same examples from the same weights: the layout, the loss's computation and float32 attention in a float32 step change nothing
        assert max(abs(a - b) for a, b in zip(run["losses"], runs[0]["losses"])) < 1e-3

@pytest.mark.slow
def test_bench_generation_compares_one_at_a_time_with_batches(tmp_path):
    env = {**os.environ, "MTIFT_CACHE": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    r = subprocess.run([MTIFT, "bench", "--generation", "--sizes", "tiny", "--device", "cpu"], capture_output=True, text=True,
                       env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    (gen,) = [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]
    assert (gen["size"], gen["examples"], gen["batch_size"], gen["max_new_tokens"]) == ("tiny", 64, 64, 32)
    assert gen["speedup"] == pytest.approx(gen["batched_examples_per_s"] / gen["one_at_a_time_examples_per_s"])
    assert gen["same_output_fraction"] == 1.0  # float32 on the CPU: batching changes no token

@pytest.mark.slow
def test_bench_time_to_quality_tunes_each_recipe_and_reports_the_target(tmp_path):
    env = {**os.environ, "MTIFT_CACHE": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    r = subprocess.run([MTIFT, "bench", "--time-to-quality", "--model", "tiny", "--budget", "3", "--eval-every", "1.5",
                        "--lrs", "1e-3", "1e-2", "--device", "cpu", "--set", "data.max_train_examples=100"],
                       capture_output=True, text=True, env=env, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    (out,) = [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]
    assert [s["recipe"] for s in out["summary"]] == ["baseline", "mtift-qv", "mtift"]
    assert len(out["runs"]) == 6 and {r["lr"] for r in out["runs"]} == {1e-3, 1e-2}
    assert out["target"] == min(r["best_validation_loss"] for r in out["runs"] if r["recipe"] == "baseline")
    base = out["summary"][0]
    assert base["speedup"] == 1.0 and 0 < base["seconds_to_target"] <= 3 + 1.5
    for run in out["runs"]:
        assert run["curve"][0]["train_s"] == 0 and run["curve"][-1]["steps"] > 0
        if run["recipe"] == "baseline": assert run["curve"][-1]["train_s"] >= 3  # the tutorial recipe runs its whole budget
    assert "target: validation loss" in r.stderr and "seconds_to_target" in r.stderr

@pytest.mark.slow
def test_bench_against_trl(tmp_path):
    """`mtift bench --against trl` in bfloat16 on the tiny Llama, two seeds: one record on stdout, the table on stderr, TRL's seeds
    setting the target. Two tasks, so the judge's readings (32 examples a task, every second) stay short."""
    env = {**os.environ, "MTIFT_CACHE": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    r = subprocess.run([MTIFT, "bench", "--against", "trl", "--model", "tiny-llama", "--budget", "2", "--eval-every", "1",
                        "--lrs", "3e-3", "--seeds", "2", "--recipes", "mtift", "trl", "--precisions", "bfloat16",
                        "--set", "data.max_train_examples=100", "--set", "tasks=[rt_sentiment,chat_topic]", "--device", "cpu"],
                       capture_output=True, text=True, env=env, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout)
    assert list(out["precisions"]) == ["bfloat16"] and "model.device=cpu" in out["precisions"]["bfloat16"]["sets"] and {"trl", "datasets"} <= set(out["versions"])
    rec = out["precisions"]["bfloat16"]
    assert [(run["recipe"], run["seed"]) for run in rec["runs"]] == [("trl", 0), ("mtift", 0), ("trl", 1), ("mtift", 1)]
    assert rec["trl_best"] == "trl" and rec["target"] == max(run["best_validation_loss"] for run in rec["runs"] if run["tool"] == "trl")
    assert rec["dtype"] == "bfloat16" and all(run["bf16"] for run in rec["runs"])  # TRL's trainer and mtift's alike
    assert rec["judge_examples"] == 32 and rec["eval_every_s"] == 1 and len(rec["matmul_flops_per_s"]) == 2
    assert set(rec["runs"][0]["curve"][0]["task_losses"]) == {"rt_sentiment", "chat_topic"}
    bars = {line.split(":")[0] for line in r.stderr.replace("\r", "\n").splitlines() if "%|" in line}
    assert bars == {"grid, seed 0", "trl, more seeds", "the others, more seeds"}, bars  # none from the runs' loading and TRL's dataset passes
    assert "TRL's best: trl" in r.stderr and "speed-up over seeds" in r.stderr
    checks = {l.split("  ")[0]: l.split()[-1] for l in r.stderr.split("conditions on the record:\n")[1].splitlines()[1:6]}
    assert checks["seeds of every contender at its best rate"] == "no" and checks["matmul readings"] == "yes", checks  # two seeds; read twice

def test_bench_against_trl_refuses_an_unknown_recipe(tmp_path):
    r = subprocess.run([MTIFT, "bench", "--against", "trl", "--model", "tiny-llama", "--recipes", "trl, no padding"],
                       capture_output=True, text=True, env={**os.environ, "MTIFT_CACHE": str(tmp_path)}, timeout=600)
    assert r.returncode == 1 and "recipe 'trl, no padding': choose among 'trl'" in r.stderr.strip().splitlines()[-1]
