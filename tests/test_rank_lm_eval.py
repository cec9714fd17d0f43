"""Rank classification (chapter 04b) against lm-evaluation-harness's `multiple_choice` tasks that `mtift lm-eval-tasks`
writes: the same log-likelihoods and the same option ranked first, example by example, for both model families."""
import json, os, subprocess, sys
from pathlib import Path
import numpy as np
import pytest

LM_EVAL = str(Path(sys.executable).parent / "lm_eval")

@pytest.mark.slow
@pytest.mark.parametrize("name,chat", [("tiny", False), ("tiny-llama", True), ("tiny-llama", False), ("tiny-gemma", False)])
def test_lm_eval_multiple_choice_ranks_as_mtift(name, chat, tmp_path):
    "chat_topic (18 options of different lengths) on 24 validation examples: lm-eval's loglikelihoods, acc and acc_norm equal mtift's."
    from mtift import sources  # noqa: F401
    from mtift.export import lm_eval_task
    from mtift.families import family
    from mtift.plm import load_model, load_tokenizer, resolve_model
    from mtift.scores import answer_task
    from mtift.tasks import get_task
    task, folder = get_task("chat_topic"), resolve_model(name)
    tok, model = load_tokenizer(folder, chat_template=chat), load_model(folder, device="cpu")
    written = lm_eval_task(task, tmp_path / "tasks", tok, split="validation", n=24, max_source=512)
    assert written["prompts_differ"] == written["sources_cut"] == 0  # lm-eval moves a cut prompt's trailing space into the options
    ours = answer_task(model, tok, task, task.splits()["validation"][:24], max_source=512)
    r = subprocess.run([LM_EVAL, "--model", "hf", "--model_args", f"pretrained={folder},{family(tok).lm_eval_args}",
                        "--tasks", written["name"], "--include_path", str(tmp_path / "tasks"), "--device", "cpu", "--batch_size", "16",
                        "--log_samples", "--output_path", str(tmp_path / "out")],
                       capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    samples = sorted((json.loads(l) for l in next((tmp_path / "out").glob("**/samples_*.jsonl")).read_text().splitlines()),
                     key=lambda s: s["doc_id"])
    theirs = np.array([[float(x[0]) for x in s["filtered_resps"]] for s in samples])
    mine = np.array([r["logliks"] for r in ours])
    # the chat template's turn ends in a newline, which lm-eval moves from the prompt to every option: the same constant
    # for each option of an example, so the differences between options, and the ranking, are what must agree
    np.testing.assert_allclose(theirs - theirs[:, :1], mine - mine[:, :1], atol=2e-3)
    if not chat: np.testing.assert_allclose(theirs, mine, atol=2e-3)
    assert [s["acc"] for s in samples] == [float(r["ranked"] == r["target"]) for r in ours]
    if not chat: assert [s["acc_norm"] for s in samples] == [float(r["ranked_norm"] == r["target"]) for r in ours]
