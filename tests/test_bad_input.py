"Malformed task specs and data files as a user writes them: each is refused with file, line and field, or read correctly."
import json
from pathlib import Path
import pytest
from mtift.tasks import check_splits
from mtift.user_tasks import DataError, task_from_yaml

SPEC = """name: {name}
category: classification
data: {data}
fields: {{text: str, label: str}}
options: [good, bad]
label_field: label
templates: [{{instruction: "Is it so?", input: "{{text}}", output: "{{label}}"}}]
"""

def spec(tmp_path:Path, name:str, data:str, extra:str="")->Path:
    f = tmp_path / f"{name}.yaml"
    f.write_text(SPEC.format(name=name, data=data) + extra)
    return f

def rows(n:int)->str: return "".join(json.dumps({"text": f"sentence {i}", "label": "good" if i % 3 else "bad"}) + "\n" for i in range(n))

def test_empty_data_file_is_refused(tmp_path):
    (tmp_path / "empty.jsonl").write_text("")
    t = task_from_yaml(spec(tmp_path, "empty_task", "empty.jsonl"), add=False)
    with pytest.raises(DataError, match=r"empty\.jsonl: no examples: the file has no rows"): t.examples

def test_all_rows_bad_under_skip_bad_rows_is_refused(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"text": "a", "label": "maybe"}\n{"text": "b"}\n')
    t = task_from_yaml(spec(tmp_path, "bad_task", "bad.jsonl"), skip_bad_rows=True, add=False)
    with pytest.raises(DataError, match=r"bad\.jsonl: no examples: all 2 rows are bad, for example:\n.*bad\.jsonl:1: field 'label'"):
        t.examples

def test_too_few_rows_for_the_splits_is_refused(tmp_path):
    (tmp_path / "two.jsonl").write_text(rows(2))
    t = task_from_yaml(spec(tmp_path, "two_rows", "two.jsonl"), add=False)
    with pytest.raises(ValueError, match=r"task 'two_rows': its 2 examples split into 2 train, 0 validation, 0 test, so "
                                         r"validation and test are empty; give it at least 30 examples"):
        check_splits(t)

def test_unknown_metric_is_refused(tmp_path):
    (tmp_path / "d.jsonl").write_text(rows(40))
    with pytest.raises(ValueError, match=r"m\.yaml: metrics: unknown metric 'bleurt'; the metrics are exact_match, accuracy"):
        task_from_yaml(spec(tmp_path, "m", "d.jsonl", "metrics: [bleurt]\n"), add=False)

def test_yaml_syntax_error_names_file_and_line(tmp_path):
    f = tmp_path / "broken.yaml"
    f.write_text("name: broken\ncategory: qa\nfields: {text: str\ndata: d.jsonl\n")
    with pytest.raises(ValueError, match=r"broken\.yaml:4: not valid YAML: "):
        task_from_yaml(f, add=False)

def test_csv_row_with_more_values_than_the_header(tmp_path):
    (tmp_path / "d.csv").write_text("text,label\nfine,good\nhello, world,bad\n")
    t = task_from_yaml(spec(tmp_path, "csv_task", "d.csv"), add=False)
    with pytest.raises(DataError, match=r"d\.csv:3: 3 values, but the header has 2 \(text, label\): quote values that hold commas"):
        t.examples

@pytest.mark.parametrize("suffix, body", [(".jsonl", rows(3)), (".csv", "text,label\nsentence 0,bad\nsentence 1,good\nsentence 2,good\n")])
def test_utf8_byte_order_mark_is_read(tmp_path, suffix, body):
    (tmp_path / f"bom{suffix}").write_bytes(b"\xef\xbb\xbf" + body.encode())
    t = task_from_yaml(spec(tmp_path, f"bom_{suffix[1:]}", f"bom{suffix}"), add=False)
    assert [e["text"] for e in t.examples] == ["sentence 0", "sentence 1", "sentence 2"]
    assert [e["label"] for e in t.examples] == ["bad", "good", "good"]

def test_yaml_booleans_as_options_are_refused(tmp_path):
    (tmp_path / "d.jsonl").write_text(rows(40))
    f = spec(tmp_path, "yes_no", "d.jsonl")
    f.write_text(f.read_text().replace("[good, bad]", "[yes, no]"))
    with pytest.raises(ValueError, match=r"yes_no\.yaml: options: True is not text: YAML reads yes/no/on/off/true/false as booleans; quote them"):
        task_from_yaml(f, add=False)
