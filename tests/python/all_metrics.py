"""Every metric the run report shows, computed independently in Python, for cross-checking lib/metrics.

Reads {"samples": [...], "lrm": [...], "contrastive": [...], "roc": [...], "yesno": [...]} on stdin
and prints the metrics as JSON, in the shapes lib/metrics/metrics.ts returns.

- Progress metrics (the definitions in the header of lib/metrics/metrics.ts): numpy for the means,
  scipy.stats.pearsonr / spearmanr / kendalltau (tau-b) for the correlations, and exact rational
  arithmetic (fractions.Fraction of the decimals as written) for threshold relative accuracy:
  a sample passes threshold T (integer hundredths 50..95) when 100 * |p - g| / |g| < 100 - T.
- ROC-AUC: sklearn.metrics.roc_auc_score.
- LRM open-loop metrics: tests/python/lrm_metrics.py (compute_progress_completion_metrics).
- Contrastive metrics: compute_contrastive_metrics of physical-superintelligence-lab/
  Large-Reward-Models eval/compute_openloop_metrics.py @ 5845ab0f7c3c6a0bef8bd37bf7f07e9533f7ed2f
  (L156-223), with numpy, on (answer, ground-truth change) pairs.
"""
import json
import math
import sys
from fractions import Fraction

import numpy as np
from scipy.stats import kendalltau, pearsonr, spearmanr
from sklearn.metrics import roc_auc_score

from lrm_metrics import metrics as lrm_metrics

INTERVALS = [("0–20", 0, 20), ("20–40", 20, 40), ("40–60", 40, 60), ("60–80", 60, 80), ("80–100", 80, 100)]
THRESHOLDS = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95]


def finite(v):
    return v is not None and math.isfinite(v)


def corr(fn, x, y):
    if len(x) < 2 or len(set(x)) == 1 or len(set(y)) == 1:
        return None
    r = fn(x, y)
    v = float(r[0] if isinstance(r, tuple) else r.statistic)
    return None if math.isnan(v) else v


def mean(xs):
    return float(np.mean(xs)) if len(xs) else None


def interval(g):
    for i, (_, _, hi) in enumerate(INTERVALS[:-1]):
        if g < hi:
            return i
    return len(INTERVALS) - 1


def threshold_ra(p, g):
    e = Fraction(100) * abs(Fraction(str(p)) - Fraction(str(g))) / abs(Fraction(str(g)))
    return sum(1 for t in THRESHOLDS if e < 100 - t) / len(THRESHOLDS)


def progress(samples):
    with_gt = [s for s in samples if finite(s["gt"])]
    answered = [dict(s, index=i) for i, s in enumerate(samples) if finite(s["gt"]) and finite(s["pred"])]
    rel = [a for a in answered if a["gt"] != 0]
    err = [abs(a["pred"] - a["gt"]) for a in answered]
    by_iv = [[] for _ in INTERVALS]
    for a, e in zip(answered, err):
        by_iv[interval(a["gt"])].append(e)
    preds = [a["pred"] for a in answered]
    gts = [a["gt"] for a in answered]

    episodes = {}
    for a in answered:
        episodes.setdefault(a["episodeId"], []).append(a)
    traj_r, mono, pairs, dirs = [], [], [], []
    for lst in episodes.values():
        lst.sort(key=lambda a: (a["frame"], a["index"]))
        r = corr(pearsonr, [a["pred"] for a in lst], [a["gt"] for a in lst])
        if r is not None:
            traj_r.append(r)
        for prev, cur in zip(lst, lst[1:]):
            if cur["frame"] == prev["frame"]:
                continue
            if prev.get("success") and cur.get("success"):
                mono.append(1.0 if cur["pred"] >= prev["pred"] else 0.0)
            d_gt = cur["gt"] - prev["gt"]
            if d_gt != 0:
                dirs.append(1.0 if np.sign(cur["pred"] - prev["pred"]) == np.sign(d_gt) else 0.0)
        for i in range(len(lst)):
            for j in range(i + 1, len(lst)):
                d_gt = lst[j]["gt"] - lst[i]["gt"]
                if d_gt == 0:
                    continue
                d_p = lst[j]["pred"] - lst[i]["pred"]
                pairs.append(0.5 if d_p == 0 else 1.0 if np.sign(d_p) == np.sign(d_gt) else 0.0)
    n_episodes_gt = len({s["episodeId"] for s in with_gt})
    return {
        "n": len(with_gt),
        "answered": len(answered),
        "missing": len(with_gt) - len(answered),
        "noGroundTruth": len(samples) - len(with_gt),
        "gtZero": sum(1 for a in answered if a["gt"] == 0),
        "linearRelativeAccuracy": mean([min(1.0, max(0.0, 1 - abs(a["pred"] - a["gt"]) / abs(a["gt"]))) for a in rel]),
        "thresholdRelativeAccuracy": mean([threshold_ra(a["pred"], a["gt"]) for a in rel]),
        "absoluteRangeAccuracy": mean([min(1.0, max(0.0, 1 - e / 100)) for e in err]),
        "mae": mean(err),
        "rmse": float(np.sqrt(np.mean(np.square(err)))) if err else None,
        "acc5": mean([1.0 if e <= 5 else 0.0 for e in err]),
        "acc10": mean([1.0 if e <= 10 else 0.0 for e in err]),
        "maeByInterval": [{"label": lab, "n": len(v), "mae": mean(v)} for (lab, _, _), v in zip(INTERVALS, by_iv)],
        "pearson": corr(pearsonr, preds, gts),
        "spearman": corr(spearmanr, preds, gts),
        "kendallTauB": corr(lambda x, y: kendalltau(x, y, variant="b"), preds, gts),
        "withinEpisodePearson": {"mean": mean(traj_r), "episodes": len(traj_r), "skipped": n_episodes_gt - len(traj_r)},
        "withinEpisodeMonotonicity": {"value": mean(mono), "steps": len(mono)},
        "withinEpisodePairOrder": {"value": mean(pairs), "pairs": len(pairs)},
        "stepDirectionAgreement": {"value": mean(dirs), "steps": len(dirs)},
    }


def contrastive(trajs):
    correct_dir = total_dir = 0
    recall_num = recall_den = 0
    monos = []
    for t in trajs:
        vlm = np.array(t["answers"], dtype=float)
        oracle = np.array([0.0 if abs(d) < 1e-9 else d for d in t["truth"]], dtype=float)[: len(vlm)]
        for v, o in zip(vlm, oracle):
            total_dir += 1
            if (v > 0 and o > 0) or (v < 0 and o < 0) or (v == 0 and o == 0):
                correct_dir += 1
            if o > 0:
                recall_den += 1
                if v > 0:
                    recall_num += 1
        if t["success"] and len(vlm) >= 2:
            diffs = np.diff(np.cumsum(vlm))
            monos.append(float(np.sum(diffs >= 0) / len(diffs)))
    return {
        "trajectories": len(trajs),
        "comparisons": total_dir,
        "directionAccuracy": correct_dir / total_dir if total_dir else None,
        "progressRecall": {"value": recall_num / recall_den if recall_den else None, "forward": recall_den},
        "monotonicity": {"value": float(np.mean(monos)) if monos else None, "trajectories": len(monos)},
    }


def roc(items):
    labels = [1 if i["positive"] else 0 for i in items]
    if 0 < sum(labels) < len(labels):
        return float(roc_auc_score(labels, [i["score"] for i in items]))
    return None


def yesno(items):
    answered = [i for i in items if i["answer"] is not None]
    return {
        "value": sum(1 for i in answered if i["answer"] == i["truth"]) / len(answered) if answered else None,
        "answered": len(answered),
        "missing": len(items) - len(answered),
    }


if __name__ == "__main__":
    spec = json.load(sys.stdin)
    print(
        json.dumps(
            {
                "progress": progress(spec["samples"]),
                "lrm": lrm_metrics(spec["lrm"]),
                "contrastive": contrastive(spec["contrastive"]),
                "rocAuc": roc(spec["roc"]),
                "yesNo": yesno(spec["yesno"]),
            }
        )
    )
