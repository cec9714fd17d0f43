"""Figures that cannot drift: every decimal figure a chapter's prose quotes is one its own saved outputs show, or a value
of a record the chapter's code reads (`nbs/benchmarks/`), rounded as quoted; every one the README (nbs/index.ipynb)
quotes is one some chapter shows or reads; so is every whole number of a measure (seconds, minutes, GB, MB, percent,
tokens or examples a second, GFLOP/s, a ratio written 2x). The outputs are what the chapter's code printed from its run or its record,
so prose that no longer matches its record fails here once the chapter is rerun. The few figures that come from no run
or record (a worked example's arithmetic, a published size, a version) are listed below with the reason."""
import json, re
from pathlib import Path

import pytest

NBS = Path(__file__).resolve().parents[1] / "nbs"
FIGURE = re.compile(r"(?<![\w.\-+])[-+−]?\d[\d,]*\.\d+(?![\w.])")  # a decimal: 4.46, -31.2, 1,591.5
MEASURE = re.compile(r"(?<![\w.\-+,])(\d[\d,]*)(?= s\b| ms\b| minutes\b| GB\b| MB\b|%| GFLOP/s\b|x\b"
                     r"| (?:real )?tokens(?:/s| a second| per second)\b| examples? (?:a|per) second\b)")
# a whole number of a measure: 898 s, 48%, 5 GB, 98 MB, 187 real tokens/s, 434 GFLOP/s, 2x
CONVENTIONS = {"95", "5"}  # 95% intervals, and the 5% outside them: a choice, not a measurement
MEASURE_ALLOWED = {"00b_pretraining.ipynb": {"15": "T5's noise density, a setting", "30": "the size mini is designed to fit"},
                   "00c_decoder_only.ipynb": {"98": "the size of the published GGUF file"},
                   "00f_gemma.ipynb": {"238": "the size of the published chunk packages"},
                   "04c_intervals.ipynb": {"60": "the proportion the prose's worked interval is for"}}

def norm(figure:str)->str: return figure.replace("−", "-").lstrip("+-").replace(",", "")

VERSION, WORKED = "a version number", "a worked example's arithmetic, done in the prose"
NOT_FROM_A_RUN = {  # notebook: {figure: why it is in no output or record}
    "00_plm.ipynb": {"1.4": "11.3B published over the 11.14B printed above"},
    "00b_pretraining.ipynb": {"2.4": "half the float32 weights printed below: bfloat16", "13.9": "half the float32 weights printed below: bfloat16",
                              "28.3": "half the float32 weights printed below: bfloat16", "6.9": "ln 1024",
                              "19.9": "the size of the files of mtift/data/mini"},
    "00c_decoder_only.ipynb": {"5.24": VERSION},
    "02a_sources.ipynb": {"3.11": VERSION},
    "03a_losses.ipynb": {f: WORKED for f in ("0.025", "0.147", "0.105", "0.125", "0.2", "0.25", "0.399", "0.4", "0.45",
                                             "0.693", "0.975", "1.025", "1.5", "2.5")},
    "03c_packing.ipynb": {"0.57": "tokens per example, packed and padded, over the unpadded count printed above",
                          "0.86": "tokens per example, packed and padded, over the unpadded count printed above"},
    "03d_fast_step.ipynb": {"0.7": "11,000 target tokens x 32,128 logits x 2 bytes",
                            "1.4": "the same logits in float32",
                            "0.1": "what the checks printed before the compiler's cache was reset: a bug since fixed, no record"},
    "04_qlora.ipynb": {"0.64": "FLAN-T5-XL's unquantized weights, counted from its config in the prose"},
    "04c_intervals.ipynb": {"60.4": "29 of 48, the example the chapter opens with", "0.7": "the synthetic data's true rate",
                            "1.96": "the normal quantile of a 95% interval", **{f: "the format the functions print, as an example"
                                                                              for f in ("57.5", "50.5", "64.5", "0.5", "5.5")}},
    "05_config.ipynb": {"1.2": "the YAML version"},
    "06a_export.ipynb": {"5.24": VERSION},
    "07_speed.ipynb": {"11.7": "16,692 over 1,421 real tokens per second, both quoted beside it"},
    "07a_benchmarks.ipynb": {"1.10": "a target, not a measurement", "10.38": "ln 32,125, the entropy of a uniform guess",
                             "4.9": "234 s over 48 s, both quoted beside it",
                             "4.5": "the ratio of the two recipes' examples per second in the record"},
    "07b_quality.ipynb": {"4.9": "234 s over 48 s, both quoted beside it"},
    "07c_versus_trl.ipynb": {"5.24": VERSION, "1.16": VERSION},
    "08_study.ipynb": {f: "a probe run while the study was designed; not recorded" for f in ("2.92", "3.08", "3.51", "3.56", "3.83", "4.87")},
    "08a_study_results.ipynb": {"7.84": WORKED, "8.98": "Student's t quantile times sqrt(2), for two seeds",
                                "2.48": "Student's t quantile over sqrt(3), for three seeds"},
}

def prose_figures(nb:dict)->list[str]:
    return [f for c in nb["cells"] if c["cell_type"] == "markdown" for f in FIGURE.findall("".join(c["source"]))]

def cited(text:str)->set[str]:
    "The chapters a paragraph names (`chapter 07a`, `chapters 03b and 04`, a link to `07a_benchmarks.ipynb`)."
    short = {n.split("_")[0]: n for n in CHAPTERS}
    names = re.findall(r"\b(\d\d[a-z]?)_\w+\.ipynb", text)
    for m in re.finditer(r"\bchapters? ((?:\d\d[a-z]?(?:, | and | or |, and )?)+)", text): names += re.findall(r"\d\d[a-z]?", m[1])
    return {short[n] for n in names if n in short}

def cell_figures(nb:dict)->list[tuple[str, set[str]]]:
    "Each decimal figure of the prose, with the chapters its paragraph cites."
    return [(f, cited(p)) for c in nb["cells"] if c["cell_type"] == "markdown" for p in "".join(c["source"]).split("\n\n")
            for f in FIGURE.findall(p)]

def output_texts(nb:dict)->list[str]:
    return ["".join(o["text"]) if "text" in o else "".join(v) for c in nb["cells"] for o in c.get("outputs", [])
            for v in ([None] if "text" in o else [v for k, v in o.get("data", {}).items() if k.startswith("text/")])]

def output_figures(nb:dict)->set[str]:
    return {norm(f) for f in FIGURE.findall("\n".join(output_texts(nb)))}

def shown_in(figure:str, shown:set[str])->bool:
    "Whether an output shows `figure`, at its decimals or more (2.67 is shown by 2.670 or 2.6701)."
    f = norm(figure); digits = len(f.split(".")[1])
    return f in shown or any(len(o.split(".")[1]) > digits and round(float(o), digits) == float(f) for o in shown)

def _numbers(x):
    if isinstance(x, dict): x = list(x.values())
    if isinstance(x, list): return [v for y in x for v in _numbers(y)]
    return [float(x)] if isinstance(x, (int, float)) and not isinstance(x, bool) else []

def record_values(nb:dict)->list[float]:
    "The numbers of the records in `nbs/benchmarks/` that the notebook's code cells read."
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    out = []
    for name in set(re.findall(r"benchmarks/([\w.-]+\.jsonl?)\b", code)):
        text = (NBS / "benchmarks" / name).read_text()
        out += _numbers([json.loads(l) for l in text.splitlines() if l.strip()] if name.endswith(".jsonl") else json.loads(text))
    return out

def in_record(figure:str, values:list[float])->bool:
    "Whether a record value, or its percentage, rounds to `figure` at the decimals quoted."
    digits, f = len(norm(figure).split(".")[1]), float(norm(figure))
    return any(round(abs(v) * scale, digits) == f for v in values for scale in (1, 100))

CHAPTERS = {p.name: json.loads(p.read_text()) for p in sorted(NBS.glob("*.ipynb"))}
OUTPUTS = {name: output_figures(nb) for name, nb in CHAPTERS.items()}
OUTPUT_WHOLE = {name: {round(float(x.replace(",", ""))) for t in output_texts(nb) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", t)}
                for name, nb in CHAPTERS.items()}  # every number an output prints, rounded to a whole number
RECORDS = {name: record_values(nb) for name, nb in CHAPTERS.items()}

def test_the_check_reads_figures():
    assert FIGURE.findall("loss 4.46 against 9.61; -31.2 [-58.4, -4.1]; 1,591.5 s; v5.24; 3 tasks") == \
        ["4.46", "9.61", "-31.2", "-58.4", "-4.1", "1,591.5"]
    assert [m[1] for m in MEASURE.finditer("898 s, 1,066 s, 48% padding, 6.89 GB, 5 GB; 160 steps, v2 s, 187 real tokens/s, "
                                           "434 GFLOP/s, 98 MB, 2x")] == ["898", "1,066", "48", "5", "187", "434", "98", "2"]
    assert not set(NOT_FROM_A_RUN) - set(CHAPTERS), "an allowance names a notebook that does not exist"
    assert in_record("-31.2", [0.3121]) and in_record("4.46", [4.4612]) and not in_record("4.46", [4.47])

def measure_shown(figure:str, source:str)->bool:
    "Whether an output of `source` prints a number that rounds to the whole number `figure`, or a record it reads holds it (or its percentage)."
    f = float(figure.replace(",", ""))
    return f in OUTPUT_WHOLE[source] or any(round(abs(v) * k) == f for v in RECORDS[source] for k in (1, 100))

def backed(figure:str, sources)->bool:
    "Whether one of the chapters `sources` shows `figure` in an output or holds it in a record it reads."
    return any(shown_in(figure, OUTPUTS[s]) or in_record(figure, RECORDS[s]) for s in sources)

@pytest.mark.parametrize("name", list(CHAPTERS), ids=[Path(n).stem for n in CHAPTERS])
def test_prose_figures_are_in_the_outputs(name):
    # a chapter's figure comes from its own outputs or the chapters its paragraph cites; the README's from any chapter
    every = [n for n in CHAPTERS if n != "index.ipynb"]
    allowed = NOT_FROM_A_RUN.get(name, {})
    missing = sorted({f for f, cites in cell_figures(CHAPTERS[name]) if norm(f) not in allowed
                      and not backed(f, every if name == "index.ipynb" else {name} | cites)})
    assert not missing, (f"{name}: figures in the prose that no saved output shows (rerun the chapter, correct the prose, "
                         f"or print the figure from its record): {missing}")
    unused = set(allowed) - {norm(f) for f in prose_figures(CHAPTERS[name])}
    assert not unused, f"{name}: allowances for figures the prose no longer quotes: {sorted(unused)}"

@pytest.mark.parametrize("name", list(CHAPTERS), ids=[Path(n).stem for n in CHAPTERS])
def test_prose_whole_measures_are_in_the_outputs(name):
    # whole numbers with a unit of measurement: the same rule as the decimals, printed or held in a record
    every = [n for n in CHAPTERS if n != "index.ipynb"]
    missing = sorted({m[1] for c in CHAPTERS[name]["cells"] if c["cell_type"] == "markdown" for p in "".join(c["source"]).split("\n\n")
                      for m in MEASURE.finditer(p) if m[1] not in CONVENTIONS | set(MEASURE_ALLOWED.get(name, {}))
                      and not any(measure_shown(m[1], s) for s in (every if name == "index.ipynb" else {name} | cited(p)))})
    assert not missing, f"{name}: whole numbers of a measure in the prose that no saved output or record shows: {missing}"
