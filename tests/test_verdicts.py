"""Verdicts that agree with their intervals: wherever prose (README, every chapter) gives an interval of a difference
(`+5.0 [+2.3, +7.7]`) or of a ratio (`2.00 [0.83, 4.78]` times), the verdict word nearest to it in the same clause must
say what the interval says. A word of no effect ("level", "within the seeds' spread", "no difference", "holds 1")
needs an interval that holds 0 (a difference) or 1 (a ratio); a word of an effect ("above", "lower", "worse", "sooner",
"gains", "beyond the spread") needs one that excludes it. An interval with no verdict word in its clause, or of a
score rather than a difference (`84.0 [79.0, 89.0]`), is not read here: quoted-figures reads its figures."""
import json, re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NUM = r"[-+−]?\d+(?:\.\d+)?%?"
INTERVAL = re.compile(rf"\[({NUM}),\s+({NUM})\]")
NO_EFFECT = (r"within (?:the |its |their )?(?:seeds'|rounds'|runs')?\s*(?:spread|noise)|\blevel\b|\bno (?:gain|difference)\b"
             r"|rule out|\bparity\b|(?:\bno|\bnot|n't)\b[^.;()\[]{0,40}(?:beyond|better|worse|separate|above|below)"
             r"|cannot (?:yet )?vouch|not measurabl|too wide|holds? [01]\b")
EFFECT = (r"beyond (?:the |its )?(?:seeds' )?spread|\babove\b|\bbelow\b|\blower\b|\bhigher\b|\bbetter\b|\bworse\b|\bsooner\b"
          r"|\brises?\b|\bfalls?\b|\bgains?\b|\braises?\b|\bmore\b|\bless\b|excludes? [01]\b")
VERDICT = re.compile(rf"(?P<none>{NO_EFFECT})|(?P<some>{EFFECT})", re.I)
CLAUSE_END = re.compile(r"[.!?](?=\s+[A-Z*`$-])|;|\n\n|\n- |\|")

def _value(s:str)->float: return float(s.replace("−", "-").rstrip("%"))

def clause(text:str, m:re.Match, before:int, after:int)->tuple[int, int]:
    "The span an interval's verdict may sit in: its clause, not past a neighbouring interval, a closed parenthesis before it or its own one's end."
    start = max([before, *(x.end() for x in CLAUSE_END.finditer(text, 0, m.start()))])
    start = max(start, text.rfind(")", start, m.start()) + 1)
    end = min([after, *(x.start() for x in CLAUSE_END.finditer(text, m.end()))][:2])
    opened = text.rfind("(", start, m.start())
    if opened >= 0 and text.find(")", m.end(), end) >= 0: end = text.find(")", m.end(), end)
    return start, end

def null_of(low:str, high:str, text:str)->float|None:
    "0 for a signed difference, 1 for a ratio (`times`, a speed-up, a geometric mean), None for a score."
    if low[0] in "+-−" and high[0] in "+-−": return 0.0
    return 1.0 if re.search(r"times|speed-?up|geometric mean|\d\.\d\dx|\b(?:holds?|excludes?) 1\b", text) else None

def disagreements(text:str)->list[str]:
    "Each interval whose nearest verdict word says the opposite of what the interval holds."
    found, bad = list(INTERVAL.finditer(text)), []
    for i, m in enumerate(found):
        start, end = clause(text, m, found[i - 1].end() if i else 0, found[i + 1].start() if i + 1 < len(found) else len(text))
        null = null_of(m[1], m[2], text[start:end])
        words = [(min(abs(v.start() - m.end()), abs(m.start() - v.end())), v) for v in VERDICT.finditer(text, start, end)]
        if null is None or not words: continue
        word = min(words, key=lambda w: w[0])[1]
        holds = _value(m[1]) <= null <= _value(m[2])
        if bool(word["none"]) != holds:
            bad.append(f"{m[0]} {'holds' if holds else 'excludes'} {null:g} but is called {word[0]!r}: {' '.join(text[start:end].split())}")
    return bad

def prose(path:Path)->str:
    if path.suffix == ".md": return path.read_text()
    return "\n\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown")

PAGES = [ROOT / "README.md", *sorted((ROOT / "nbs").glob("*.ipynb"))]

@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_verdicts_agree_with_intervals(page):
    assert disagreements(prose(page)) == []

@pytest.mark.parametrize("text, flagged", [
    ("The joint run is level with the mean (+3.0 [+0.5, +5.5]).", True),
    ("FAMO is better (+1.0 [-1.0, +2.0]).", True),
    ("mtift was 2.00 times sooner, 2.00 [0.83, 4.78] over seeds.", True),
    ("The five tasks are level (-0.1 [-5.8, +5.3]).", False),
    ("Its loss is worse (+0.15 [+0.05, +0.25]), and topic classification is level (-1.1 [-5.0, +2.9]).", False),
    ("mtift was 1.7 times sooner; over seeds 2.00 [0.83, 4.78], an interval that holds 1.", False),
    ("`rt_sentiment` ranks 84.0 [79.0, 89.0], above the majority label.", False),  # a score, not a difference
])
def test_the_reading_itself(text, flagged):
    assert bool(disagreements(text)) == flagged
