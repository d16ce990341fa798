// `reward.py`, shipped at the root of every RL export (primo-rl, easyr1, verl): PRIMO R1's reward
// rules (./rewards.ts, from grpo.py @ a2f3b08) as Python the trainers load as they are. One
// function set, three entry points:
//   PRIMO R1 / Video-R1 GRPO   accuracy_reward(completions, solution, **kwargs), format_reward(completions, **kwargs)
//                              (the shapes of grpo.py's reward_funcs_registry; each sample scored by
//                              its own problem_type, not the batch's first)
//   EasyR1 (reward_type=sequential)   easyr1_compute_score(reward_input, format_weight=0.5) → {overall, format, accuracy}
//                              (the shape of hiyouga/EasyR1 examples/reward_function/r1v.py @ 46c6c21)
//   verl (custom_reward_function)     verl_compute_score(data_source, solution_str, ground_truth, extra_info=None) → float
// Standard library only. The text is kept here (not as a file read at run time) so exports never
// depend on the app's working directory.

export const REWARD_PY_PATH = "reward.py";

export const REWARD_PY = `"""PRIMO R1 progress rewards for this export's RL records (written by Critic Studio).

The rules of PRIMO R1's GRPO script (10-OASIS-01/PRIMO-R1 src/r1-v/src/open_r1/grpo.py @ a2f3b08):
  accuracy, numerical   clip(1 - |p - t| / NUMERIC_MAX_RANGE, 0, 1), NUMERIC_MAX_RANGE from the
                        environment, 100 by default; 0 when a number does not parse
  accuracy, regression  1 - min(1, (|p - t| + 1e-9) / (|t| + 1e-9))
  accuracy, boolean and multiple choice   exact match, case-insensitive
  format                1 when the completion fullmatches
                        <think> <planning>…</planning> <observation>…</observation> <reasoning>…</reasoning> </think> <answer>…</answer>
Answers are read from <answer>…</answer>; numbers as grpo.py's normalize_number reads them
(a trailing % divides by 100). Unlike the reference, every sample is scored by its own
problem_type (the reference uses the batch's first) and boolean answers are scored per sample
(the reference returns one float for the whole batch).

Entry points:
  PRIMO R1 / Video-R1 GRPO: accuracy_reward(completions, solution, **kwargs), format_reward(completions, **kwargs)
  EasyR1 (worker.reward.reward_type=sequential): reward.py:easyr1_compute_score
  verl (custom_reward_function.path=reward.py, name=verl_compute_score)
"""
import os
import re

FORMAT_PATTERN = (
    r"<think>\\s*"
    r"<planning>.*?</planning>\\s*"
    r"<observation>.*?</observation>\\s*"
    r"<reasoning>.*?</reasoning>\\s*"
    r"</think>\\s*"
    r"<answer>.*?</answer>"
)


def extract_answer(text):
    match = re.search(r"<answer>\\s*(.*?)\\s*</answer>", text or "", re.DOTALL)
    return match.group(1).strip() if match else ""


def normalize_number(num_str):
    try:
        s = (num_str or "").strip()
        s = s.replace("\\u2248", "").replace("~", "").replace("\\uff05", "%")
        if s.endswith("%"):
            return float(s[:-1].replace(",", "")) / 100.0
        return float(s.replace(",", ""))
    except Exception:
        return None


def numeric_max_range():
    try:
        value = float(os.environ.get("NUMERIC_MAX_RANGE") or 100.0)
    except ValueError:
        return 100.0
    return value if value > 0 else 100.0


def accuracy_score(completion, solution, problem_type="numerical"):
    """One sample's accuracy reward; the solution may be "<answer>N</answer>" or the bare answer."""
    out = extract_answer(completion)
    gt = extract_answer(solution) if "<answer>" in (solution or "") else (solution or "").strip()
    kind = (problem_type or "").strip()
    if kind in ("multiple choice", "boolean"):
        return 1.0 if out.strip().lower() == gt.strip().lower() else 0.0
    if kind in ("numerical", "regression"):
        t = normalize_number(gt)
        p = normalize_number(out)
        if t is None or p is None:
            return 0.0
        if kind == "regression":
            return 1.0 - min(1.0, max(0.0, (abs(p - t) + 1e-9) / (abs(t) + 1e-9)))
        score = 1.0 - abs(p - t) / numeric_max_range()
        return 0.0 if score < 0 else 1.0 if score > 1 else score
    return 0.0


def format_score(completion):
    return 1.0 if re.fullmatch(FORMAT_PATTERN, completion or "", re.DOTALL) else 0.0


def _content(completion):
    # GRPO passes each completion as a list of messages; plain strings are accepted too.
    if isinstance(completion, str):
        return completion
    return completion[0]["content"]


def accuracy_reward(completions, solution, **kwargs):
    types = kwargs.get("problem_type") or ["numerical"] * len(completions)
    return [accuracy_score(_content(c), s, t) for c, s, t in zip(completions, solution, types)]


def format_reward(completions, **kwargs):
    return [format_score(_content(c)) for c in completions]


def easyr1_compute_score(reward_input, format_weight=0.5):
    if not isinstance(reward_input, dict):
        raise ValueError("Use worker.reward.reward_type=sequential with easyr1_compute_score.")
    fmt = format_score(reward_input["response"])
    acc = accuracy_score(reward_input["response"], reward_input["ground_truth"])
    return {"overall": (1 - format_weight) * acc + format_weight * fmt, "format": fmt, "accuracy": acc}


def verl_compute_score(data_source, solution_str, ground_truth, extra_info=None):
    return accuracy_score(solution_str, ground_truth)
`;
