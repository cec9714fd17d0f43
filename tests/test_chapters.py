"""What a reader of the chapters and the README should never meet, checked on every notebook's prose, code and saved
outputs: a word about how the project is made (its issues, the machines it borrows) rather than about multi-task
tuning, a path of the machine the outputs were saved on, a chapter too long to finish (prose and code over 40,000
characters, outputs not counted), a chapter the README's table does not link, a command 90_cli's table leaves out, or a
README longer than a front page."""
import json, re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted((ROOT / "nbs").glob("*.ipynb"))
PROCESS = re.compile(r"\b(issues?|lease[ds]?|lent|lend|this session|closing note|stop note|this project(?:'s)?|round two)\b", re.I)
MACHINE_PATH = re.compile(r"(?<![\w<])(/work/|/home/\w|/root/|/usr/(lib|local)/|site-packages/|[A-Z]:\\\\Users)")
MAX_CHARS, MAX_README_WORDS = 40_000, 1_500

def texts(nb:dict):
    "(where, text) of every markdown cell and every text output; code only where it prints into an output."
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] == "markdown": yield f"cell {i} (prose)", "".join(c["source"])
        for o in c.get("outputs", []):
            if "text" in o: yield f"cell {i} (output)", "".join(o["text"])
            for mime, v in o.get("data", {}).items():
                if mime.startswith("text/"): yield f"cell {i} (output)", "".join(v)

def found(rx, text:str)->list[str]:
    return [repr(text[max(0, m.start() - 40):m.end() + 30]) for m in rx.finditer(text)]

def test_the_checks_find_what_they_should():
    assert found(PROCESS, "the 5 times the issue asks for") and found(PROCESS, "before the lease ended")
    assert found(PROCESS, "on a machine like this project's CI") and found(PROCESS, "what round two still asks")
    assert found(MACHINE_PATH, "pretrained=/work/main/mtift/data/mini") and found(MACHINE_PATH, "/usr/lib/python3/dist-packages/x")
    assert not found(PROCESS, "a tissue of lies; relentless") and not found(MACHINE_PATH, "pretrained=<mini>,peft=<tmp>/run")

@pytest.mark.parametrize("path", [*NBS, ROOT / "README.md"], ids=[p.stem for p in [*NBS, ROOT / "README.md"]])
def test_no_word_of_how_the_project_is_made_and_no_machine_path(path):
    pairs = [("README", path.read_text())] if path.suffix == ".md" else texts(json.loads(path.read_text()))
    bad = [f"{where}: {what} {hit}" for where, text in pairs
           for what, rx in (("a word of how the project is made:", PROCESS), ("a machine path:", MACHINE_PATH)) for hit in found(rx, text)]
    assert not bad, f"{path.name}:\n" + "\n".join(bad)

def test_no_word_of_how_the_project_is_made_in_the_package():
    # the docstrings and comments of mtift/ are the API reference the site renders
    bad = [f"{p.name}: {hit}" for p in sorted((ROOT / "mtift").glob("*.py")) for hit in found(PROCESS, p.read_text())]
    assert not bad, "\n".join(bad)

@pytest.mark.parametrize("path", NBS, ids=[p.stem for p in NBS])
def test_a_chapter_a_reader_can_finish(path):
    n = sum(len("".join(c["source"])) for c in json.loads(path.read_text())["cells"])
    assert n <= MAX_CHARS, f"{path.name}: {n:,} characters of prose and code, over {MAX_CHARS:,}: split it or move tables to records"

def test_the_readme_is_a_front_page_that_links_every_chapter():
    readme = (ROOT / "README.md").read_text()
    words = len(re.sub(r"```.*?```", " ", readme, flags=re.S).split())  # commands and code are not read as prose
    assert words <= MAX_README_WORDS, f"README.md: {words} words of prose, over {MAX_README_WORDS}"
    unlinked = [p.name for p in NBS if p.name != "index.ipynb" and f"](nbs/{p.name})" not in readme]
    assert not unlinked, f"README.md's chapter table does not link: {unlinked}"

def test_the_cli_chapter_lists_every_command():
    from mtift.cli import _parser
    commands = set(next(a for a in _parser()._actions if a.dest == "command").choices)
    table = "".join("".join(c["source"]) for c in json.loads((ROOT / "nbs" / "90_cli.ipynb").read_text())["cells"] if c["cell_type"] == "markdown")
    missing = sorted(c for c in commands if f"| `mtift {c}" not in table)
    assert not missing, f"90_cli's command table leaves out: {missing}"
