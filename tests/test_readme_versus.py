"""The comparison with TRL that the README quotes, all from one Intel Xeon: the step-rates record
(nbs/benchmarks/cpu-versus-trl-steps-xeon.jsonl) as chapter 07d renders it with `step_rates_table`, and the protocol's
records of both precisions (nbs/benchmarks/cpu-versus-trl-protocol-*.json), TRL at its best rate (1e-3) first and at
3e-3 in float32 after, as chapter 07d renders them with `protocol_table`."""
import json
from pathlib import Path

from mtift.corpus import markdown_table
from mtift.versus import step_rates_table
from mtift.versus_records import against_trl, protocol_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()

def test_readme_quotes_the_step_rates_record():
    steps = [json.loads(l) for l in (ROOT / "nbs/benchmarks/cpu-versus-trl-steps-xeon.jsonl").read_text().splitlines()]
    table = markdown_table(step_rates_table(steps))
    assert table in README, f"README.md does not quote the step-rates record; chapter 07d's table is:\n{table}"

def test_readme_quotes_the_protocol_records():
    read = lambda name, p: json.loads((ROOT / f"nbs/benchmarks/cpu-versus-trl-protocol-{name}.json").read_text())["precisions"][p]
    at_3e3 = read("f32", "float32")  # both precisions on one Xeon: the EPYC's bfloat16 record is 07d's alone
    records = {"float32": against_trl(at_3e3, read("f32-trl-1e-3", "float32")),  # TRL at its best rate under the judge
               "bfloat16": read("bf16-xeon", "bfloat16"), "float32, TRL at 3e-3": at_3e3}
    table = markdown_table(protocol_table(records))
    assert table in README, f"README.md does not quote the protocol's records; chapter 07d's table is:\n{table}"
