"The comparison with TRL that the README quotes is the record's (nbs/benchmarks/cpu-versus-trl.json), as chapter 07c renders it."
import json
from pathlib import Path

from mtift.versus import versus_sentence

ROOT = Path(__file__).resolve().parent.parent

def test_readme_quotes_the_versus_record():
    record = json.loads((ROOT / "nbs/benchmarks/cpu-versus-trl.json").read_text())
    readme = " ".join((ROOT / "README.md").read_text().split())  # line breaks read as spaces
    sentence = versus_sentence(record)
    assert sentence in readme, f"README.md does not quote the record; chapter 07c's sentence is:\n{sentence}"
