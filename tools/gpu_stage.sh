#!/usr/bin/env bash
# What tools/gpu_versus.sh needs on a device machine, which has PyTorch but not mtift's other packages, and no network:
# the wheels of the versions installed here (for the device's Python 3.12) in .whl/ (26 MB), and SmolLM2's GGUF file (98 MB)
# cut in three, .gpu/1 to .gpu/3: one device call carries at most 64 MiB, the repo's 30 MB included. Run once, here.
set -euo pipefail
mkdir -p .whl .gpu/1 .gpu/2 .gpu/3
gguf=$(python -c "from mtift.families import smollm2_gguf; print(smollm2_gguf())")
split -n 3 -d "$gguf" .gpu/part.
for k in 1 2 3; do mv .gpu/part.0$((k - 1)) .gpu/$k/; done
pins=$(python - <<'PY'
from importlib.metadata import version
names = ("transformers huggingface_hub httpx2 httpcore2 truststore kernels tomlkit trl datasets dill multiprocess evaluate "
         "peft accelerate gguf pydantic pydantic_core annotated-types typing-inspection fastcore tokenizers").split()
print(" ".join(f"{n}=={version(n)}" for n in names))
PY
)
python -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp --platform manylinux_2_28_x86_64 \
  --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl $pins
du -sh .whl .gpu/*
