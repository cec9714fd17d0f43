"`mtift study --quick` as a user runs it: one job of every kind, two worker processes, records complete and finite, and a rerun that resumes."
import json, math, os, subprocess, sys
from pathlib import Path

MTIFT = str(Path(sys.executable).parent / "mtift")
KINDS = {"weighting", "single", "mixing", "transfer", "held-out", "conflicts", "adapters", "affinity", "routing"}

def numbers(x):
    "Every number inside a record."
    if isinstance(x, bool) or x is None or isinstance(x, str): return []
    if isinstance(x, (int, float)): return [x]
    return [n for v in (x.values() if isinstance(x, dict) else x) for n in numbers(v)]

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
