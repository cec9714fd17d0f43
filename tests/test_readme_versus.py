"The comparisons with TRL that the README quotes are the records' (nbs/benchmarks/cpu-versus-trl*.json), as chapter 07c renders them."
import json
from pathlib import Path

import pytest

from mtift.versus import versus_sentence

ROOT = Path(__file__).resolve().parent.parent

def mtift_recipes(name:str)->list[tuple[str, str]]:
    record = json.loads((ROOT / "nbs/benchmarks" / name).read_text())
    return [(name, s["recipe"]) for s in record["summary"] if s["recipe"].startswith("mtift")]

@pytest.mark.parametrize("record,ours", mtift_recipes("cpu-versus-trl.json") + mtift_recipes("cpu-versus-trl-bf16.json"))
def test_readme_quotes_the_versus_record(record, ours):
    sentence = versus_sentence(json.loads((ROOT / "nbs/benchmarks" / record).read_text()), ours)
    readme = " ".join((ROOT / "README.md").read_text().split())  # line breaks read as spaces
    assert sentence in readme, f"README.md does not quote {record} for {ours!r}; chapter 07c's sentence is:\n{sentence}"
