"""Freeze the gettext catalogs that the built-in translation and rewriting tasks read into `mtift/data/`.

The catalogs under /usr/share/locale depend on what else a machine has installed (installing Chromium added 511
British English messages), so the tasks read this frozen copy instead, the same on every machine. Run on a Debian
machine: `python tools/freeze_gettext.py`. It writes `gettext.jsonl.gz` (the examples `gettext_pairs` reads from the
catalogs, capped as the tasks cap them: language, id, English, translation; gzip without a timestamp, so the same
catalogs give the same bytes) and `gettext_catalogs.json`
(each catalog's Debian package, version and license, from the package's copyright file).
"""
import gettext, gzip, json, re, subprocess
from pathlib import Path

LANGS = ("fr", "de", "en_GB")
CAPS = {"fr": 4000, "de": 4000}  # as gettext_examples caps them; en_GB keeps all
OUT = Path(__file__).resolve().parent.parent / "mtift" / "data"

def _package(mo:Path)->str:
    return subprocess.run(["dpkg", "-S", str(mo)], capture_output=True, text=True, check=True).stdout.split(":")[0]

def _version(pkg:str)->str:
    return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg], capture_output=True, text=True, check=True).stdout

def _license(pkg:str)->str:
    "The first DEP-5 License field of the package's copyright file, else the first license name it mentions."
    f = Path("/usr/share/doc") / pkg / "copyright"
    text = f.read_text(errors="replace") if f.exists() else ""
    m = re.search(r"^License:[ \t]*([^\s/][^/\n]*)$", text, re.M) or re.search(r"\b((?:L?GPL|BSD|MIT|Apache)[-\w.+]*)", text)
    return m.group(1).strip() if m else f"see {f}"

def freeze():
    from mtift.sources import gettext_pairs, tidy
    rows, catalogs = [], {}
    for lang in LANGS:
        pairs = gettext_pairs(lang, "/usr/share/locale")
        kept = tidy(pairs, CAPS.get(lang), pairs.notes)
        rows += [{"lang": lang, **r} for r in kept]
        for stem in sorted({r["id"].split(":")[0] for r in kept}):
            mo = Path("/usr/share/locale", lang, "LC_MESSAGES", f"{stem}.mo"); pkg = _package(mo)
            catalogs[f"{lang}/{stem}"] = {"package": pkg, "version": _version(pkg), "license": _license(pkg), "file": str(mo)}
        print(lang, len(kept), "examples;", "; ".join(kept.notes))
    OUT.mkdir(exist_ok=True)
    with open(OUT / "gettext.jsonl.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode())
    (OUT / "gettext_catalogs.json").write_text(json.dumps(catalogs, indent=1, sort_keys=True) + "\n")
    print(f"{len(rows)} examples from {len(catalogs)} catalogs into {OUT}")

if __name__ == "__main__": freeze()
