"""Frame codes as PyAV and Pillow read them, for tests/integration/video-crosscheck.test.ts.

Reads a JSON request on stdin: {"videos": [path, ...], "images": [path, ...]} and prints
{"videos": {path: [code of frame 0, code of frame 1, ...]}, "images": {path: code}}.
A video's frames are those PyAV decodes, in presentation order: PyAV's frame n is the n-th.
The code layout is lib/demo/frame-code.ts's: 16 blocks along the top band, block b white when
bit b of the index is set, read at the block's centre (3x3 mean) against 128, from the picture
scaled to its own size (so a still at another width reads the same).
"""
import json
import sys

import av
import numpy as np
from PIL import Image

BITS = 16


def code_of(gray: np.ndarray) -> int:
    h, w = gray.shape
    block = w // BITS
    band = h // 3
    y = band // 2
    value = 0
    for b in range(BITS):
        x = b * block + block // 2
        patch = gray[max(0, y - 1) : y + 2, max(0, x - 1) : x + 2]
        if patch.mean() >= 128:
            value |= 1 << b
    return value


def main() -> None:
    req = json.load(sys.stdin)
    out = {"videos": {}, "images": {}}
    for path in req.get("videos", []):
        with av.open(path) as container:
            stream = container.streams.video[0]
            out["videos"][path] = [code_of(f.to_ndarray(format="gray")) for f in container.decode(stream)]
    for path in req.get("images", []):
        with Image.open(path) as im:
            out["images"][path] = code_of(np.asarray(im.convert("L"), dtype=np.float64))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
