"""What a finished run leaves behind, end to end: a quiet console, model cards, `mtift export`, TensorBoard scalars,
and lm-evaluation-harness scoring an adapter (`peft=`) and an exported model as `mtift eval` does."""
import csv, json, os, random, re, subprocess, sys
from pathlib import Path
import pytest

BIN = Path(sys.executable).parent
MTIFT, LM_EVAL = str(BIN / "mtift"), str(BIN / "lm_eval")
SHORT = ["training.max_steps=60", "training.eval_steps=30", "training.save_steps=60", "training.learning_rate=2e-3",
         "eval.examples=24", "data.max_validation_examples=16"]
# a Python warning as the warnings module prints it, and the tokenizer's and bitsandbytes' messages earlier runs printed
WARNING_LINE = re.compile(r"^\S+:\d+: \w*Warning: |Token indices sequence length|Failed to load CPU gemm_4bit|\bwarnings\.warn\(")

@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {**os.environ, "MTIFT_CACHE": str(tmp_path_factory.mktemp("cache")), "HF_HUB_OFFLINE": "1"}

def mtift(env, *args, timeout=600):
    r = subprocess.run([MTIFT, *args], capture_output=True, text=True, env=env, timeout=timeout)
    assert r.returncode == 0, r.stderr[-3000:]
    return r

@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    "A user's task from a JSON-lines file: the last of three words, two phrasings, exact match."
    folder, rng = tmp_path_factory.mktemp("spec"), random.Random(0)
    words = ("apple river stone cloud horse paper green music window garden silver bread summer candle forest ocean "
             "yellow doctor letter mountain").split()
    rows = [rng.sample(words, 3) for _ in range(400)]
    (folder / "last_word.jsonl").write_text("".join(json.dumps({"words": " ".join(r), "answer": r[-1]}) + "\n" for r in rows))
    (folder / "last_word.yaml").write_text(
        "name: last_word\ncategory: qa\ndata: last_word.jsonl\nfields: {words: str, answer: str}\nmetrics: [exact_match]\n"
        "templates:\n  - {instruction: 'Which word comes last?', input: '{words}', output: '{answer}'}\n"
        "  - {instruction: 'Repeat the last word.', input: '{words}', output: '{answer}'}\n")
    return folder / "last_word.yaml"

@pytest.fixture(scope="module")
def run(env, spec, tmp_path_factory):
    "A 4-bit (QLoRA) run on the spec task, logged for TensorBoard."
    out = tmp_path_factory.mktemp("runs") / "nf4"
    mtift(env, "train", "mini", "--set", f"tasks=[{{spec: {spec}}}]", *sum((["--set", s] for s in SHORT), []),
          "--set", "training.report_to=tensorboard", "--output", str(out))
    return out

@pytest.mark.slow
def test_default_run_console_has_no_warnings(env, tmp_path):
    "The default run (all built-in tasks), shortened: its captured console holds no Python warning and shows the cut table once."
    r = mtift(env, "train", "mini", *sum((["--set", s] for s in ["training.max_steps=4", "eval.examples=4", "eval.closed_examples=4", "data.max_validation_examples=4",
                                                         "training.eval_steps=4", "training.save_steps=4"]), []), "--output", str(tmp_path / "d"))
    console = (r.stdout + r.stderr).replace("\r", "\n").splitlines()
    warnings = [line for line in console if WARNING_LINE.search(line)]
    assert warnings == [], "\n".join(warnings[:10])
    assert sum(line.startswith("Cut to the limits") for line in console) == 1
    assert "docstring_summary" in r.stdout.split("Cut to the limits")[1].split("\n\n")[0]  # its long sources are counted there
    assert "What the limits cut" in (tmp_path / "d" / "report.md").read_text()

def test_model_cards(run):
    cards = {p.parent.name: p.read_text() for p in (run / "adapter").glob("**/README.md")}
    assert set(cards) == {"adapter", "last_word"}
    card = cards["last_word"]
    assert "[More Information Needed]" not in card and card.startswith("---\nlibrary_name: peft\nbase_model: mini\n")
    for needle in ("| last_word | qa | 2 |", '"Which word comes last?"', "sha256 `", "| last_word | exact_match |", "PeftModel.from_pretrained",
                   f"mtift generate --adapter {run}", "## Limits", "training:", "base.config.tie_word_embeddings = False"):
        assert needle in card, needle

def test_export_answers_as_the_adapter(env, run, tmp_path):
    "The exported model, loaded with transformers alone, answers the test split as the adapter on its 4-bit base does."
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from mtift.scores import answer_task, generation_limit
    from mtift.trained import load_trained, trained_tasks
    out = tmp_path / "exported"
    r = mtift(env, "export", str(run), "--task", "last_word", "--output", str(out))
    assert "lm_eval --model hf" in r.stdout and json.loads((out / "mtift-export.json").read_text())["dequantized_from"] == "nf4"
    adapted, tok, meta = load_trained(run)
    task = trained_tasks(run)[0][0]
    examples = task.splits(meta.split_seed)["test"]
    want = [a["prediction"] for a in answer_task(adapted, tok, task, examples, meta.split_seed, meta.max_source)]
    plain, plain_tok = AutoModelForSeq2SeqLM.from_pretrained(out, tie_word_embeddings=False), AutoTokenizer.from_pretrained(out)
    sources = [task.render(e, seed=meta.split_seed)[0] for e in examples]
    with torch.no_grad():
        ids = plain.generate(**plain_tok(sources, return_tensors="pt", padding=True), do_sample=False,
                             max_new_tokens=generation_limit(task, tok, meta.split_seed, meta.max_target))
    assert plain_tok.batch_decode(ids, skip_special_tokens=True) == want
    assert len(set(want)) > 1  # the adapter answers differently for different inputs, so equality tests something

def test_tensorboard_scalars(run):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    logs = EventAccumulator(str(run / "tensorboard")).Reload()
    tags = set(logs.Tags()["scalars"])
    assert {"train/loss/last_word", "train/weight/last_word", "eval/loss/last_word", "score/last_word"} <= tags
    summary = json.loads((run / "metrics.json").read_text())["tasks"]["last_word"]
    assert [(e.step, round(e.value, 4)) for e in logs.Scalars("score/last_word")] == [(0, round(summary["before"], 4)), (60, round(summary["after"], 4))]
    losses = [h for h in json.loads((run / "metrics.json").read_text())["training"]["log_history"] if "eval_loss/last_word" in h]
    assert [round(e.value, 4) for e in logs.Scalars("eval/loss/last_word")] == [round(h["eval_loss/last_word"], 4) for h in losses]

def _mtift_eval(env, out, *args)->float:
    mtift(env, "eval", *args, "--split", "test", "--examples", "200", "--output", str(out))
    rows = list(csv.DictReader(open(out / "eval.csv")))
    model = "tuned" if "--adapter" in args else "base"
    # eval.csv rounds to 4 decimals of a percent: 1e-6 of a fraction, far below one example (1/200)
    return next(float(r["value"]) for r in rows if r["task"] == "last_word" and r["model"] == model and r["metric"] == "exact_match") / 100

def _lm_eval(env, model_args:str, tasks:Path, out:Path)->float:
    r = subprocess.run([LM_EVAL, "--model", "hf", "--model_args", model_args, "--tasks", "mtift_last_word", "--include_path", str(tasks),
                        "--device", "cpu", "--batch_size", "32", "--output_path", str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads(next(out.glob("**/results_*.json")).read_text())
    return result["results"]["mtift_last_word"]["exact_match,strip"]

@pytest.mark.slow
def test_lm_eval_scores_the_adapter_as_mtift_eval(env, spec, tmp_path):
    "lm_eval with peft= on a trained adapter gets mtift eval's score on the same examples (the base unquantized in both)."
    run = tmp_path / "lora"
    mtift(env, "train", "mini", "--set", f"tasks=[{{spec: {spec}}}]", "--set", "model.quant=null", *sum((["--set", s] for s in SHORT), []),
          "--output", str(run))
    r = mtift(env, "lm-eval-tasks", str(run), "--output", str(tmp_path / "tasks"))
    command = r.stdout.split("adapter last_word:\n")[1].splitlines()[0]
    ours = _mtift_eval(env, tmp_path / "eval", "--adapter", str(run), "--tasks", str(run / "adapter" / "tasks" / "last_word.yaml"))
    theirs = _lm_eval(env, command.split("--model_args ")[1].split()[0], tmp_path / "tasks", tmp_path / "lm_eval")
    assert theirs == pytest.approx(ours, abs=1e-6) and 0 < ours

@pytest.mark.slow
def test_lm_eval_scores_the_exported_model_as_mtift_eval(env, run, tmp_path):
    out = tmp_path / "exported"
    mtift(env, "export", str(run), "--task", "last_word", "--output", str(out))
    mtift(env, "lm-eval-tasks", str(run), "--output", str(tmp_path / "tasks"))
    ours = _mtift_eval(env, tmp_path / "eval", "--adapter", str(run))
    theirs = _lm_eval(env, f"pretrained={out},backend=seq2seq,dtype=float32,tie_word_embeddings=False", tmp_path / "tasks", tmp_path / "lm_eval")
    assert theirs == pytest.approx(ours, abs=1e-6)
