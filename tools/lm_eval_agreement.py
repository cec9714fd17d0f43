"""A run on rt_sentiment (SmolLM2 by default, or another decoder `mtift train` takes) scored three ways on the same test examples, example by example: mtift's rank
classification (`acc`: the option of highest log-likelihood, the adapter on its base), lm-evaluation-harness's
`multiple_choice` task with `peft=` (the command `mtift lm-eval-tasks` prints), and lm-evaluation-harness on the model
`mtift export` wrote; then the exported model's own ranking through mtift. The run trains first unless its folder
holds a finished run.

    python tools/lm_eval_agreement.py --run /tmp/smol-rt --out nbs/benchmarks/smollm2_lm_eval.json
    python tools/lm_eval_agreement.py --model gemma3-270m --chat-template false --run /tmp/gemma-rt --out nbs/benchmarks/gemma3_lm_eval.json
"""
import argparse, json, sys, time, warnings
from collections import Counter
from pathlib import Path

def harness(model_args:str, tasks:Path, batch_size:int, options)->tuple[float, list[str]]:
    "lm-eval's acc on mtift_rt_sentiment and the option it ranks first on each example, in the order of the examples."
    import lm_eval
    from lm_eval.tasks import TaskManager
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = lm_eval.simple_evaluate(model="hf", model_args=model_args, tasks=["mtift_rt_sentiment"], device="cpu",
                                      batch_size=batch_size, task_manager=TaskManager(include_path=str(tasks)), log_samples=True)
    samples = sorted(out["samples"]["mtift_rt_sentiment"], key=lambda s: s["doc_id"])
    top = lambda s: options[max(range(len(options)), key=lambda i: float(s["filtered_resps"][i][0]))]
    return out["results"]["mtift_rt_sentiment"]["acc,none"], [top(s) for s in samples]

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--run", required=True, help="the run's folder (trained here if it holds no finished run)")
    p.add_argument("--model", default="smollm2", help="model.name of the run")
    p.add_argument("--steps", type=int, default=40, help="training steps of the run")
    p.add_argument("--chat-template", default="true", help="data.chat_template of the run")
    p.add_argument("--examples", type=int, default=200, help="test examples")
    p.add_argument("--batch-size", type=int, default=32, help="lm-eval's batch size")
    p.add_argument("--out", help="JSON file for the figures")
    a = p.parse_args()
    from mtift.config import load_config
    from mtift.export import export_model, lm_eval_tasks
    from mtift.plm import load_tokenizer
    from mtift.scores import answer_task
    from mtift.train import train_run
    from mtift.trained import load_trained, trained_tasks
    from transformers import AutoModelForCausalLM
    run = Path(a.run)
    if not (run / "metrics.json").exists():
        train_run(load_config(sets=[f"model.name={a.model}", "tasks=[rt_sentiment]", f"data.chat_template={a.chat_template}", f"training.max_steps={a.steps}",
                                    "eval.examples=40", "eval.before=false", "training.disable_tqdm=true"]), run)
    written = lm_eval_tasks(run, run / "lm_eval_tasks", n=a.examples)
    adapted, tok, meta = load_trained(run)
    task = trained_tasks(run)[0][0]
    examples = task.splits(meta.split_seed)["test"][:a.examples]
    answers = lambda model, tok: [r["ranked"] for r in answer_task(model, tok, task, examples, meta.split_seed, meta.max_source,
                                                                       max_target=meta.max_target)]
    ours = answers(adapted, tok)
    targets = [task.render(e, seed=meta.split_seed)[1] for e in examples]
    exact = lambda xs: sum(x == t for x, t in zip(xs, targets)) / len(targets)
    command = next(iter(written["commands"].values()))
    peft_args = command.split("--model_args ")[1].split()[0]
    t = time.perf_counter(); on_peft, peft_answers = harness(peft_args, run / "lm_eval_tasks", a.batch_size, task.options); peft_s = time.perf_counter() - t
    exported = export_model(run, run / "exported", task="rt_sentiment")
    plain_answers = answers(AutoModelForCausalLM.from_pretrained(exported), load_tokenizer(str(exported)))
    export_args = f"pretrained={exported.resolve()}," + peft_args.split(",", 1)[1].rsplit(",peft=", 1)[0]
    t = time.perf_counter(); on_export, export_answers = harness(export_args, run / "lm_eval_tasks", a.batch_size, task.options); export_s = time.perf_counter() - t
    same = lambda xs: sum(x == y for x, y in zip(xs, ours))
    record = {"run": {"model": meta.model, "chat_template": meta.chat_template, "steps": a.steps, "task": "rt_sentiment"},
              "examples": len(examples), "prompts_differ": written["tasks"]["rt_sentiment"]["prompts_differ"],
              "answers": dict(Counter(ours).most_common()), "majority_label": max(Counter(targets).values()) / len(targets),
              "acc": {"mtift (adapter)": exact(ours), "exported model through mtift": exact(plain_answers),
                              "lm-eval peft=": on_peft, "lm-eval on the export": on_export},
              "rankings_equal_to_the_adapter's": {"exported model through mtift": same(plain_answers), "lm-eval peft=": same(peft_answers),
                                                 "lm-eval on the export": same(export_answers)},
              "lm_eval_seconds": {"peft=": round(peft_s), "export": round(export_s)}, "lm_eval_batch_size": a.batch_size,
              "lm_eval_command": command, "command": "python tools/lm_eval_agreement.py " + " ".join(sys.argv[1:])}
    print(json.dumps(record, indent=1))
    if a.out: Path(a.out).write_text(json.dumps(record, indent=1) + "\n")

if __name__ == "__main__": main()
