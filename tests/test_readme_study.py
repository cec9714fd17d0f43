"The study figures the README quotes are the records' (nbs/benchmarks/study*.jsonl), computed as chapter 08a computes them."
from pathlib import Path

from mtift.study import read_records
from mtift.study_results import arm_rows, held_out_rows, single_rows

ROOT = Path(__file__).resolve().parent.parent
README = " ".join((ROOT / "README.md").read_text().split())  # line breaks read as spaces

def d(x:dict)->str: return f"{x['difference']:+.1f} [{x['low']:+.1f}, {x['high']:+.1f}]"
def ms(x:tuple)->str: return f"{x[0]:.1f} ± {x[1]:.1f}"

def quoted(*phrases):
    missing = [p for p in phrases if p not in README]
    assert not missing, f"README.md does not quote the records' figures: {missing}"

def test_smollm2_study_figures():
    recs = read_records(ROOT / "nbs/benchmarks/study_smollm2.jsonl")
    held = {r["task"]: r for r in held_out_rows(recs)}
    best = lambda t: max(held[t]["untuned smollm2"], held[t]["untuned smollm2, chat template"])
    fr, de, sent, topic = (held[t] for t in ("gettext_en_fr", "gettext_en_de", "rt_sentiment", "chat_topic"))
    quoted(f"chrF {best('gettext_en_fr'):.1f} → {ms(fr['tuned on others'])} English-French, {d(fr['others - best untuned'])}",
           f"{best('gettext_en_de'):.1f} → {ms(de['tuned on others'])} English-German, {d(de['others - best untuned'])}",
           f"itself: {fr['tuned on it'][0]:.1f} and {de['tuned on it'][0]:.1f})",
           f"sentiment ({best('rt_sentiment'):.1f} → {ms(sent['tuned on others'])}%, {d(sent['others - best untuned'])}; the "
           f"majority label alone scores {sent['majority']:.1f})",
           f"topic classification ({best('chat_topic'):.1f} → {ms(topic['tuned on others'])}%)")
    single, loss = ({r["task"]: r for r in single_rows(recs, key=k)} for k in ("score", "loss"))
    quoted(f"$\\Delta_m$ {d(single['Δm against single (%)']['joint - single'])}% on the main metric",
           f"$\\Delta_m$ {d(loss['Δm against single, same steps per task (%)']['joint - single, same steps per task'])}% on the validation loss",
           f"function naming {d(single['docstring_name']['joint - single, same steps per task'])} chrF")
    worse = [t for t, r in loss.items() if not t.startswith("Δm") and r["joint - single, same steps per task"]["low"] > 0]
    assert not worse, f"the README says no task is worse at the same steps per task; worse: {worse}"

def test_mini_study_figures():
    rows = {r["arm"]: r for r in arm_rows(read_records(ROOT / "nbs/benchmarks/study.jsonl"), "weighting")}
    quoted(f"$\\Delta_m$ {ms(rows['static: labels x2']['delta_m'])}% on the main metric, the mean loss {ms(rows['mean']['delta_m'])}%")

def test_smollm2_later_questions():
    "Questions 3-5 on SmolLM2: the differences the README quotes, and that the arms it calls level are within the spread."
    from mtift.study_results import versus_rows
    recs = read_records(ROOT / "nbs/benchmarks/study_smollm2.jsonl")
    arms = [("weighting", a) for a in ("static: labels x2", "famo", "pcgrad")] + \
           [("mixing", a) for a in ("proportional", "temperature T=3", "examples_proportional K=300")]
    rows = {r["arm"]: r for r in versus_rows(recs, arms, ("weighting", "mean"))}
    quoted(f"FAMO {d(rows['famo']['Δm metric difference'])} points of $\\Delta_m$ on the main metric",
           f"validation loss ($\\Delta_m$ {d(rows['proportional']['Δm loss difference'])} points)")
    for arm in ("static: labels x2", "famo", "temperature T=3", "examples_proportional K=300"):
        assert rows[arm]["Δm metric difference"]["low"] <= 0 <= rows[arm]["Δm metric difference"]["high"], arm
    assert -1 < rows["pcgrad"]["Δm metric difference"]["difference"] < 0  # "PCGrad is half a point lower"
    adapters = versus_rows(recs, [("adapters", "per_task"), ("adapters", "shared+per_task")], ("adapters", "shared"))
    assert all(r["Δm metric difference"]["high"] >= 0 for r in adapters)  # no layout beats the shared adapter
