"""The comparison with TRL that the README quotes, all from one Intel Xeon: the step-rates record
(nbs/benchmarks/cpu-versus-trl-steps-xeon.jsonl) as chapter 07d renders it with `step_rates_table`, and the protocol's
record of both precisions from one command (nbs/benchmarks/cpu-versus-trl-protocol-xeon.json), TRL at its best rate
(1e-3), then the earlier float32 record with TRL at 3e-3, as chapter 07d renders them with `protocol_table`."""
import json
from pathlib import Path

from mtift.corpus import markdown_table
from mtift.versus import step_rates_table
from mtift.versus_records import protocol_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()

def test_readme_quotes_the_step_rates_record():
    steps = [json.loads(l) for l in (ROOT / "nbs/benchmarks/cpu-versus-trl-steps-xeon.jsonl").read_text().splitlines()]
    table = markdown_table(step_rates_table(steps))
    assert table in README, f"README.md does not quote the step-rates record; chapter 07d's table is:\n{table}"

def test_readme_quotes_the_protocol_records():
    read = lambda name, p: json.loads((ROOT / f"nbs/benchmarks/cpu-versus-trl-protocol-{name}.json").read_text())["precisions"][p]
    records = {p: read("xeon", p) for p in ("float32", "bfloat16")}  # one command, TRL at its best rate under the judge
    records["float32, earlier, TRL at 3e-3"] = read("f32", "float32")  # the same Xeon; the EPYC's records are 07d's alone
    table = markdown_table(protocol_table(records))
    assert table in README, f"README.md does not quote the protocol's records; chapter 07d's table is:\n{table}"
