"""Writes reward-model output files the way their tools write them, for the import tests.

Reads a JSON spec on stdin:
  {"sarm": {"path": ..., "episodes": {"0": {"progress_sparse": [...], "progress_dense": [...]}, ...},
            "reward_model_path": ...},
   "npy": [{"path": ..., "values": [...], "dtype": "float32"}]}

sarm_progress.parquet: the writer block of compute_sarm_progress in huggingface/lerobot
src/lerobot/rewards/sarm/compute_rabc_weights.py @ 7427f31801f944f5ec9ce53cda02862ce7d1638b
(L649-675), line for line: int64 index/episode_index/frame_index, float32 heads (NaN where
inference failed), pandas sort by index, schema metadata {reward_model_path}, pq.write_table.
.npy: numpy.save of a float32 array, as robometer scripts/example_inference.py saves
<stem>_rewards.npy.
"""
import json
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

spec = json.load(sys.stdin)

sarm = spec.get("sarm")
if sarm:
    all_indices, all_episode_indices, all_frame_indices = [], [], []
    heads = {}
    index = 0
    for ep, cols in sarm["episodes"].items():
        n = len(next(iter(cols.values())))
        for f in range(n):
            all_indices.append(index)
            all_episode_indices.append(int(ep))
            all_frame_indices.append(f)
            index += 1
        for head, values in cols.items():
            heads.setdefault(head, []).extend(np.nan if v is None else v for v in values)
    table_data = {
        "index": np.array(all_indices, dtype=np.int64),
        "episode_index": np.array(all_episode_indices, dtype=np.int64),
        "frame_index": np.array(all_frame_indices, dtype=np.int64),
    }
    if "progress_sparse" in heads:
        table_data["progress_sparse"] = np.array(heads["progress_sparse"], dtype=np.float32)
    if "progress_dense" in heads:
        table_data["progress_dense"] = np.array(heads["progress_dense"], dtype=np.float32)
    df = pa.table(table_data).to_pandas()
    df = df.sort_values("index").reset_index(drop=True)
    final_table = pa.Table.from_pandas(df, preserve_index=False)
    metadata = {b"reward_model_path": sarm.get("reward_model_path", "user/sarm_single_uni4").encode()}
    final_table = final_table.replace_schema_metadata(metadata)
    pq.write_table(final_table, sarm["path"])
    # What a reader of the file sees, for the test to compare with (float32 values as doubles).
    print(json.dumps({"sarm": {h: [None if np.isnan(v) else float(v) for v in pq.read_table(sarm["path"]).column(h).to_numpy()] for h in heads}}))

for item in spec.get("npy", []):
    np.save(item["path"], np.array(item["values"], dtype=item.get("dtype", "float32")))

# numpy's own frame sampling, for the test to compare the import's mapping with.
out = {}
for item in spec.get("linspace", []):
    xs = np.linspace(0, item["length"] - 1, item["n"])
    out[f'{item["length"]}/{item["n"]}'] = {"rint": np.rint(xs).astype(int).tolist(), "int": np.linspace(0, item["length"] - 1, item["n"], dtype=int).tolist()}
if out:
    print(json.dumps({"linspace": out}))
