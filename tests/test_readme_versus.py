"The comparison with TRL that the README quotes is the step-rates record's (nbs/benchmarks/cpu-versus-trl-steps.jsonl), as chapter 07c renders it."
import json
from pathlib import Path

from mtift.corpus import markdown_table
from mtift.versus import step_rates_table

ROOT = Path(__file__).resolve().parent.parent

def test_readme_quotes_the_step_rates_record():
    steps = [json.loads(l) for l in (ROOT / "nbs/benchmarks/cpu-versus-trl-steps.jsonl").read_text().splitlines()]
    table = markdown_table(step_rates_table(steps))
    assert table in (ROOT / "README.md").read_text(), f"README.md does not quote the step-rates record; chapter 07c's table is:\n{table}"
