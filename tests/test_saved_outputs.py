"""The outputs saved in the chapters are what a reader should see: no progress-bar dumps, no warnings and no temporary
paths (they are the machine's, not the chapter's). `tools/run_nbs.py` saves outputs with progress bars off."""
import json, re
from pathlib import Path

import pytest

NBS = sorted((Path(__file__).resolve().parents[1] / "nbs").glob("*.ipynb"))
NOISE = {"a progress bar": re.compile(r"\d+%\|[^\n|]*\||\d+(\.\d+)?\s?(it|s|batch|examples?|task)/s\]|\r"),
         "a warning": re.compile(r"\b[A-Z]\w*Warning\b|warnings\.warn|kernels-community|^WARNING\b", re.M),
         "a temporary path": re.compile(r"/tmp/|/var/folders/|\btmp[a-z0-9_]{8}\b")}

def saved_texts(nb:dict):
    "(cell index, stream name or mime type, text) of every text output."
    for i, c in enumerate(nb["cells"]):
        for o in c.get("outputs", []):
            if "text" in o: yield i, o.get("name", "stream"), "".join(o["text"])
            for mime, v in o.get("data", {}).items():
                if mime.startswith("text/") and mime != "text/html": yield i, mime, "".join(v)
            if o.get("output_type") == "error": yield i, "error", "\n".join(o.get("traceback", []))

def noise(text:str)->list[str]:
    return [f"{what}: {m.group(0)!r}" for what, rx in NOISE.items() if (m := rx.search(text))]

def test_the_check_finds_noise():
    assert noise("loading:  40%|####      | 2/5 [00:01<00:02,  1.50it/s]") and noise("x.py:3: FutureWarning: old")
    assert noise("# mtift eval: tiny + /tmp/tmphothzvqf/shared") and noise("Failed to load CPU gemm_4bit_forward from kernels-community")
    assert not noise("| weights | host (CPU) s | GPU kernels s |\n| 60 steps in 352 s, 177 tokens/s |")

@pytest.mark.parametrize("path", NBS, ids=[p.stem for p in NBS])
def test_saved_outputs_are_clean(path):
    found = [f"cell {i} ({kind}): {n}" for i, kind, text in saved_texts(json.loads(path.read_text()))
             for n in (["output on stderr"] if kind == "stderr" else []) + noise(text)]
    assert not found, f"{path.name}: rerun with tools/run_nbs.py after removing the cause:\n" + "\n".join(found)
