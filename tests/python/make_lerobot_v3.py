"""A small LeRobot v3 dataset made the way LeRobot makes one, for tests/integration/lerobot-forms.test.ts.

Usage: make_lerobot_v3.py <root>   (prints a JSON summary on stdout)

How each part is written follows huggingface/lerobot @ 7427f31801f944f5ec9ce53cda02862ce7d1638b:
  * videos: one mp4 per episode encoded with PyAV and LeRobot's default encoder settings
    (src/lerobot/configs/video.py VideoEncoderConfig: libsvtav1, yuv420p, g=2, crf=30, preset
    LIBSVTAV1_DEFAULT_PRESET=12, svtav1-params fast-decode=0; datasets/video_utils.py
    encode_video_frames), then concatenated into videos/<key>/chunk-000/file-000.mp4 without
    re-encoding as datasets/video_utils.py concatenate_video_files does (an ffconcat list read
    with PyAV's concat demuxer, packets remuxed, movflags=faststart). from_timestamp of an
    episode is the summed duration of the episodes before it.
  * every picture is frame-coded (lib/demo/frame-code.ts layout: 16 blocks of 10 px along the
    top half, block b white when bit b is set) with its index in the concatenated file.
  * meta/tasks.parquet and meta/subtasks.parquet: pandas frames with the text as the index
    (datasets/io_utils.py write_tasks; subtasks as in b18cef2e2 "feat(dataset): add subtask
    support", docs/source/dataset_subtask.mdx).
  * data/chunk-000/file-000.parquet: index, episode_index, frame_index, timestamp (float32),
    task_index, subtask_index, and the v3.1 language columns built as
    annotations/steerable_pipeline/writer.py does: the persistent list broadcast to every frame
    of its episode, events only on the frame whose timestamp they carry, arrays inferred by
    pyarrow from Python lists (pa.array).
  * meta/episodes/chunk-000/file-000.parquet: pandas, with SARM dense_subtask_* columns for one
    episode (data_processing/sarm_annotations/subtask_annotation.py save_annotations_to_dataset:
    frames = int(t * fps), end exclusive).

Episode 0 has subtasks as subtask_index, episode 1 as language_persistent rows (and one
interjection event), episode 2 as SARM dense columns.
"""
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import av
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

FPS = 30
W, H = 160, 120
KEY = "observation.images.front"
LENGTHS = [40, 50, 30]
TASK = "wipe the table"
SUBTASKS = ["grasp the cloth", "wipe the table", "return the cloth"]


def picture(code: int) -> np.ndarray:
    img = np.full((H, W, 3), 128, dtype=np.uint8)
    for b in range(16):
        img[: H // 2, b * 10 : (b + 1) * 10, :] = 255 if (code >> b) & 1 else 0
    return img


def encode_episode(path: Path, first_code: int, n: int) -> None:
    options = {"g": "2", "crf": "30", "preset": "12", "svtav1-params": "fast-decode=0"}
    with av.open(str(path), "w") as output:
        stream = output.add_stream("libsvtav1", FPS, options=options)
        stream.pix_fmt = "yuv420p"
        stream.width = W
        stream.height = H
        for k in range(n):
            frame = av.VideoFrame.from_ndarray(picture(first_code + k), format="rgb24")
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)


def concatenate(inputs: list, out: Path) -> None:
    with tempfile.NamedTemporaryFile(mode="w", suffix=".ffconcat", delete=False) as f:
        f.write("ffconcat version 1.0\n")
        for p in inputs:
            f.write(f"file '{str(Path(p).resolve())}'\n")
        listing = f.name
    src = av.open(listing, mode="r", format="concat", options={"safe": "0"})
    tmp = str(out) + ".tmp.mp4"
    dst = av.open(tmp, mode="w", options={"movflags": "faststart"})
    streams = {}
    for s in src.streams:
        if s.type in ("video", "audio", "subtitle"):
            streams[s.index] = dst.add_stream_from_template(template=s, opaque=True)
            streams[s.index].time_base = s.time_base
    for packet in src.demux():
        if packet.stream.index not in streams or packet.dts is None:
            continue
        packet.stream = streams[packet.stream.index]
        dst.mux(packet)
    src.close()
    dst.close()
    shutil.move(tmp, out)
    os.unlink(listing)


def main() -> None:
    root = Path(sys.argv[1])
    (root / "meta/episodes/chunk-000").mkdir(parents=True, exist_ok=True)
    (root / "data/chunk-000").mkdir(parents=True, exist_ok=True)
    video_dir = root / "videos" / KEY / "chunk-000"
    video_dir.mkdir(parents=True, exist_ok=True)

    work = Path(tempfile.mkdtemp())
    parts = []
    first = 0
    for e, n in enumerate(LENGTHS):
        p = work / f"episode_{e}.mp4"
        encode_episode(p, first, n)
        parts.append(p)
        first += n
    concatenate(parts, video_dir / "file-000.mp4")
    shutil.rmtree(work)

    # LeRobot reads each episode's duration from its own file (get_video_duration_in_s); the
    # from_timestamp of episode e is the sum of the durations before it.
    starts, t = [], 0.0
    for n in LENGTHS:
        starts.append(t)
        t += n / FPS

    pd.DataFrame({"task_index": [0]}, index=pd.Index([TASK], name="task")).to_parquet(root / "meta/tasks.parquet")
    pd.DataFrame({"subtask_index": list(range(len(SUBTASKS)))}, index=pd.Index(SUBTASKS, name="subtask")).to_parquet(root / "meta/subtasks.parquet")

    # Subtasks per episode (episode-relative frames), in the three forms.
    ep0_subtask_index = [0] * 12 + [1] * 20 + [2] * 8  # 40 frames
    ep1_rows = [  # language_persistent, timestamps snapped to frame timestamps (float32)
        {"role": "user", "content": TASK, "style": "task_aug", "timestamp": 0.0, "camera": None, "tool_calls": None},
        {"role": "assistant", "content": "grasp the cloth", "style": "subtask", "timestamp": float(np.float32(3 / FPS)), "camera": None, "tool_calls": None},
        {"role": "assistant", "content": "1. wipe the table 2. return the cloth", "style": "plan", "timestamp": float(np.float32(20 / FPS)), "camera": None, "tool_calls": None},
        {"role": "assistant", "content": "wipe the table", "style": "subtask", "timestamp": float(np.float32(20 / FPS)), "camera": None, "tool_calls": None},
        {"role": "assistant", "content": "return the cloth", "style": "subtask", "timestamp": float(np.float32(41 / FPS)), "camera": None, "tool_calls": None},
    ]
    ep1_rows.sort(key=lambda r: (float(r["timestamp"]), r.get("style") or "", r.get("role") or ""))
    ep1_event = {"role": "user", "content": "use the other cloth", "style": "interjection", "camera": None, "tool_calls": None}
    ep2_dense = {"names": ["reach", "grasp", "wipe"], "start_times": [0.0, 0.3, 0.6], "end_times": [0.3, 0.6, 1.0]}

    cols = {k: [] for k in ["index", "episode_index", "frame_index", "timestamp", "task_index", "subtask_index"]}
    persistent, events = [], []
    g = 0
    for e, n in enumerate(LENGTHS):
        for f in range(n):
            cols["index"].append(g)
            cols["episode_index"].append(e)
            cols["frame_index"].append(f)
            cols["timestamp"].append(f / FPS)
            cols["task_index"].append(0)
            cols["subtask_index"].append(ep0_subtask_index[f] if e == 0 else None)
            persistent.append(ep1_rows if e == 1 else [])
            events.append([ep1_event] if e == 1 and f == 12 else [])
            g += 1
    table = pa.Table.from_arrays(
        [
            pa.array(cols["index"], pa.int64()),
            pa.array(cols["episode_index"], pa.int64()),
            pa.array(cols["frame_index"], pa.int64()),
            pa.array(cols["timestamp"], pa.float32()),
            pa.array(cols["task_index"], pa.int64()),
            pa.array(cols["subtask_index"], pa.int64()),
            pa.array(persistent),
            pa.array(events),
        ],
        names=["index", "episode_index", "frame_index", "timestamp", "task_index", "subtask_index", "language_persistent", "language_events"],
    )
    pq.write_table(table, root / "data/chunk-000/file-000.parquet")

    def dense(col: str, e: int):
        if e != 2:
            return None
        if col == "names":
            return ep2_dense["names"]
        if col in ("start_times", "end_times"):
            return ep2_dense[col]
        times = ep2_dense["start_times" if col == "start_frames" else "end_times"]
        return [int(x * FPS) for x in times]

    rows = []
    g = 0
    for e, n in enumerate(LENGTHS):
        row = {
            "episode_index": e,
            "tasks": [TASK],
            "length": n,
            "data/chunk_index": 0,
            "data/file_index": 0,
            "dataset_from_index": g,
            "dataset_to_index": g + n,
            f"videos/{KEY}/chunk_index": 0,
            f"videos/{KEY}/file_index": 0,
            f"videos/{KEY}/from_timestamp": starts[e],
            f"videos/{KEY}/to_timestamp": starts[e] + n / FPS,
            "meta/episodes/chunk_index": 0,
            "meta/episodes/file_index": 0,
        }
        for c in ["names", "start_times", "end_times", "start_frames", "end_frames"]:
            row[f"dense_subtask_{c}"] = dense(c, e)
        rows.append(row)
        g += n
    pd.DataFrame(rows).to_parquet(root / "meta/episodes/chunk-000/file-000.parquet")

    info = {
        "codebase_version": "v3.0",
        "robot_type": "so101_follower",
        "total_episodes": len(LENGTHS),
        "total_frames": sum(LENGTHS),
        "total_tasks": 1,
        "chunks_size": 1000,
        "data_files_size_in_mb": 100,
        "video_files_size_in_mb": 200,
        "fps": FPS,
        "splits": {"train": f"0:{len(LENGTHS)}"},
        "data_path": "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet",
        "video_path": "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4",
        "features": {
            KEY: {
                "dtype": "video",
                "shape": [H, W, 3],
                "names": ["height", "width", "channels"],
                "info": {"video.height": H, "video.width": W, "video.codec": "av1", "video.pix_fmt": "yuv420p", "video.is_depth_map": False, "video.fps": FPS, "video.channels": 3, "has_audio": False},
            },
            "timestamp": {"dtype": "float32", "shape": [1], "names": None},
            "frame_index": {"dtype": "int64", "shape": [1], "names": None},
            "episode_index": {"dtype": "int64", "shape": [1], "names": None},
            "index": {"dtype": "int64", "shape": [1], "names": None},
            "task_index": {"dtype": "int64", "shape": [1], "names": None},
            "subtask_index": {"dtype": "int64", "shape": [1], "names": None},
            "language_persistent": {"dtype": "language", "shape": [1], "names": None},
            "language_events": {"dtype": "language", "shape": [1], "names": None},
        },
    }
    (root / "meta/info.json").write_text(json.dumps(info, indent=4))

    # What LeRobot's loader shows for each row (video_utils.py decode_video_frames_pyav): the
    # decoded frame nearest to from_timestamp + timestamp, by pts * time_base; its code.
    with av.open(str(video_dir / "file-000.mp4")) as c:
        s = c.streams.video[0]
        decoded = [(float(fr.pts * s.time_base), fr.to_ndarray(format="gray")) for fr in c.decode(s)]
    codes = []
    for ts, gray in decoded:
        value = 0
        for b in range(16):
            patch = gray[H // 6 - 1 : H // 6 + 2, b * 10 + 4 : b * 10 + 7]
            if patch.mean() >= 128:
                value |= 1 << b
        codes.append((ts, value))
    lerobot = []
    for e, n in enumerate(LENGTHS):
        per = []
        for f in range(n):
            q = starts[e] + float(np.float32(f / FPS))
            dist, code = min((abs(ts - q), v) for ts, v in codes)
            per.append({"code": code, "gap": dist})
        lerobot.append(per)
    json.dump({"video": f"videos/{KEY}/chunk-000/file-000.mp4", "codec": s.codec_context.name, "lerobot": lerobot, "decoded": len(decoded)}, sys.stdout)


if __name__ == "__main__":
    main()
