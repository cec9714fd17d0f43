#!/usr/bin/env bash
# Pretrain mini-gpu on one GPU with one command, within the 9 minutes an H200 is lent for: chapter 00b.
# Build the corpus on any machine first (`mtift corpus corpus`, about 80 s on a CPU) and bring it along
# (about 10 MB: documents, tokenizer, token ids). The weights land in $OUT/mini-gpu/model (bfloat16, about 30 MB:
# ship with `cp $OUT/mini-gpu/model/* $OUT/mini-gpu/pretraining.json mtift/data/mini/`).
# Not yet run on a GPU: the step count assumes about 10 steps of 256 rows a second; check tokens_per_s in
# pretraining.json after a first short run (`--steps 200`) and scale --steps to the time there is.
set -euo pipefail
corpus=${1:-corpus}
out=${OUT:-runs}/mini-gpu
mtift pretrain --corpus "$corpus" --output "$out" --size mini-gpu --steps "${STEPS:-4000}" --batch-size 256 \
  --learning-rate 3e-3 --warmup-steps 200 --eval-steps 500
