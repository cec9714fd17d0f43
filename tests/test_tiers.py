"The two tiers of tests (tools/tier.py) hold every notebook once, and the README states them as they are."
import re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import tier  # noqa: E402

NOTEBOOKS = sorted(p.name for p in (ROOT / "nbs").glob("*.ipynb"))

def in_tier(name:str, which:str)->bool:
    "Whether `tier`'s nbdev_test commands test notebook `name`: the fast tier's skips the slow ones, the slow tier's name each."
    *notebooks, _ = tier.commands(which)
    if which == "slow": return [f"nbs/{name}"] in [c[c.index("--path") + 1:] for c in notebooks]
    (args,) = notebooks
    return re.search(args[args.index("--skip_file_re") + 1], name) is None

def test_every_notebook_is_in_one_tier():
    assert {f"{n}.ipynb" for n in tier.SLOW_NOTEBOOKS} <= set(NOTEBOOKS), "a slow notebook was renamed or removed"
    for name in NOTEBOOKS: assert in_tier(name, "fast") != in_tier(name, "slow"), name
    assert not in_tier("_private.ipynb", "fast") and not in_tier("_private.ipynb", "slow")  # nbdev's own rule kept

def test_both_tiers_hold_tests():
    # `-m slow` and `-m "not slow"` split pytest's tests by construction; --strict-markers (pyproject.toml) refuses a
    # misspelt marker, which would otherwise put a slow test in the fast tier.
    marked = [p.name for p in (ROOT / "tests").glob("test_*.py") if "pytest.mark.slow" in p.read_text()]
    assert marked and len(marked) < len(list((ROOT / "tests").glob("test_*.py"))), marked

def test_the_readme_states_the_tiers():
    readme = (ROOT / "README.md").read_text()
    fenced = lambda marker: re.search(rf"<!-- {marker} -->\n```bash\n(.+?)\n```", readme)[1]
    assert fenced("mtift:tests").endswith("python tools/tier.py fast")
    assert fenced("mtift:slow-tests").endswith("python tools/tier.py slow")
    slow_paragraph = readme[readme.index("<!-- mtift:tests -->"):readme.index("<!-- mtift:slow-tests -->")]
    for name in tier.SLOW_NOTEBOOKS: assert name.split("_")[0] in slow_paragraph, name
