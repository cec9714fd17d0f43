"`mtift eval` as a user runs it: a short run's adapters against the base model, seen and held-out tasks, bad input."
import csv, json, os, subprocess, sys
from mtift.trained import RunMeta
from pathlib import Path
import pytest

MTIFT = str(Path(sys.executable).parent / "mtift")
SHORT = ["tasks=[rt_sentiment,chat_topic]", "data.max_train_examples=200", "data.max_source=96", "data.max_target=16",
         "eval.examples=12", "eval.closed_examples=12", "training.max_steps=12", "training.save_steps=12", "training.eval_steps=12",
         "training.per_device_train_batch_size=8", "training.disable_tqdm=true", "model.name=tiny"]

@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {**os.environ, "MTIFT_CACHE": str(tmp_path_factory.mktemp("cache")), "HF_HUB_OFFLINE": "1"}

def mtift(env, *args):
    return subprocess.run([MTIFT, *args], capture_output=True, text=True, env=env, timeout=600)

@pytest.fixture(scope="module")
def run(env, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "run"
    r = mtift(env, "train", "mini", *[a for s in SHORT for a in ("--set", s)], "--output", str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    return out

@pytest.mark.slow
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
    # acc, acc_norm, accuracy and f1 of base, tuned, majority label and change for two closed-label tasks; chrf+exact_match without a majority
    assert len(rows) == 4 * (4 + 4) + 2 * 3 and {r["model"] for r in rows} == {"base", "tuned", "majority", "change"}
    assert all(int(r["n"]) == 6 and float(r["low"]) <= float(r["value"]) <= float(r["high"]) for r in rows)
    md = (tmp_path / "eval.md").read_text()
    assert md.count("**prediction:**") == sum(len(r["tuned"]["errors"]) for r in results.values()) > 0

@pytest.mark.slow
def test_eval_of_a_base_model_with_beam_search(env, tmp_path):
    r = mtift(env, "eval", "--tasks", "docstring_name", "--examples", "4", "--num-beams", "2", "--max-new-tokens", "4",
              "--device", "cpu", "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr[-3000:]
    results = json.loads((tmp_path / "eval.json").read_text())
    assert set(results["docstring_name"]) == {"category", "group", "main_metric", "fingerprint", "base", "best_baseline", "baselines"}
    assert list(results["docstring_name"]["baselines"]) == ["chat template, 0-shot"]  # SmolLM2 as its makers prompt it (k-shot: closed-label tasks)
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

def test_training_report_and_eval_agree(env, run, tmp_path):
    "The training report's scores and `mtift eval`'s on the same split and examples are the same numbers, baselines included."
    r = mtift(env, "eval", "--adapter", str(run), "--split", "validation", "--examples", "12", "--device", "cpu", "--output", str(tmp_path))
    assert r.returncode == 0, r.stderr[-3000:]
    report, ev = json.loads((run / "metrics.json").read_text())["tasks"], json.loads((tmp_path / "eval.json").read_text())
    assert set(report) == set(ev) == {"rt_sentiment", "chat_topic"}
    for name, t in report.items():
        m = t["metric"]
        assert (t["before"], t["after"], t["n"]) == (ev[name]["base"][m], ev[name]["tuned"][m], ev[name]["tuned"]["n"] == 12 and 12)
        assert t["after_interval"] == ev[name]["tuned"]["intervals"][m]
        assert t["fingerprint"] == ev[name]["fingerprint"]
        assert t["majority"] == ev[name]["base"]["majority"][m]
        assert t["best_baseline"] == ev[name]["best_baseline"] and t["baselines"] == ev[name]["baselines"]

SPEC = """name: parity
category: classification
data: numbers.jsonl
fields: {number: str, parity: str}
options: [even, odd]
label_field: parity
templates:
  - {instruction: "Is the number even or odd?", input: "{number}", output: "{parity}"}
  - {instruction: "Even or odd?", input: "The number {number}.", output: "{parity}"}
"""

@pytest.mark.slow
def test_a_spec_task_run_trains_evaluates_and_moves(env, tmp_path):
    "A user's own task trains, evaluates by itself from the run, still evaluates once the run moves, and a changed data file is reported."
    data = tmp_path / "data"; data.mkdir()
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    (data / "numbers.jsonl").write_text("".join(json.dumps({"number": f"{words[i // 10]} {words[i % 10]}", "parity": ("even", "odd")[i % 2]}) + "\n"
                                                  for i in range(100)))
    (data / "parity.yaml").write_text(SPEC)
    out = tmp_path / "run"
    r = mtift(env, "train", "mini", *[a for s in SHORT[1:] + ["tasks=[{spec: %s, templates: [1]}, rt_sentiment]" % (data / "parity.yaml")] for a in ("--set", s)],
              "--output", str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    assert (out / "adapter" / "tasks" / "parity.yaml").exists()
    meta = RunMeta.read(out / "adapter" / "mtift.yaml")
    assert meta.task_entries == [{"spec": "tasks/parity.yaml", "templates": [1]}, {"name": "rt_sentiment"}]
    moved = tmp_path / "elsewhere"; out.rename(moved)
    r = mtift(env, "eval", "--adapter", str(moved), "--examples", "8", "--device", "cpu", "--output", str(tmp_path / "ev"))
    assert r.returncode == 0, r.stderr[-3000:]
    ev = json.loads((tmp_path / "ev" / "eval.json").read_text())
    assert {n: r["group"] for n, r in ev.items()} == {"parity": "seen", "rt_sentiment": "seen"}
    assert ev["parity"]["tuned"]["n"] == 8 and "changed since training" not in r.stdout
    with open(data / "numbers.jsonl", "a") as f: f.write(json.dumps({"number": "one hundred", "parity": "even"}) + "\n")
    r = mtift(env, "eval", "--adapter", str(moved), "--examples", "8", "--device", "cpu", "--output", str(tmp_path / "ev2"))
    assert r.returncode == 0, r.stderr[-3000:]
    assert "parity: its data file" in r.stdout and "changed since training" in (tmp_path / "ev2" / "eval.md").read_text()
    r = mtift(env, "eval", "--tasks", str(data / "parity.yaml"), "--examples", "4", "--device", "cpu", "--output", str(tmp_path / "ev3"))
    assert r.returncode == 0, r.stderr[-3000:]
    assert set(json.loads((tmp_path / "ev3" / "eval.json").read_text())) == {"parity"}
