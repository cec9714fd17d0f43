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
