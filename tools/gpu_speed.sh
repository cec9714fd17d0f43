#!/usr/bin/env bash
# Chapters 03d, 07 and 07b's GPU figures in one command, for a session that has a GPU: the step `mtift train` runs, timed
# by `mtift bench` on the two offline decoders (each recipe in a process of its own, bfloat16 as a GPU trains), then
# time to quality with `mini`. Each line is JSON with its settings, the versions and the bf16 matmul rate read before
# and after the run (fraction_of_matmul beside mfu). Budget on an H100: about 8 minutes.
# Not yet run on a GPU: the CPU checks of every path pass (chapter 07, tests/test_bench.py).
set -euo pipefail
out=${OUT:-runs}
export PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True
mtift bench --model smollm2 --ablation --steps 10 --warmup 3 --set training.bf16=true > "$out/smollm2-ablation.jsonl"
mtift bench --model smollm2 --steps 10 --warmup 3 --set training.bf16=true --set data.max_tokens=65536 > "$out/smollm2-65k.jsonl"
mtift bench --model gemma3-270m --ablation --steps 10 --warmup 3 --set training.bf16=true > "$out/gemma3-ablation.jsonl"
mtift bench --time-to-quality --budget 60 --eval-every 3 > "$out/gpu-time-to-quality.jsonl"
