"`mtift corpus` and `mtift pretrain` as a user runs them, at `micro` size: a killed run resumes to the same weights, bad input is refused."
import json, os, shutil, signal, subprocess, sys, time
from pathlib import Path
import pytest
from safetensors.torch import load_file

MTIFT = str(Path(sys.executable).parent / "mtift")
# the micro shape, 4 rows a step and a checkpoint every 10 steps: a run takes seconds
MICRO = ["--size", "micro", "--batch-size", "4", "--eval-steps", "10", "--warmup-steps", "5"]

@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {**os.environ, "MTIFT_CACHE": str(tmp_path_factory.mktemp("cache")), "HF_HUB_OFFLINE": "1"}

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    "A small corpus (the Rotten Tomatoes source, the sentiment task's held-out reviews left out) with a 1,024-piece tokenizer."
    from mtift.corpus import build_corpus, corpus_sources, count_tokens, train_tokenizer
    from mtift.tasks import get_task
    folder = tmp_path_factory.mktemp("corpus")
    table = build_corpus(folder, [s for s in corpus_sources() if s.name == "rt_reviews"], [get_task("rt_sentiment")])
    train_tokenizer(folder, 1024)
    count_tokens(folder, table)
    return folder

def pretrain(env, corpus, out, *args, steps=30):
    return subprocess.run([MTIFT, "pretrain", "--corpus", str(corpus), "--output", str(out), *MICRO, "--steps", str(steps), *args],
                          capture_output=True, text=True, env=env, timeout=600)

@pytest.mark.slow
def test_pretrain_learns_and_saves_a_loadable_model(env, corpus, tmp_path):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    run = pretrain(env, corpus, tmp_path / "run")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "held-out span-corruption loss" in run.stdout and "tokens/s" in run.stdout
    s = json.loads((tmp_path / "run" / "pretraining.json").read_text())
    assert s["steps"] == 30 and s["tokens_seen"] == 30 * 4 * (128 + 29)
    assert s["validation_loss"] < s["random_weights_validation_loss"] - 1, s  # 30 steps already beat random weights
    assert (tmp_path / "run" / "plots" / "loss.png").stat().st_size > 5000
    model = AutoModelForSeq2SeqLM.from_pretrained(tmp_path / "run" / "model")
    tok = AutoTokenizer.from_pretrained(tmp_path / "run" / "model")
    assert model.config.d_model == 64 and not model.config.scale_decoder_outputs and len(tok) == 1024  # T5 v1.1 unscaled outputs
    assert (model.lm_head.weight - model.shared.weight).abs().max() > 0  # an LM head of its own, as in FLAN-T5

@pytest.mark.slow
def test_killed_pretraining_resumes_to_the_same_weights(env, corpus, tmp_path):
    whole = pretrain(env, corpus, tmp_path / "whole", steps=60)
    assert whole.returncode == 0, whole.stderr[-3000:]
    killed = subprocess.Popen([MTIFT, "pretrain", "--corpus", str(corpus), "--output", str(tmp_path / "killed"), *MICRO,
                               "--steps", "60"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while not (tmp_path / "killed" / "checkpoint-20").exists():
        assert killed.poll() is None and time.time() < deadline, "the run ended before its second checkpoint"
        time.sleep(0.02)
    killed.send_signal(signal.SIGKILL); killed.wait()
    assert not (tmp_path / "killed" / "model").exists(), "the kill came too late to interrupt the run"
    for ckpt in (tmp_path / "killed").glob("checkpoint-*"):  # atomic: every checkpoint folder is whole
        assert (ckpt / "model.safetensors").exists() and (ckpt / "trainer_state.json").exists(), ckpt
    resumed = pretrain(env, corpus, tmp_path / "killed", "--resume", steps=60)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    a, b = (load_file(tmp_path / r / "model" / "model.safetensors") for r in ("whole", "killed"))
    assert a.keys() == b.keys() and max((a[k].float() - b[k].float()).abs().max().item() for k in a) == 0
    sessions = json.loads((tmp_path / "killed" / "pretraining.json").read_text())["sessions"]
    assert sessions[0]["from_step"] >= 20 and sessions[0]["to_step"] == 60  # the resumed session started from a checkpoint

@pytest.mark.slow
def test_resume_refuses_other_settings(env, corpus, tmp_path):
    assert pretrain(env, corpus, tmp_path / "r", steps=10).returncode == 0
    again = pretrain(env, corpus, tmp_path / "r", "--resume", "--learning-rate", "0.01", steps=10)
    assert again.returncode == 1 and "differs from the run" in again.stderr and "learning_rate" in again.stderr

@pytest.mark.slow
@pytest.mark.parametrize("args, message", [
    (["--size", "huge"], "size 'huge': use one of micro, mini, mini-gpu"),
    (["--dim", "d_model=0"], "d_model=0: each must be a positive whole number"),
    (["--dim", "layers=2"], "model size field 'layers' is not one of"),
    (["--dim", "num_layers=two"], "write KEY=NUMBER"),
    (["--batch-size", "0"], "must be positive"),
])
def test_bad_sizes_are_refused(env, corpus, tmp_path, args, message):
    r = pretrain(env, corpus, tmp_path / "bad", *args)
    assert r.returncode == 1 and message in r.stderr, r.stderr[-2000:]

def test_missing_corpus_says_how_to_build_one(env, tmp_path):
    r = subprocess.run([MTIFT, "pretrain", "--corpus", str(tmp_path / "nowhere"), "--output", str(tmp_path / "o"), *MICRO],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1 and "no train.bin" in r.stderr and "mtift corpus" in r.stderr, r.stderr[-2000:]

def test_tokenizer_without_sentinels_is_refused(env, corpus, tmp_path):
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast
    bad = tmp_path / "corpus"
    shutil.copytree(corpus, bad)
    shutil.rmtree(bad / "tokenizer")
    words = Tokenizer(models.WordLevel({"<pad>": 0, "</s>": 1, "<unk>": 2, "film": 3}, unk_token="<unk>"))
    PreTrainedTokenizerFast(tokenizer_object=words, pad_token="<pad>", eos_token="</s>", unk_token="<unk>").save_pretrained(bad / "tokenizer")
    r = pretrain(env, bad, tmp_path / "o")
    assert r.returncode == 1 and "no <extra_id_0>...<extra_id_99> sentinels" in r.stderr, r.stderr[-2000:]
