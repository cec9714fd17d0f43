"""Ship a `mtift pretrain` run as mini: copy its model (weights, config, tokenizer), its pretraining.json and its loss
plot into mtift/data/mini, the package data that `load_model("mini")` reads. Usage: python tools/ship_mini.py RUN"""
import json, shutil, sys
from pathlib import Path

def ship(run:Path, dest:Path):
    if not (run / "model" / "model.safetensors").exists(): sys.exit(f"{run} holds no finished pretraining run (no model/)")
    shutil.rmtree(dest, ignore_errors=True); dest.mkdir(parents=True)
    for f in (run / "model").iterdir(): shutil.copy2(f, dest / f.name)
    record = json.loads((run / "pretraining.json").read_text())
    record["config"]["corpus"] = Path(record["config"]["corpus"]).name  # the folder `mtift corpus` built, not this machine's path
    (dest / "pretraining.json").write_text(json.dumps(record, indent=1) + "\n")
    size = sum(f.stat().st_size for f in dest.iterdir())
    print(f"shipped {run} to {dest}: {size / 2**20:.1f} MiB")

if __name__ == "__main__": ship(Path(sys.argv[1]), Path(__file__).parents[1] / "mtift" / "data" / "mini")
