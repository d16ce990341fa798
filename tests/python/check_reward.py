"""Runs an export's own reward.py on its RL records, the way the trainers call it.

argv: <export dir>. For every primo-rl record (JSON list shards), easyr1 row (JSONL) and verl row
(parquet, read with pyarrow) it scores a set of completions against the record's answer with the
entry point that trainer uses (PRIMO GRPO accuracy_reward/format_reward in batches that mix
problem types, EasyR1 easyr1_compute_score, verl verl_compute_score) and prints, per format, the
list of {"answer", "completion", "reward", "format"} for the test to compare with lib/primo.
"""
import glob
import importlib.util
import json
import os
import sys

import pyarrow.parquet as pq

root = sys.argv[1]
spec = importlib.util.spec_from_file_location("reward", os.path.join(root, "reward.py"))
reward = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reward)

CHAIN = "<think><planning>p</planning><observation>o</observation><reasoning>r</reasoning></think><answer>{}</answer>"


def completions(answer):
    a = float(answer)
    return [CHAIN.format(answer), CHAIN.format(a + 10), CHAIN.format(f"{a:g}%"), "<answer>{}</answer>".format(a - 30), CHAIN.format("about half"), CHAIN.format(answer) + "\n"]


out = {"primo-rl": [], "easyr1": [], "verl": []}
for shard in sorted(glob.glob(os.path.join(root, "primo-rl", "*", "*.json"))):
    for rec in json.load(open(shard)):
        cs = completions(rec["solution"][len("<answer>"):-len("</answer>")])
        # One GRPO batch: the record's completions plus a boolean sample first, which the reference
        # would have used as the type of the whole batch.
        batch = [[{"content": "<answer>yes</answer>"}]] + [[{"content": c}] for c in cs]
        sols = ["<answer>yes</answer>"] + [rec["solution"]] * len(cs)
        types = ["boolean"] + [rec["problem_type"]] * len(cs)
        acc = reward.accuracy_reward(batch, sols, problem_type=types)
        fmt = reward.format_reward(batch)
        assert acc[0] == 1.0 and len(acc) == len(batch), acc
        out["primo-rl"] += [{"answer": rec["solution"], "completion": c, "reward": r, "format": f} for c, r, f in zip(cs, acc[1:], fmt[1:])]
for shard in sorted(glob.glob(os.path.join(root, "easyr1", "*", "*.jsonl"))):
    for line in open(shard):
        row = json.loads(line)
        for c in completions(row["answer"]):
            s = reward.easyr1_compute_score({"response": c, "ground_truth": row["answer"]})
            assert abs(s["overall"] - (0.5 * s["accuracy"] + 0.5 * s["format"])) < 1e-12
            out["easyr1"].append({"answer": row["answer"], "completion": c, "reward": s["accuracy"], "format": s["format"]})
for shard in sorted(glob.glob(os.path.join(root, "verl", "*", "*.parquet"))):
    for row in pq.read_table(shard).to_pylist():
        gt = row["reward_model"]["ground_truth"]
        for c in completions(gt):
            out["verl"].append({"answer": gt, "completion": c, "reward": reward.verl_compute_score(row["data_source"], c, gt, row.get("extra_info")), "format": reward.format_score(c)})
print(json.dumps(out))
