"Write README.md from nbs/index.ipynb: markdown cells as they are (links to notebooks made relative to the repository root), code cells and their text outputs fenced."
import json, re
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def _text(src): return "".join(src) if isinstance(src, list) else src

def _cell_md(cell)->str:
    src = _text(cell["source"])
    if cell["cell_type"] == "markdown": return re.sub(r"\]\(([\w-]+\.ipynb)", r"](nbs/\1", src)
    if src.lstrip().startswith("#| hide"): return ""
    outs = [_text(o.get("text") or o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", [])
            if o.get("name") != "stderr"]  # progress bars and warnings are not for the README
    return "\n\n".join([f"```python\n{src}\n```"] + [f"```\n{o.rstrip()}\n```" for o in outs if o.strip()])

def readme(nb=root/"nbs"/"index.ipynb")->str:
    cells = json.loads(Path(nb).read_text())["cells"]
    return "\n\n".join(md for md in map(_cell_md, cells) if md.strip()) + "\n"

if __name__ == "__main__": (root/"README.md").write_text(readme())
