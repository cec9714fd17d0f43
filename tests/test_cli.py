"The `mtift` console script end to end, as a user runs it: a real process, real exit codes, real output."
import os, subprocess, sys
from pathlib import Path
import pytest

MTIFT = str(Path(sys.executable).parent / "mtift")

@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {**os.environ, "MTIFT_CACHE": str(tmp_path_factory.mktemp("cache")), "HF_HUB_OFFLINE": "1"}

def run(env, *args):
    return subprocess.run([MTIFT, *args], capture_output=True, text=True, env=env, timeout=300)

def test_version(env):
    from mtift import __version__
    r = run(env, "--version")
    assert r.returncode == 0 and r.stdout.strip() == f"mtift {__version__}"

def test_help_lists_commands(env):
    r = run(env, "--help")
    assert r.returncode == 0
    assert "info" in r.stdout and "generate" in r.stdout

def test_info(env):
    import torch, transformers
    r = run(env, "info")
    assert r.returncode == 0, r.stderr
    rows = dict(line.split(None, 1) for line in r.stdout.splitlines() if line.strip() and "  " in line)
    assert rows["torch"].strip() == torch.__version__
    assert rows["transformers"].strip() == transformers.__version__
    assert "nf4 quantization    yes" in r.stdout
    assert rows["smollm2"].startswith("yes, the default model")  # the wheel is installed: the README's commands bring it

@pytest.mark.slow
def test_generate_tiny_is_deterministic(env):
    first = run(env, "generate", "--model", "tiny", "--max-new-tokens", "6", "Say hello.", "Translate: cheese")
    second = run(env, "generate", "--model", "tiny", "--max-new-tokens", "6", "Say hello.", "Translate: cheese")
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.splitlines()) == 2
    assert first.stdout == second.stdout

def test_generate_nf4(env):
    r = run(env, "generate", "--model", "tiny", "--quant", "nf4", "--device", "cpu", "--max-new-tokens", "4", "hi")
    assert r.returncode == 0, r.stderr

def test_missing_model_is_a_clear_error(env):
    r = run(env, "generate", "--model", "./no/such/model", "hi")
    assert r.returncode == 1
    assert r.stderr.strip().startswith("mtift generate: error: No model folder at './no/such/model'")
    assert "Traceback" not in r.stderr

def test_unreachable_hub_id_says_what_to_do(env):
    r = run(env, "generate", "--model", "google/flan-t5-base", "hi")
    assert r.returncode == 1
    assert "hf download google/flan-t5-base --local-dir DIR" in r.stderr

def test_tasks_lists_the_suite(env):
    from mtift.tasks import CATEGORIES
    r = run(env, "tasks")
    assert r.returncode == 0, r.stderr
    table = r.stdout.split("\n\n")[0].splitlines()
    available = [line.split() for line in table[1:] if line.rstrip().endswith("  available")]
    assert len(available) >= 7
    assert {row[1] for row in available} >= set(CATEGORIES)  # every category has an available task
    assert all(row[2] == "real" for row in available)

@pytest.mark.slow
def test_tasks_with_a_user_spec(env, tmp_path):
    (tmp_path / "qa.jsonl").write_text("".join(f'{{"q": "{i}+{i}?", "a": "{2 * i}"}}\n' for i in range(40)))
    (tmp_path / "few.jsonl").write_text('{"q": "2+2?", "a": "4"}\n{"q": "3+3?", "a": "6"}\n')
    for name, data in (("sums", "qa.jsonl"), ("few", "few.jsonl")):
        (tmp_path / f"{name}.yaml").write_text(f"name: {name}\ncategory: qa\ndata: {data}\nfields: {{q: str, a: str}}\n"
                                               "templates: [{instruction: Add., input: '{q}', output: '{a}'}]\n")
    r = run(env, "tasks", str(tmp_path / "sums.yaml"), "--spec", str(tmp_path / "few.yaml"))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any(line.startswith("sums ") and line.rstrip().endswith("available") for line in lines)
    assert any(line.startswith("few ") and "unusable: task 'few': its 2 examples split into" in line for line in lines)

def test_tasks_names_the_broken_line(env, tmp_path):
    (tmp_path / "qa.jsonl").write_text('{"q": "2+2?", "a": "4"}\n{"q": "3+3?", "a": ""}\n{"q": "1+1?", "a": "2"}\n')
    (tmp_path / "qa.yaml").write_text("name: sums\ncategory: qa\ndata: qa.jsonl\nfields: {q: str, a: str}\n"
                                      "templates: [{instruction: Add., input: '{q}', output: '{a}'}]\n")
    r = run(env, "tasks", "--spec", str(tmp_path / "qa.yaml"))
    assert r.returncode == 1
    assert f"{tmp_path / 'qa.jsonl'}:2: field 'a': empty target" in r.stderr
    r = run(env, "tasks", "--spec", str(tmp_path / "qa.yaml"), "--skip-bad-rows")
    assert r.returncode == 0, r.stderr
    assert "sums: skipped 1 bad rows of 3" in r.stdout
