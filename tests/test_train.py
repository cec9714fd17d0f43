"`mtift train` as a user runs it: a run killed with SIGKILL and resumed, a two-process data-parallel run, bad configs."
import json, os, random, signal, subprocess, sys, time
from pathlib import Path
import pytest
from safetensors.torch import load_file

MTIFT = str(Path(sys.executable).parent / "mtift")
ACCELERATE = str(Path(sys.executable).parent / "accelerate")
# The tiny model, two small tasks, short sequences and frequent checkpoints: a run takes seconds, not minutes.
SMALL = ["model.name=tiny", "tasks=[rt_sentiment,chat_topic]", "data.max_train_examples=300", "data.max_source=96", "data.max_target=16",
         "data.max_validation_examples=16", "eval.examples=4", "eval.closed_examples=4", "training.max_steps=24", "training.save_steps=4",
         "training.eval_steps=12", "training.logging_steps=4", "training.per_device_train_batch_size=8",
         "training.save_total_limit=3", "training.disable_tqdm=true"]

@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {**os.environ, "MTIFT_CACHE": str(tmp_path_factory.mktemp("cache")), "HF_HUB_OFFLINE": "1"}

def sets(extra=()): return [a for s in [*SMALL, *extra] for a in ("--set", s)]

def train(env, out, *args):
    return subprocess.run([MTIFT, "train", "mini", *sets(), "--output", str(out), *args], capture_output=True, text=True, env=env, timeout=600)

def adapters(folder:Path)->dict:
    "Every adapter weight a run saved, by adapter and name."
    return {f"{f.parent.name}/{k}": v for f in sorted(folder.glob("*/adapter_model.safetensors")) for k, v in load_file(f).items()}

ADAPTIVE = ["mixing.adapt=learning_progress", "mixing.adapt_every=4"]  # chapter 03e: an update every 4 steps, so checkpoints fall between and on updates

@pytest.mark.parametrize("model", [[], ["model.name=tiny-llama", "lora.modules_to_save=[]"], ADAPTIVE], ids=["t5", "llama", "t5-adaptive-mix"])
@pytest.mark.slow
def test_killed_run_resumes_to_the_same_weights(env, tmp_path, model):
    whole = train(env, tmp_path / "whole", *sets(model)[len(sets()):])
    assert whole.returncode == 0, whole.stderr[-3000:]
    killed = subprocess.Popen([MTIFT, "train", "mini", *sets(model), "--output", str(tmp_path / "killed")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while not (tmp_path / "killed" / "checkpoint-8").exists():
        assert killed.poll() is None and time.time() < deadline, "the run ended before its second checkpoint"
        time.sleep(0.05)
    # somewhere in the steps after it, maybe in the middle of a save: the 16 steps left take about 1.4 s on 2 cores
    time.sleep(random.Random(0).uniform(0, 0.5))
    killed.send_signal(signal.SIGKILL); killed.wait()
    assert killed.returncode == -signal.SIGKILL
    assert not (tmp_path / "killed" / "adapter").exists(), "the kill came too late to interrupt the run"
    for ckpt in (tmp_path / "killed").glob("checkpoint-*"):  # atomic: every checkpoint folder is whole
        assert (ckpt / "mtift_state.pt").exists() and (ckpt / "trainer_state.json").exists(), ckpt
    resumed = train(env, tmp_path / "killed", *sets(model)[len(sets()):], "--resume")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    a, b = adapters(tmp_path / "whole" / "adapter"), adapters(tmp_path / "killed" / "adapter")
    assert a.keys() == b.keys() and len(a) > 0
    assert max((a[k] - b[k]).abs().max().item() for k in a) <= 1e-6
    mixes = [json.loads((tmp_path / r / "metrics.json").read_text())["mixing"] for r in ("whole", "killed")]
    if model == ADAPTIVE:  # the resumed run probed and mixed as the whole run did
        assert [h["step"] for h in mixes[0]["history"]] == [h["step"] for h in mixes[1]["history"]] == list(range(0, 24, 4))
        for x, y in zip(mixes[0]["history"], mixes[1]["history"]):
            assert max(abs(x["rates"][k] - y["rates"][k]) for k in x["rates"]) <= 1e-9, (x, y)
    else: assert mixes == [None, None]

@pytest.mark.slow
def test_resume_refuses_a_different_config(env, tmp_path):
    first = subprocess.run([MTIFT, "train", "mini", *sets(["training.max_steps=4"]), "--output", str(tmp_path / "r")],
                           capture_output=True, text=True, env=env, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    again = subprocess.run([MTIFT, "train", "mini", *sets(["training.max_steps=8", "lora.r=4"]), "--output", str(tmp_path / "r"), "--resume"],
                           capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 1
    assert "the config differs from the run" in again.stderr and "lora.r" in again.stderr and "training.max_steps" in again.stderr

@pytest.mark.parametrize("model", [[], ["model.name=tiny-llama"], ADAPTIVE], ids=["t5", "llama", "t5-adaptive-mix"])
@pytest.mark.slow
def test_two_processes_train_on_different_batches(env, tmp_path, model):
    out = tmp_path / "ddp"
    # `accelerate launch --cpu` starts one process (several need mpirun); its multi-process launcher (torchrun) runs
    # CPU processes talking over gloo when model.device is cpu
    r = subprocess.run([ACCELERATE, "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1", "--mixed_precision", "no",
                        "--dynamo_backend", "no", MTIFT, "train", *sets(["training.max_steps=8", "model.device=cpu", *model]), "--output", str(out)],
                       capture_output=True, text=True, env={**env, "OMP_NUM_THREADS": "1"}, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (out / "adapter" / "mtift.yaml").exists() and (out / "report.md").exists()
    logs = [(out / "batches" / f"rank-{k}.txt").read_text().splitlines() for k in (0, 1)]
    seen = [[tuple(line.split()[1:]) for line in log if not line.startswith("#")] for log in logs]
    assert len(seen[0]) == len(seen[1]) == 8
    assert set(seen[0]).isdisjoint(seen[1]), "both processes trained on the same batch"
    mixed = [[line for line in log if line.startswith("# mix")] for log in logs]  # each process's rates, to the last digit
    assert mixed[0] == mixed[1] and len(mixed[0]) == (2 if model == ADAPTIVE else 0), mixed

@pytest.mark.slow
@pytest.mark.parametrize("bad, message", [
    ("lora.rank=8", "unknown key lora.'rank'; valid keys of lora: r, alpha"),
    ("lora.layuot=per_task", "unknown key lora.'layuot' (did you mean 'layout'?)"),
    ("mixing.strategy=proportionate", "mixing.strategy: 'proportionate' is not one of proportional, equal"),
    ("training.max_stepz=5", "unknown key training.'max_stepz'"),
    ("tasks=[no_such_task]", "no task named 'no_such_task'")])
def test_bad_config_names_the_key(env, tmp_path, bad, message):
    r = subprocess.run([MTIFT, "train", "--set", bad, "--output", str(tmp_path / "x")], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 1 and message in r.stderr and "Traceback" not in r.stderr, r.stderr[-2000:]

def test_bad_config_file_names_file_and_key(env, tmp_path):
    (tmp_path / "run.yaml").write_text("lora:\n  r: 8\n  layuot: per_task\n")
    r = subprocess.run([MTIFT, "train", str(tmp_path / "run.yaml"), "--print-config"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 1 and f"{tmp_path / 'run.yaml'}: unknown key lora.'layuot' (did you mean 'layout'?)" in r.stderr

@pytest.mark.slow
def test_non_finite_loss_stops_the_run(env, tmp_path):
    r = train(env, tmp_path / "nan", "--set", "training.learning_rate=1e6", "--set", "training.max_grad_norm=0")
    assert r.returncode == 1, r.stderr[-2000:]
    assert "mtift train: error: non-finite loss at step" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "nan" / "adapter").exists()

def test_print_config_is_the_default_run(env):
    r = subprocess.run([MTIFT, "train", "--print-config"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0
    import yaml
    from mtift.config import default_config
    assert yaml.safe_load(r.stdout) == default_config()

@pytest.mark.slow
def test_generate_with_the_trained_adapter(env, tmp_path):
    assert train(env, tmp_path / "g", "--set", "training.max_steps=8", "--set", "training.logging_steps=10").returncode == 0
    assert "8 steps in" in (report := (tmp_path / "g" / "report.md").read_text())  # and a run too short to log a loss says so
    assert "no training loss logged (every 10 steps)" in report and "nan" not in report.split("\n\n")[1]
    review = "Instruction: Is this movie review positive or negative?\nInput: A warm and funny film.\nOPTIONS:\n- positive\n- negative\nOutput:"
    no_task = subprocess.run([MTIFT, "generate", "--adapter", str(tmp_path / "g"), review], capture_output=True, text=True, env=env, timeout=300)
    assert no_task.returncode == 1 and "name the task with --task (rt_sentiment, chat_topic)" in no_task.stderr
    r = subprocess.run([MTIFT, "generate", "--adapter", str(tmp_path / "g"), "--task", "rt_sentiment", review],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert len(r.stdout.splitlines()) == 1

def test_packed_training_learns_every_task(env, tmp_path):
    r = subprocess.run([MTIFT, "train", "mini", *sets(["data.packing=true", "training.max_steps=12", "training.save_steps=12"]),
                        "--output", str(tmp_path / "packed")], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    logs = json.loads((tmp_path / "packed" / "metrics.json").read_text())["training"]["log_history"]
    assert all(any(f"loss/{t}" in h for h in logs) for t in ("rt_sentiment", "chat_topic"))
    losses = [h["loss"] for h in logs if "loss" in h]
    assert losses[-1] < losses[0]

@pytest.mark.slow
def test_compiled_steps_learn_as_eager_steps(env, tmp_path):
    "`model.compile_blocks` (chapter 03f): a float32 run's losses as without it, with per-task adapters, then scored and reported as usual."
    losses, compiled_code = {}, {}
    for compiled in ("false", "true"):
        extra = ["model.name=tiny-llama", "lora.modules_to_save=[]", "training.bf16=false", "training.max_steps=8", f"model.compile_blocks={compiled}"]
        inductor = tmp_path / f"inductor-{compiled}"  # where Inductor writes the code it generates: empty unless the run compiled
        r = subprocess.run([MTIFT, "train", "mini", *sets(extra), "--output", str(tmp_path / compiled)], capture_output=True, text=True,
                           env={**env, "TORCHINDUCTOR_CACHE_DIR": str(inductor)}, timeout=600)
        assert r.returncode == 0, r.stderr[-3000:]
        metrics = json.loads((tmp_path / compiled / "metrics.json").read_text())
        losses[compiled] = [h["loss"] for h in metrics["training"]["log_history"] if "loss" in h]
        compiled_code[compiled] = inductor.exists() and any(inductor.rglob("*.py"))
    assert compiled_code == {"false": False, "true": True}
    assert losses["true"] == pytest.approx(losses["false"], rel=1e-3)

def test_print_schema_checks_configs_as_an_editor_does(env):
    import jsonschema
    from mtift.config import default_config
    r = subprocess.run([MTIFT, "train", "--print-schema"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    schema = json.loads(r.stdout)
    assert list(schema["properties"]) == list(default_config())
    jsonschema.validate(default_config(), schema)
    bad = default_config(); bad["lora"]["layout"] = "per-task"
    with pytest.raises(jsonschema.ValidationError, match="per-task"): jsonschema.validate(bad, schema)
