"""Every relative link in a chapter's prose names a file that exists: the site test (slow tier) finds a broken one only after
rendering the whole site, this finds it in a second. Links are relative to `nbs/`, as the site and README read them."""
import json, re
from pathlib import Path

NBS = Path(__file__).parent.parent/"nbs"
LINK = re.compile(r"\]\(([^)\s]+)\)")

def relative_links(text):
    "Targets of markdown links in `text` that point into the site rather than out of it."
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:|#", t)]

def test_relative_links_resolve():
    broken = []
    for nb in sorted(NBS.glob("*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            if cell["cell_type"] != "markdown": continue
            for target in relative_links("".join(cell["source"])):
                if not (NBS/target.split("#")[0]).exists(): broken.append(f"{nb.name}: {target}")
    assert not broken, "\n".join(broken)
