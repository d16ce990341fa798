"""Checks an exported LeRobot v3.0 folder the way lerobot reads it.

Usage: check_lerobot.py <dataset root>   (prints "lerobot check ok" and exits 0, else raises)

What is checked, against huggingface/lerobot @ 7427f31801f944f5ec9ce53cda02862ce7d1638b:
- every parquet is read with pyarrow; column names and Arrow types as lerobot's code writes and
  reads them:
    data/*/*.parquet: the per-frame `features` of meta/info.json, no more, no fewer
      (src/lerobot/datasets/feature_utils.py get_hf_features_from_features; an undeclared column
      fails the cast in io_utils.load_nested_dataset), defaults timestamp float32,
      frame_index/episode_index/index/task_index int64 (utils/constants.py DEFAULT_FEATURES)
    meta/episodes/*/*.parquet: episode_index, length, data/*, dataset_*_index, videos/<key>/*
      chunk/file int64 and from/to double, tasks list<string>
      (datasets/dataset_metadata.py, datasets/dataset_reader.py read these by name)
    SARM columns sparse_subtask_names list<string>, *_frames list<int64>, *_times list<double>
      (data_processing/sarm_annotations/subtask_annotation.py save_annotations_to_dataset)
    sarm_progress.parquet: index/episode_index/frame_index int64, progress_sparse float32,
      sorted by index (rewards/sarm/compute_rabc_weights.py; read by rewards/sarm/rabc.py)
- meta/tasks.parquet read with pandas gives the task strings as the index (io_utils.load_tasks)
- index is 0..total_frames-1; episode_index 0..N-1 in row order; each episode's rows are
  [dataset_from_index, dataset_to_index) with frame_index 0..length-1 and timestamp frame_index/fps
- the data loads with `datasets` using features built from info.json as lerobot does
- every frame k of every episode has a decoded video frame at from_timestamp + k/fps within
  lerobot's default tolerance_s = 1e-4 (lerobot_dataset.py), for every video key (PyAV)
"""
import json
import sys
from pathlib import Path

import datasets
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

TOL = 1e-4


def hf_features(features):
    """lerobot feature_utils.get_hf_features_from_features (language columns aside)."""
    out = {}
    for key, ft in features.items():
        if ft["dtype"] == "video":
            continue
        shape = tuple(ft["shape"])
        if ft["dtype"] == "image":
            out[key] = datasets.Image()
        elif shape == (1,):
            out[key] = datasets.Value(dtype=ft["dtype"])
        elif len(shape) == 1:
            out[key] = datasets.Sequence(length=shape[0], feature=datasets.Value(dtype=ft["dtype"]))
        elif len(shape) == 2:
            out[key] = datasets.Array2D(shape=shape, dtype=ft["dtype"])
        elif len(shape) == 3:
            out[key] = datasets.Array3D(shape=shape, dtype=ft["dtype"])
        else:
            raise ValueError(f"feature {key} has an unsupported shape {shape}")
    return datasets.Features(out)


def expect_type(table, name, typ, where):
    assert name in table.column_names, f"{where}: missing column {name!r} (has {table.column_names})"
    got = table.schema.field(name).type
    assert got == typ, f"{where}: column {name!r} is {got}, expected {typ}"


def fill(template, **values):
    return template.format(**values)


def main(root):
    root = Path(root)
    info = json.loads((root / "meta/info.json").read_text())
    assert info["codebase_version"] == "v3.0", info["codebase_version"]
    assert isinstance(info["fps"], int) and info["fps"] > 0, info["fps"]
    fps = info["fps"]
    for key in ["robot_type", "total_episodes", "total_frames", "total_tasks", "chunks_size", "data_files_size_in_mb", "video_files_size_in_mb", "splits", "data_path", "video_path", "features"]:
        assert key in info, f"info.json has no {key!r}"
    assert info["total_tasks"] >= 1
    features = info["features"]
    for k, ft in features.items():
        for field in ("dtype", "shape", "names"):
            assert field in ft, f"feature {k} has no {field!r}"
    video_keys = sorted(k for k, ft in features.items() if ft["dtype"] == "video")
    for k in video_keys:
        ft = features[k]
        assert ft["names"] == ["height", "width", "channels"], ft
        for f in ["video.height", "video.width", "video.codec", "video.pix_fmt", "video.fps", "video.channels", "has_audio", "is_depth_map" if "is_depth_map" in ft["info"] else "video.is_depth_map"]:
            assert f in ft["info"], f"{k} info has no {f!r}"
    assert features.get("subtask_index") == {"dtype": "int64", "shape": [1], "names": None}, features.get("subtask_index")
    assert json.loads((root / "meta/stats.json").read_text()) is not None

    # --- meta/tasks.parquet, meta/subtasks.parquet -------------------------------------------
    tasks = pd.read_parquet(root / "meta/tasks.parquet")
    assert list(tasks.columns) == ["task_index"], list(tasks.columns)
    assert all(isinstance(t, str) for t in tasks.index), tasks.index
    assert list(tasks["task_index"]) == list(range(len(tasks))), tasks
    assert len(tasks) == info["total_tasks"]
    tasks_pa = pq.read_table(root / "meta/tasks.parquet")
    expect_type(tasks_pa, "task_index", pa.int64(), "tasks.parquet")
    expect_type(tasks_pa, "task", pa.string(), "tasks.parquet")
    subtasks = pd.read_parquet(root / "meta/subtasks.parquet")
    assert list(subtasks.columns) == ["subtask_index"], list(subtasks.columns)
    assert list(subtasks["subtask_index"]) == list(range(len(subtasks)))
    task_of = {int(i): t for t, i in zip(tasks.index, tasks["task_index"])}

    # --- meta/episodes ---------------------------------------------------------------------
    ep_files = sorted((root / "meta/episodes").glob("*/*.parquet"))
    assert ep_files, "no meta/episodes parquet"
    eps = pa.concat_tables([pq.read_table(p) for p in ep_files])
    where = "meta/episodes"
    for c in ["episode_index", "length", "data/chunk_index", "data/file_index", "dataset_from_index", "dataset_to_index", "meta/episodes/chunk_index", "meta/episodes/file_index"]:
        expect_type(eps, c, pa.int64(), where)
    expect_type(eps, "tasks", pa.list_(pa.string()), where)
    for k in video_keys:
        for c in ["chunk_index", "file_index"]:
            expect_type(eps, f"videos/{k}/{c}", pa.int64(), where)
        for c in ["from_timestamp", "to_timestamp"]:
            expect_type(eps, f"videos/{k}/{c}", pa.float64(), where)
    for prefix in ["sparse_subtask_", "subtask_"]:
        expect_type(eps, f"{prefix}names", pa.list_(pa.string()), where)
        expect_type(eps, f"{prefix}start_frames", pa.list_(pa.int64()), where)
        expect_type(eps, f"{prefix}end_frames", pa.list_(pa.int64()), where)
        expect_type(eps, f"{prefix}start_times", pa.list_(pa.float64()), where)
        expect_type(eps, f"{prefix}end_times", pa.list_(pa.float64()), where)
    expect_type(eps, "outcome", pa.string(), where)
    expect_type(eps, "failure_reason", pa.string(), where)
    ep = eps.to_pylist()
    assert [e["episode_index"] for e in ep] == list(range(len(ep))), "episode_index must be 0..N-1 in row order"
    assert len(ep) == info["total_episodes"]
    assert sum(e["length"] for e in ep) == info["total_frames"]
    for e in ep:
        assert e["outcome"] in ("SUCCESS", "FAILURE", "UNSURE", "UNKNOWN"), e["outcome"]
        assert e["failure_reason"] is None or e["outcome"] == "FAILURE", e
        assert e["dataset_to_index"] - e["dataset_from_index"] == e["length"]
        assert all(t in set(task_of.values()) for t in e["tasks"]), e["tasks"]
        names = e["sparse_subtask_names"]
        if names is not None:
            s, t = e["sparse_subtask_start_frames"], e["sparse_subtask_end_frames"]
            assert len(s) == len(t) == len(names)
            assert all(0 <= a < b <= e["length"] for a, b in zip(s, t)), (s, t, e["length"])
            assert all(t[i] <= s[i + 1] for i in range(len(s) - 1)), (s, t)
            assert e["subtask_names"] == names
    # The episodes also load with `datasets` (io_utils.load_episodes: load_nested_dataset without features).
    datasets.Dataset.from_parquet([str(p) for p in ep_files])

    # --- data ------------------------------------------------------------------------------
    data_files = sorted((root / "data").glob("*/*.parquet"))
    assert data_files, "no data parquet"
    data = pa.concat_tables([pq.read_table(p) for p in data_files])
    frame_features = {k for k, ft in features.items() if ft["dtype"] != "video"}
    assert set(data.column_names) == frame_features, f"data columns {sorted(data.column_names)} != features {sorted(frame_features)}"
    expect_type(data, "timestamp", pa.float32(), "data")
    for c in ["frame_index", "episode_index", "index", "task_index", "subtask_index"]:
        expect_type(data, c, pa.int64(), "data")
    index = data.column("index").to_numpy()
    assert (index == np.arange(info["total_frames"])).all(), "index must be 0..total_frames-1 in row order"
    ep_col = data.column("episode_index").to_numpy()
    frame = data.column("frame_index").to_numpy()
    ts = data.column("timestamp").to_numpy()
    task = data.column("task_index").to_numpy()
    sub = data.column("subtask_index").to_numpy()
    assert ((sub >= -1) & (sub < len(subtasks))).all()
    for e in ep:
        a, b = e["dataset_from_index"], e["dataset_to_index"]
        assert (ep_col[a:b] == e["episode_index"]).all(), f"episode {e['episode_index']} rows {a}:{b}"
        assert (frame[a:b] == np.arange(e["length"])).all()
        assert np.allclose(ts[a:b], (np.arange(e["length"]) / fps).astype(np.float32), atol=1e-6)
        assert task_of[int(task[a])] == e["tasks"][0]
        # subtask_index agrees with the SARM columns (end frames exclusive).
        names = e["sparse_subtask_names"] or []
        want = np.full(e["length"], -1)
        sub_index = {s: i for i, s in enumerate(subtasks.index)}
        for name, s, t in zip(names, e["sparse_subtask_start_frames"] or [], e["sparse_subtask_end_frames"] or []):
            want[s:t] = sub_index[name]
        assert (sub[a:b] == want).all(), (e["episode_index"], sub[a:b], want)
    # lerobot's load: features from info.json, cast on load (no error allowed).
    ds = datasets.Dataset.from_parquet([str(p) for p in data_files], features=hf_features(features))
    assert len(ds) == info["total_frames"]
    ds[0]

    # --- temporal proportions, SARM progress ----------------------------------------------------
    prop_file = root / "meta/temporal_proportions_sparse.json"
    if prop_file.exists():
        props = json.loads(prop_file.read_text())
        assert abs(sum(props.values()) - 1) < 1e-9, props
        assert set(props) <= set(subtasks.index), props
    prog = pq.read_table(root / "sarm_progress.parquet")
    for c in ["index", "episode_index", "frame_index"]:
        expect_type(prog, c, pa.int64(), "sarm_progress.parquet")
    expect_type(prog, "progress_sparse", pa.float32(), "sarm_progress.parquet")
    assert (prog.column("index").to_numpy() == np.arange(info["total_frames"])).all()
    assert (prog.column("episode_index").to_numpy() == ep_col).all()
    p = prog.column("progress_sparse").to_numpy()
    assert ((p >= 0) & (p <= 1)).all()
    pd.read_parquet(root / "sarm_progress.parquet")

    # --- videos: a frame at from_timestamp + k/fps for every frame ------------------------------
    import av

    times = {}
    for e in ep:
        for k in video_keys:
            rel = fill(info["video_path"], video_key=k, chunk_index=e[f"videos/{k}/chunk_index"], file_index=e[f"videos/{k}/file_index"])
            if rel not in times:
                with av.open(str(root / rel)) as c:
                    s = c.streams.video[0]
                    times[rel] = np.array(sorted(float(f.pts * s.time_base) for f in c.decode(s)))
            t = times[rel]
            want = e[f"videos/{k}/from_timestamp"] + np.arange(e["length"]) / fps
            nearest = np.abs(t[np.clip(np.searchsorted(t, want), 0, len(t) - 1)] - want)
            prev = np.abs(t[np.clip(np.searchsorted(t, want) - 1, 0, len(t) - 1)] - want)
            off = np.minimum(nearest, prev)
            assert (off <= TOL).all(), f"{rel}: episode {e['episode_index']} frames {np.nonzero(off > TOL)[0][:5]} have no video frame within {TOL} s"
    print(f"lerobot check ok: {len(ep)} episodes, {info['total_frames']} frames, {len(video_keys)} video keys, {len(tasks)} tasks, {len(subtasks)} subtasks")


if __name__ == "__main__":
    main(sys.argv[1])
