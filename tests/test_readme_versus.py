"The comparisons with TRL that the README quotes are the records' (nbs/benchmarks/cpu-versus-trl*.json), as chapter 07c renders them."
import json
from pathlib import Path

import pytest

from mtift.versus import versus_sentence

ROOT = Path(__file__).resolve().parent.parent

@pytest.mark.parametrize("record", ["cpu-versus-trl.json", "cpu-versus-trl-bf16.json"])
def test_readme_quotes_the_versus_record(record):
    sentence = versus_sentence(json.loads((ROOT / "nbs/benchmarks" / record).read_text()))
    readme = " ".join((ROOT / "README.md").read_text().split())  # line breaks read as spaces
    assert sentence in readme, f"README.md does not quote {record}; chapter 07c's sentence is:\n{sentence}"
