"`mtift study --quick` as a user runs it: one job of every kind, two worker processes, records complete and finite, and a rerun that resumes; and the kinds of SmolLM2's design on a decoder-only model."
import pytest
import json, math, os, subprocess, sys
from pathlib import Path

MTIFT = str(Path(sys.executable).parent / "mtift")
KINDS = {"weighting", "single", "mixing", "transfer", "held-out", "conflicts", "adapters", "affinity", "routing"}

def numbers(x):
    "Every number inside a record."
    if isinstance(x, bool) or x is None or isinstance(x, str): return []
    if isinstance(x, (int, float)): return [x]
    return [n for v in (x.values() if isinstance(x, dict) else x) for n in numbers(v)]

@pytest.mark.slow
def test_quick_study(tmp_path):
    env = {**os.environ, "MTIFT_CACHE": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    out = tmp_path / "study"
    r = subprocess.run([MTIFT, "study", "--quick", "--output", str(out)], capture_output=True, text=True, env=env, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    records = [json.loads(l) for l in (out / "study.jsonl").read_text().splitlines()]
    assert {rec["experiment"] for rec in records} == KINDS
    assert len({(rec["experiment"], rec["arm"], rec["seed"]) for rec in records}) == len(records) == 16
    for rec in records:
        assert {"mtift", "torch", "transformers", "machine", "threads", "when"} <= rec.keys()
        assert rec["threads"] == 1, rec["arm"]  # one torch thread per worker
        assert all(math.isfinite(n) for n in numbers({k: v for k, v in rec.items() if k != "config"})), rec["arm"]
        if rec["experiment"] in KINDS - {"affinity", "routing"} and rec["arm"] != "untuned mini":
            assert rec["steps"] == 4 and rec["config"]["training"]["seed"] == rec["seed"]
            assert all({"score", "loss", "interval", "n"} <= t.keys() for t in rec["tasks"].values()), rec["arm"]
    weighting = {rec["arm"]: rec for rec in records if rec["experiment"] == "weighting"}
    assert {"gradnorm", "famo"} <= weighting.keys()
    assert weighting["famo"]["config"]["loss"]["weighting"] == "famo"
    held = next(rec for rec in records if rec["arm"] == "without classification")
    assert set(held["held_out"]) == {"chat_topic"} and "chat_topic" not in held["tasks"]
    routing = next(rec for rec in records if rec["experiment"] == "routing")
    assert {row["task"] for row in routing["rows"]} == {"chat_topic", "gettext_en_gb"}
    assert "## weighting" in r.stdout and "## routing" in r.stdout
    again = subprocess.run([MTIFT, "study", "--quick", "--output", str(out)], capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr[-3000:]
    assert len((out / "study.jsonl").read_text().splitlines()) == 16  # everything recorded is skipped, nothing run twice

@pytest.mark.slow
def test_decoder_only_study(tmp_path, monkeypatch):
    "SmolLM2's design (`mtift study --quick --model smollm2`'s arms) on the tiny Llama with packing: every kind of job it runs."
    from dataclasses import replace
    from mtift.study import QUICK, quick_arms, run_study
    monkeypatch.setenv("MTIFT_CACHE", str(tmp_path / "cache"))
    budget = replace(QUICK, model="tiny-llama", packing=True)
    records = run_study(tmp_path / "study", budget, quick_arms(budget), workers=1)
    assert len(records) == 13 and {r["experiment"] for r in records} == {"held-out", "weighting", "single", "single, same steps per task",
                                                                          "adapters", "routing"}
    by = {(r["experiment"], r["arm"]): r for r in records}
    plain, chat = by["held-out", "untuned tiny-llama"], by["held-out", "untuned tiny-llama, chat template"]
    assert not plain["config"]["data"]["chat_template"] and chat["config"]["data"]["chat_template"] is True
    assert set(plain["tasks"]) == {"chat_topic", "gettext_en_gb"}
    assert by["single, same steps per task", "chat_topic"]["steps"] == 2 and by["single", "chat_topic"]["steps"] == 4
    assert set(by["held-out", "without classification"]["held_out"]) == {"chat_topic"}
    for r in records:
        assert all(math.isfinite(n) for n in numbers({k: v for k, v in r.items() if k != "config"})), r["arm"]
        if "steps" in r: assert r["config"]["data"]["packing"] is True and r["config"]["model"]["name"] == "tiny-llama"
    assert {row["task"] for row in by["routing", "routing"]["rows"]} == {"chat_topic", "gettext_en_gb"}
