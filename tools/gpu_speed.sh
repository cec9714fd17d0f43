#!/usr/bin/env bash
# The GPU half of speed round two (chapters 03d, 07 and 07b) in one command, for the next session lent a GPU.
# Each mtift bench line is JSON with its recipe's settings, the versions and the measured bf16 matmul rate
# (fraction_of_matmul beside mfu). Budget on an H200: about 8 minutes; the XL ablation comes first because it
# answers the most (what static shapes and compiled blocks buy against the host-bound 4-bit matmuls).
# Not yet run on a GPU: the CPU checks of every path pass (chapter 03d, tests/test_bench.py).
set -euo pipefail
out=${OUT:-runs}
export PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True
mtift bench --sizes xl --ablation --steps 6 --warmup 3 > "$out/xl-ablation.jsonl"
mtift bench --sizes xl --recipe mtift-bf16 --steps 6 --warmup 3 > "$out/xl-bf16.jsonl"
mtift bench --time-to-quality --budget 60 --eval-every 3 > "$out/gpu-time-to-quality.jsonl"
