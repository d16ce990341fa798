"""Large Reward Models' open-loop progress/completion metrics, for cross-checking lib/metrics.

The definitions follow `compute_progress_completion_metrics` in
physical-superintelligence-lab/Large-Reward-Models eval/compute_openloop_metrics.py
(@ 20689133691562627b3fbb35fa857a9bdd365b69), computed here with the same libraries it uses
(sklearn.metrics.roc_auc_score, scipy.stats.pearsonr, numpy). Reads a JSON list of
trajectories {"success": bool, "scores": [...], "oracle": [...]} on stdin, where "oracle" is
the cumulative oracle at the same steps and its last value the total oracle reward; prints the
metrics as JSON.
"""
import json
import sys

import numpy as np
from scipy.stats import pearsonr
from sklearn.metrics import roc_auc_score


def metrics(trajs):
    trajs = [t for t in trajs if len(t["scores"]) > 0]
    labels = [int(bool(t["success"])) for t in trajs]
    n_success = sum(labels)
    n_fail = len(labels) - n_success
    final = [t["scores"][-1] for t in trajs]
    out = {"trajectories": len(trajs), "successes": n_success, "failures": n_fail}

    out["rocAuc"] = float(roc_auc_score(labels, final)) if n_success > 0 and n_fail > 0 else None

    correct = total = 0
    for i in range(len(trajs)):
        for j in range(i + 1, len(trajs)):
            if labels[i] == labels[j]:
                continue
            total += 1
            s, f = (i, j) if labels[i] > labels[j] else (j, i)
            correct += int(final[s] > final[f])
    out["pairwiseAccuracy"] = {"value": correct / total if total else None, "pairs": total}

    sums = [float(sum(t["scores"])) for t in trajs]
    oracle_total = [t["oracle"][min(len(t["oracle"]), len(t["scores"])) - 1] for t in trajs]
    if len(sums) >= 3 and np.std(sums) > 1e-8 and np.std(oracle_total) > 1e-8:
        out["globalPearson"] = float(pearsonr(sums, oracle_total)[0])
    else:
        out["globalPearson"] = None

    rs = []
    for t in trajs:
        n = min(len(t["scores"]), len(t["oracle"]))
        if n < 3:
            continue
        x = np.array(t["scores"][:n], dtype=float)
        y = np.array(t["oracle"][:n], dtype=float)
        if np.std(x) < 1e-8 or np.std(y) < 1e-8:
            continue
        r = pearsonr(x, y)[0]
        if not np.isnan(r):
            rs.append(float(r))
    out["perTrajectoryPearson"] = {
        "mean": float(np.mean(rs)) if rs else None,
        "std": float(np.std(rs)) if rs else None,
        "trajectories": len(rs),
    }
    return out


if __name__ == "__main__":
    print(json.dumps(metrics(json.load(sys.stdin))))
