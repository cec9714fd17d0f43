"""Every numeric setting of a run's config carries its range, and an impossible value is refused when the config is
read, before any model loads, by a message that names the key, the value and what it may be."""
import math, re
from typing import Annotated, Union, get_args, get_origin
import pytest
from pydantic import BaseModel
from mtift import cli, plm
from mtift.config import TRAINING_DEFAULTS, TRAINING_RANGES, ConfigError, RunConfig, load_config

def _numbers(t)->list:
    "The numeric types inside an annotation (a union's members, a mapping's values, a ranged number)."
    if t in (int, float): return [t]
    if get_origin(t) is Annotated: return [t] if _numbers(get_args(t)[0]) else []
    if get_origin(t) in (Union, type(int | None)): return [x for a in get_args(t) for x in _numbers(a)]
    if get_origin(t) is dict: return _numbers(get_args(t)[1])
    return []

def _bounds(field)->dict:
    "ge/gt/le/lt of a pydantic field, or of the ranged number inside it (a mapping's values)."
    out = {k: getattr(m, k) for m in field.metadata for k in ("ge", "gt", "le", "lt") if getattr(m, k, None) is not None}
    for t in _numbers(field.annotation):
        if get_origin(t) is Annotated:
            out |= {k: getattr(m, k) for m in get_args(t)[1:] for f in [getattr(m, "metadata", [m])] for m in f
                    for k in ("ge", "gt", "le", "lt") if getattr(m, k, None) is not None}
    return out

def numeric_settings()->list[tuple[str, object]]:
    "(key, impossible value) of every numeric setting: a section's fields and the training section's ranged fields."
    out = []
    for section, info in RunConfig.model_fields.items():
        if not (isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)): continue
        for name, f in info.annotation.model_fields.items():
            if not _numbers(f.annotation) or f.annotation is bool: continue
            b = _bounds(f)
            assert b, f"{section}.{name} is a number without a range"
            bad = b["ge"] - 1 if "ge" in b else b["gt"] if "gt" in b else b.get("le", 0) + 1 if "le" in b else b["lt"]
            value = f"{{a: {bad}}}" if get_origin(f.annotation) is dict or dict in map(get_origin, get_args(f.annotation)) else bad
            out.append((f"{section}.{name}", value))
    for key, (lo, hi, lo_ok, hi_ok) in TRAINING_RANGES.items():
        out.append((f"training.{key}", lo - 1 if lo_ok else lo))
    return out

def test_every_numeric_setting_has_a_range():
    from dataclasses import fields
    from transformers import TrainingArguments
    assert TRAINING_RANGES.keys() <= {f.name for f in fields(TrainingArguments) if f.init}
    numeric = {k for k, v in TRAINING_DEFAULTS.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    assert numeric <= TRAINING_RANGES.keys(), numeric - TRAINING_RANGES.keys()
    assert len(numeric_settings()) > 40

@pytest.mark.parametrize("key,bad", numeric_settings())
def test_impossible_values_are_refused_before_a_model_loads(key, bad, tmp_path, monkeypatch, capsys):
    def loaded(*a, **kw): raise AssertionError(f"a model or tokenizer loaded for {key}={bad}")
    monkeypatch.setattr(plm, "from_pretrained", loaded)
    with pytest.raises(ConfigError, match=re.escape(key) + r"(\.a)?: .* is out of range: it must be"):  # (.a: a mapping's entry)
        load_config(sets=[f"{key}={bad}"])
    with pytest.raises(SystemExit) as e:  # the command line: the same message, exit status 1, nothing loaded
        cli.main(["train", "--set", f"{key}={bad}", "--output", str(tmp_path / "run")])
    assert key in str(e.value) and "out of range" in str(e.value)
    assert not (tmp_path / "run").exists()

def test_print_config_checks_ranges(capsys):
    with pytest.raises(SystemExit) as e: cli.main(["train", "--set", "lora.alpha=0", "--print-config"])
    assert "lora.alpha: 0 is out of range: it must be > 0" in str(e.value)
    assert math.isclose(load_config(sets=["lora.alpha=0.5"]).lora.alpha, 0.5)  # within the range: accepted
