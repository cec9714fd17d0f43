"""The documentation preview (tools/preview.py) in headless Chromium: every page loads without console errors, every
internal link resolves to a page and anchor that exist, every plot the notebooks saved is shown, and a screenshot of
each page is saved in _preview/screenshots. Needs the Debian packages chromium and chromium-driver (.ci/run installs
them); without them the test is skipped, unless MTIFT_BROWSER_TEST=1 says they must be there."""
import functools, http.server, json, os, shutil, subprocess, sys, threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

pytestmark = pytest.mark.slow  # the browser test: the slow tier

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_preview"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

@pytest.fixture(scope="module")
def site():
    "The preview, built afresh and served over HTTP as a real site would be."
    r = subprocess.run([sys.executable, "tools/preview.py", "--out", str(SITE)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()

@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        if os.environ.get("MTIFT_BROWSER_TEST") == "1": pytest.fail("MTIFT_BROWSER_TEST=1 but chromium or chromedriver is missing")
        pytest.skip("needs chromium and chromedriver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"): opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()

def saved_plots(notebook:Path)->int:
    "Images among a notebook's saved outputs, the ones its page must show."
    cells = json.loads(notebook.read_text())["cells"]
    return sum(any(k.startswith("image/") for k in o.get("data", {})) for c in cells if c["cell_type"] == "code" for o in c["outputs"])

PAGE_STATE = """return {
  title: document.title,
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  images: [...document.images].map(i => ({src: i.src.slice(0, 40), ok: i.complete && i.naturalWidth > 0})),
  nav: [...document.querySelectorAll('nav.mtift-nav ul a')].map(a => a.getAttribute('href')),
  math: [...document.querySelectorAll('math')].filter(m => m.getBoundingClientRect().width > 0).length,
};"""

def test_preview_site(browser, site):
    shots = SITE / "screenshots"; shots.mkdir(exist_ok=True)
    home = site + "index.html"
    browser.get(home)
    order = browser.execute_script(PAGE_STATE)["nav"]
    assert order[0] == "index.html" and len(order) == len(set(order)) > 10, order
    pages, problems = {}, []
    for page in order:
        browser.get(site + page)
        state = browser.execute_script(PAGE_STATE)
        pages[site + page] = state
        errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        if errors: problems.append(f"{page}: console errors {errors}")
        if state["title"] in ("", "Untitled"): problems.append(f"{page}: no title")
        bad = [i["src"] for i in state["images"] if not i["ok"]]
        if bad: problems.append(f"{page}: images that did not load {bad}")
        browser.save_screenshot(str(shots / f"{Path(page).stem}.png"))
    # every notebook's saved plots are on its page
    proc = ROOT / "_proc"
    for nb in proc.glob("*.ipynb"):
        fm = "".join(json.loads(nb.read_text())["cells"][0]["source"])
        page = next((l.split(":", 1)[1].strip() for l in fm.splitlines() if l.startswith("output-file:")), None)
        if page is None or site + page not in pages: problems.append(f"{nb.name}: no page in the preview"); continue
        want, shown = saved_plots(nb), sum(i["src"].startswith("data:image/") for i in pages[site + page]["images"])
        if shown < want: problems.append(f"{page}: {shown} of the notebook's {want} images shown")
    # every internal link resolves to a page of the site, and its anchor to an element of that page
    for url, state in pages.items():
        for link in state["links"]:
            target, anchor = urldefrag(link)
            if urlparse(target).netloc != urlparse(site).netloc: continue
            if target not in pages:
                if not (SITE / urlparse(target).path.lstrip("/")).is_file(): problems.append(f"{url}: broken link {link}")
            elif anchor and anchor not in pages[target]["ids"]: problems.append(f"{url}: no #{anchor} on {target}")
    assert not problems, "\n".join(problems)
    assert sum(s["math"] for s in pages.values()) > 100, "the formulas are not rendered"
    (shots / "pages.json").write_text(json.dumps({u: {"title": s["title"], "images": len(s["images"])} for u, s in pages.items()}, indent=1))

def test_docs_workflow_publishes_nbdev_docs():
    "The GitHub Actions workflow renders the site with nbdev_docs (Quarto installed there) and publishes _docs."
    import yaml
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yaml").read_text())
    steps = flow["jobs"]["docs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("quarto-dev/quarto-actions/setup") for u in uses)
    assert any(s.get("run", "").strip() == "nbdev_docs" for s in steps)
    publish = next(s for s in steps if s.get("uses", "").startswith("peaceiris/actions-gh-pages"))
    from nbdev.config import get_config
    assert publish["with"]["publish_dir"].strip("./") == get_config().doc_path.name