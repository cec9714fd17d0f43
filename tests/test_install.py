"Build the wheel and install it into a new virtual environment, away from the repository, as a user would."
import pytest
import subprocess, sys, venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def sh(*args, cwd, **kw):
    r = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, **kw)
    assert r.returncode == 0, f"{args} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r.stdout

@pytest.mark.slow
def test_wheel_installs_and_runs(tmp_path):
    sh(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp_path / "dist", cwd=ROOT)
    wheel, = (tmp_path / "dist").glob("mtift-*.whl")
    files = sh(sys.executable, "-m", "zipfile", "-l", wheel, cwd=tmp_path)
    assert "mtift/plm.py" in files and "mtift/cli.py" in files
    assert "mtift/data/gettext.jsonl.gz" in files and "mtift/data/gettext_catalogs.json" in files
    assert "tests/" not in files and "nbs/" not in files
    venv.create(tmp_path / "venv", with_pip=True)
    py, bin_ = tmp_path / "venv" / "bin" / "python", tmp_path / "venv" / "bin"
    # torch first and pinned: the CPU build, not the multi-GB CUDA build a bare `torch` requirement would pull
    sh(py, "-m", "pip", "install", "-q", "torch==2.13.0", wheel, cwd=tmp_path, timeout=1200)
    # every module imports with the declared requirements alone (no dev tools such as fastcore's nbdev pins)
    where = sh(py, "-c", "import importlib, pkgutil, mtift\n"
                         "for m in pkgutil.iter_modules(mtift.__path__): importlib.import_module('mtift.' + m.name)\n"
                         "print(mtift.__file__)", cwd=tmp_path)
    assert str(tmp_path / "venv") in where and str(ROOT) not in where
    assert "generate" in sh(bin_ / "mtift", "--help", cwd=tmp_path)
    assert "modules_to_save" in sh(bin_ / "mtift", "train", "--print-config", cwd=tmp_path)
    assert "--adapter" in sh(bin_ / "mtift", "eval", "--help", cwd=tmp_path)
    # the frozen gettext catalogs travel in the wheel: the translation tasks are the same as in the repository
    sizes = sh(py, "-c", "from mtift.sources import gettext_examples\n"
                         "print([len(gettext_examples(l, None)) for l in ('fr', 'de', 'en_GB')])", cwd=tmp_path)
    assert sizes.strip() == "[4000, 4000, 343]"
    # mini travels in the wheel too, and loads without mtift as a plain Hugging Face checkpoint
    assert "mtift/data/mini/model.safetensors" in files and "mtift/data/mini/tokenizer.json" in files
    out = sh(py, "-c", "from transformers import AutoModelForSeq2SeqLM, AutoTokenizer\n"
                       "from mtift.plm import mini_folder\n"
                       "m, t = AutoModelForSeq2SeqLM.from_pretrained(mini_folder()), AutoTokenizer.from_pretrained(mini_folder())\n"
                       "print(type(m).__name__, len(t), mini_folder())", cwd=tmp_path)
    assert out.split()[:2] == ["T5ForConditionalGeneration", "8192"] and str(tmp_path / "venv") in out
