"`mtift eval` as a user runs it: a short run's adapters against the base model, seen and held-out tasks, bad input."
import csv, json, os, subprocess, sys
from pathlib import Path
import pytest

MTIFT = str(Path(sys.executable).parent / "mtift")
SHORT = ["tasks=[rt_sentiment,chat_topic]", "data.max_train_examples=200", "data.max_source=96", "data.max_target=16",
         "eval.examples=4", "eval.before=false", "training.max_steps=12", "training.save_steps=12", "training.eval_steps=12",
         "training.per_device_train_batch_size=8", "training.disable_tqdm=true"]

@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {**os.environ, "MTIFT_CACHE": str(tmp_path_factory.mktemp("cache")), "HF_HUB_OFFLINE": "1"}

def mtift(env, *args):
    return subprocess.run([MTIFT, *args], capture_output=True, text=True, env=env, timeout=600)

@pytest.fixture(scope="module")
def run(env, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "run"
    r = mtift(env, "train", *[a for s in SHORT for a in ("--set", s)], "--output", str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    return out

def test_eval_writes_the_report_for_seen_and_held_out_tasks(env, run, tmp_path):
    r = mtift(env, "eval", "--adapter", str(run), "--tasks", "rt_sentiment", "chat_topic", "gettext_en_gb",
              "--examples", "6", "--device", "cpu", "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr[-3000:]
    assert "| gettext_en_gb | rewriting | held-out | chrf |" in r.stdout
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.*"))
    assert files == ["eval.csv", "eval.json", "eval.md", "plots/scores.png", "plots/seen_vs_held_out.png", "skipped.json"]
    results = json.loads((tmp_path / "eval.json").read_text())
    assert {n: r["group"] for n, r in results.items()} == {"rt_sentiment": "seen", "chat_topic": "seen", "gettext_en_gb": "held-out"}
    assert set(results["gettext_en_gb"]["tuned"]["adapters"]) <= {"rt_sentiment", "chat_topic"}
    assert sum(results["gettext_en_gb"]["tuned"]["adapters"].values()) == 6
    assert results["rt_sentiment"]["tuned"]["adapters"] == {"rt_sentiment": 6}
    rows = list(csv.DictReader(open(tmp_path / "eval.csv")))
    # two models, and metrics: accuracy+f1, accuracy+f1, chrf+exact_match
    assert len(rows) == 2 * 6 and {r["model"] for r in rows} == {"base", "tuned"}
    assert all(int(r["n"]) == 6 for r in rows)
    md = (tmp_path / "eval.md").read_text()
    assert md.count("**prediction:**") == sum(len(r["tuned"]["errors"]) for r in results.values()) > 0

def test_eval_of_a_base_model_with_beam_search(env, tmp_path):
    r = mtift(env, "eval", "--tasks", "docstring_name", "--examples", "4", "--num-beams", "2", "--max-new-tokens", "4",
              "--device", "cpu", "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr[-3000:]
    results = json.loads((tmp_path / "eval.json").read_text())
    assert set(results["docstring_name"]) == {"category", "group", "main_metric", "base"}
    assert not (tmp_path / "plots" / "seen_vs_held_out.png").exists()

@pytest.mark.parametrize("args, message", [
    (["--tasks", "no_such_task"], "no_such_task"),
    (["--adapter", "./no/such/run"], "holds no trained adapters"),
    (["--model", "./no/such/model"], "No model folder"),
])
def test_eval_refuses_bad_input_by_name(env, tmp_path, args, message):
    r = mtift(env, "eval", *args, "--device", "cpu", "--output", str(tmp_path))
    last = r.stderr.strip().splitlines()[-1]
    assert r.returncode == 1 and last.startswith("mtift eval: error:") and message in last, r.stderr[-2000:]
