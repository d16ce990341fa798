"""Loads an exported release with Hugging Face `datasets`, as a trainer would, and checks that
every image and clip shows the frame its record names.

Usage: check_export.py <export dir> <json {episode_key: start_frame_in_file}>
Prints one JSON object: per format and split the rows loaded and frames checked. Exits 1 with a
message on the first mismatch. The clips of the export come from frame-coded test videos:
each frame shows its index inside the file as 16 black/white blocks (lib/demo/frame-code.ts).
"""
import io
import json
import os
import sys

import av
from datasets import load_dataset
from PIL import Image

root, starts_json = sys.argv[1], sys.argv[2]
starts = json.loads(starts_json)
manifest = json.load(open(os.path.join(root, "manifest.json")))


def code_of(img):
    """The frame index drawn into an image (PIL), read as decodeFrameIndex does."""
    img = img.convert("RGB")
    w, h = img.size
    bw, band = w // 16, h // 3
    px = img.load()
    r = 1 if bw >= 6 and band >= 6 else 0
    index = 0
    for b in range(16):
        x, y = b * bw + bw // 2, band // 2
        vals = [sum(px[x + dx, y + dy]) / 3 for dy in range(-r, r + 1) for dx in range(-r, r + 1) if 0 <= x + dx < w and 0 <= y + dy < h]
        if sum(vals) / len(vals) >= 128:
            index += 2**b
    return index


def image_at(rel):
    return Image.open(os.path.join(root, rel))


def clip_codes(src):
    container = av.open(src)
    codes = [code_of(f.to_image()) for f in container.decode(video=0)]
    container.close()
    return codes


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def expect(cond, msg):
    if not cond:
        fail(msg)


def provenance(fmt):
    out = {}
    d = os.path.join(root, "provenance", fmt)
    for dirpath, _, files in os.walk(d):
        for f in files:
            if f.endswith(".jsonl"):
                for line in open(os.path.join(dirpath, f)):
                    p = json.loads(line)
                    out[p["id"]] = p
    return out


def provenance_in_order(fmt, split):
    d = os.path.join(root, "provenance", fmt, split)
    out = []
    if os.path.isdir(d):
        for f in sorted(os.listdir(d)):
            if f.endswith(".jsonl"):
                out += [json.loads(line) for line in open(os.path.join(d, f))]
    return out


def check_frame(img, prov, frame, what):
    want = starts[prov["episode_key"]] + frame
    got = code_of(img)
    expect(got == want, f"{what}: shows file frame {got}, expected {want} ({prov['id']})")


def check_video(video, prov, what):
    want = [starts[prov["episode_key"]] + f for f in prov["video_frames"]]
    if isinstance(video, str):
        got = clip_codes(os.path.join(root, video))
    else:
        got = [code_of(image_at(p)) for p in video]
    expect(got == want, f"{what}: V_seq shows {got}, expected {want} ({prov['id']})")


report = {}
# Every config the card's YAML names is one `datasets.load_dataset(folder, name)` reads; the
# formats it does not name are read as their trainer reads them (verl: the parquet builder).
import re
configs = re.findall(r"^- config_name: (\S+)$", open(os.path.join(root, "README.md")).read(), re.M)
webdataset = manifest["config"]["layout"] == "webdataset"
for fmt in manifest["config"]["formats"]:
    splits = manifest["counts"].get(fmt, {})
    if not splits:
        continue
    if fmt not in configs:
        expect(fmt == "verl", f"{fmt}: the dataset card names no config for it")
        # As verl loads its data: the parquet builder over the shard files.
        ds = load_dataset("parquet", data_files={s: os.path.join(root, "verl", s, "*.parquet") for s in splits})
    else:
        ds = load_dataset(root, fmt)
    prov = provenance(fmt)
    for split, n in splits.items():
        rows = ds[split]
        expect(len(rows) == n, f"{fmt}/{split}: {len(rows)} rows loaded, manifest says {n}")
        checked = 0
        ordered = provenance_in_order(fmt, split)
        tar = webdataset and any(f.endswith(".tar") for _, _, fs in os.walk(os.path.join(root, fmt)) for f in fs)
        for row in rows:
            if tar:
                rec = row["json"]
                p = rec.get("provenance") or prov[rec.get("problem_id") or rec.get("id") or rec["extra_info"]["id"]]
                if "curr.jpg" in row:
                    check_frame(row["curr.jpg"], p, p["query_frame"], f"{fmt} curr.jpg")
                    check_frame(row["init.jpg"], p, 0, f"{fmt} init.jpg")
                    if "vseq.mp4" in row and row["vseq.mp4"] is not None:
                        data = row["vseq.mp4"]
                        data = data if isinstance(data, (bytes, bytearray)) else data.get("bytes") if isinstance(data, dict) else None
                        if data is not None:
                            got = clip_codes(io.BytesIO(data))
                            want = [starts[p["episode_key"]] + f for f in p["video_frames"]]
                            expect(got == want, f"{fmt} vseq.mp4 shows {got}, expected {want}")
                else:
                    shown = p["frames_shown"]
                    check_frame(row["init.jpg"], p, shown[0], f"{fmt} init.jpg")
                    if "frame.jpg" in row:
                        check_frame(row["frame.jpg"], p, shown[-1], f"{fmt} frame.jpg")
                    else:
                        check_frame(row["first.jpg"], p, shown[1], f"{fmt} first.jpg")
                        check_frame(row["second.jpg"], p, shown[2], f"{fmt} second.jpg")
                checked += 1
                continue
            if fmt in ("primo-rl", "primo-sft", "benchmark"):
                p = prov[row["problem_id"]]
                check_frame(image_at(row["current_frame_path"]), p, p["query_frame"], f"{fmt} current_frame_path")
                check_frame(image_at(row["init_frame_path"]), p, 0, f"{fmt} init_frame_path")
                check_video(row["path"], p, f"{fmt} path")
                expect(row["solution"].startswith("<answer>"), f"{fmt}: solution {row['solution']!r}")
            elif fmt == "easyr1":
                # EasyR1 reads images OR videos: I_init, the V_seq frames and I_curr as images, or the clip alone.
                p = ordered[checked]
                if "images" in row and row["images"] is not None:
                    expect(row.get("videos") is None, f"easyr1: a row with images and videos {row}")
                    frames = [0] + p["video_frames"] + [p["query_frame"]]
                    expect(len(row["images"]) == len(frames), f"easyr1: {len(row['images'])} images for {len(frames)} frames")
                    expect(row["prompt"].count("<image>") == len(frames) and "<video>" not in row["prompt"], "easyr1: tags")
                    for i, (img, f) in enumerate(zip(row["images"], frames)):
                        check_frame(image_at(img), p, f, f"easyr1 images[{i}]")
                else:
                    expect(row["prompt"].count("<video>") == 1 and "<image>" not in row["prompt"], "easyr1: tags")
                    check_video(row["videos"][0], p, "easyr1 videos[0]")
            elif fmt in ("llamafactory", "ms-swift"):
                # These records carry no id: their provenance sidecar lines are in the same order.
                p = ordered[checked]
                expect(len(row["images"]) == 2 and len(row["videos"]) == 1, f"{fmt}: images/videos {row['images']} {row['videos']}")
                check_frame(image_at(row["images"][0]), p, 0, f"{fmt} images[0]")
                check_frame(image_at(row["images"][1]), p, p["query_frame"], f"{fmt} images[1]")
                check_video(row["videos"][0], p, f"{fmt} videos[0]")
            elif fmt == "verl":
                p = prov[row["extra_info"]["id"]]
                check_frame(image_at(row["images"][1]["image"]), p, p["query_frame"], "verl images[1]")
                check_frame(image_at(row["images"][0]["image"]), p, 0, "verl images[0]")
                check_video(row["videos"][0]["video"], p, "verl videos[0]")
                expect(row["reward_model"]["style"] == "rule", "verl reward_model.style")
            elif fmt.startswith("lrm-"):
                p = row["provenance"]
                shown = p["frames_shown"]
                check_frame(image_at(row["init_image"]), p, shown[0], f"{fmt} init_image")
                if fmt == "lrm-contrastive":
                    check_frame(image_at(row["images"][0]), p, shown[1], f"{fmt} images[0]")
                    check_frame(image_at(row["images"][1]), p, shown[2], f"{fmt} images[1]")
                else:
                    check_frame(image_at(row["image"]), p, shown[-1], f"{fmt} image")
            checked += 1
        report[f"{fmt}/{split}"] = {"rows": len(rows), "checked": checked}

print(json.dumps(report, sort_keys=True))
