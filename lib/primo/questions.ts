/**
 * The 100 phrasings of the task-progress question from PRIMO R1
 * ("From Passive Observer to Active Critic", Appendix F), verbatim and in the
 * paper's order (#1 is index 0). One phrasing is drawn per sample.
 *
 * Kept verbatim even where the wording is odd, because the released model was
 * trained and evaluated on exactly these strings:
 *   - #29 "Estimate progress ratio (0% or 100%)?" reads like a binary question.
 *   - #95 "Indicate how much of the task remains unfinished." asks for the
 *     REMAINING work (100 - progress), yet PRIMO scores it against the same
 *     progress target as the other 99. Answers to it deserve a second look.
 */
/** Where PROGRESS_QUESTIONS come from, as exports name it in their dataset card. */
export const PROGRESS_QUESTIONS_SOURCE =
  'PRIMO R1, "From Passive Observer to Active Critic", Appendix F (100 task-progress question variations)';

export const PROGRESS_QUESTIONS: readonly string[] = Object.freeze([
  /*   1 */ "How much of the task has been completed?",
  /*   2 */ "What percentage of the task is finished?",
  /*   3 */ "How complete is the task in the video?",
  /*   4 */ "Estimate the completion percentage of the task.",
  /*   5 */ "How far along is the agent in completing the task (in percent)?",
  /*   6 */ "To what extent has the task been completed?",
  /*   7 */ "Please estimate how much of the task has been done (0-100%).",
  /*   8 */ "What fraction of the task appears to be finished?",
  /*   9 */ "How much progress has been made toward completing the task?",
  /*  10 */ "Give the approximate percentage of task completion.",
  /*  11 */ "Based on the video, what is the task's completion percentage?",
  /*  12 */ "Considering the ongoing actions, how complete is the task execution?",
  /*  13 */ "From the current progress shown, estimate how much of the task is done.",
  /*  14 */ "According to the visual evidence, what is the completion rate of the task?",
  /*  15 */ "Based on the observed steps, how far has the task progressed?",
  /*  16 */ "Judging from the video, how much of the overall task has been achieved?",
  /*  17 */ "Based on the actions shown, estimate the percentage of task completion.",
  /*  18 */ "Using the video context, determine how much progress has been made.",
  /*  19 */ "According to the current situation, what percent of the task is completed?",
  /*  20 */ "What is the estimated completion rate of the task shown in this clip?",
  /*  21 */ "Task completion percentage?",
  /*  22 */ "Estimate task progress (0-100%).",
  /*  23 */ "Completion rate of the task?",
  /*  24 */ "Task progress percentage based on the video?",
  /*  25 */ "How much of the task is done (in %)?",
  /*  26 */ "Approximate percent of task completion?",
  /*  27 */ "Predicted completion level (0-100)?",
  /*  28 */ "What's the completion percentage?",
  /*  29 */ "Estimate progress ratio (0% or 100%)?",
  /*  30 */ "Task progress estimation in percentage?",
  /*  31 */ "How complete is the overall procedure in the video?",
  /*  32 */ "What's the current progress percentage for this task?",
  /*  33 */ "Evaluate the current completion level of the task.",
  /*  34 */ "How much has the agent accomplished in this task?",
  /*  35 */ "Determine the completion percentage of the process.",
  /*  36 */ "Provide an estimate of how much of the task is done.",
  /*  37 */ "What's the current progress ratio of the operation?",
  /*  38 */ "Estimate how complete the ongoing task is.",
  /*  39 */ "What is the approximate progress achieved so far?",
  /*  40 */ "Based on the video evidence, how much of the task is finished?",
  /*  41 */ "According to the observed actions, what percentage is complete?",
  /*  42 */ "How far has the agent advanced in completing the task?",
  /*  43 */ "Quantify the level of task completion (0-100%).",
  /*  44 */ "Provide a numeric estimate of task completion.",
  /*  45 */ "Indicate how much of the task is completed.",
  /*  46 */ "What portion of the task has been done so far?",
  /*  47 */ "Compute the completion percentage for the current task.",
  /*  48 */ "Estimate the proportion of the completed task.",
  /*  49 */ "Evaluate the current progress made toward completion.",
  /*  50 */ "How progressed is the task shown in this video?",
  /*  51 */ "Based on this clip, what's the completion percentage?",
  /*  52 */ "How much progress has the agent made so far?",
  /*  53 */ "Indicate the task completion rate as a percentage.",
  /*  54 */ "What's the estimated completion percentage of the shown task?",
  /*  55 */ "Approximately what percentage of the task is complete?",
  /*  56 */ "How advanced is the task execution in this clip?",
  /*  57 */ "What is the current task progress in numeric terms?",
  /*  58 */ "From the visual information, estimate the completion percent.",
  /*  59 */ "Provide an approximate completion percentage.",
  /*  60 */ "How far along toward completion is the task?",
  /*  61 */ "Based on the actions, how complete is the task process?",
  /*  62 */ "What is the overall completion rate of this task?",
  /*  63 */ "Estimate the progress level of the operation (0-100).",
  /*  64 */ "To what degree is the task completed according to the video?",
  /*  65 */ "Provide an estimation of the task completion level.",
  /*  66 */ "How much work has been completed in the task so far?",
  /*  67 */ "How complete is the process illustrated in the video?",
  /*  68 */ "What's the approximate task completion ratio?",
  /*  69 */ "How much of the procedure has been achieved?",
  /*  70 */ "Provide a numerical estimate of progress toward completion.",
  /*  71 */ "Based on what's shown, estimate the completion level.",
  /*  72 */ "How much of the total work has been finished?",
  /*  73 */ "Provide a completion score between 0 and 100.",
  /*  74 */ "What is the predicted task completion rate?",
  /*  75 */ "Please quantify how much progress the agent has made.",
  /*  76 */ "How much of the defined task has already been accomplished?",
  /*  77 */ "What's the expected percentage of task completion?",
  /*  78 */ "From this video, estimate how much the task has progressed.",
  /*  79 */ "How much progress can be observed in the task execution?",
  /*  80 */ "What is the level of completion observed?",
  /*  81 */ "According to the video, what's the completion score?",
  /*  82 */ "How complete is the operation displayed?",
  /*  83 */ "Determine the degree of completion (in percentage).",
  /*  84 */ "How far toward full completion has the agent progressed?",
  /*  85 */ "Report the completion rate inferred from the video.",
  /*  86 */ "Provide a completion estimate between 0 and 100 percent.",
  /*  87 */ "What is the overall completion percentage observed?",
  /*  88 */ "How much of the ongoing task is done so far?",
  /*  89 */ "What is the measured completion proportion?",
  /*  90 */ "Estimate the current percentage of finished work.",
  /*  91 */ "Quantify the extent of completion visible in the video.",
  /*  92 */ "How far along is the process in percentage terms?",
  /*  93 */ "What percentage of the work has been achieved?",
  /*  94 */ "Approximate how complete the shown procedure is.",
  /*  95 */ "Indicate how much of the task remains unfinished.",
  /*  96 */ "How close to full completion is the task right now?",
  /*  97 */ "What percentage of the total task goal has been reached?",
  /*  98 */ "How much of the intended activity has been completed?",
  /*  99 */ "Give an estimated completion rate (0-100%).",
  /* 100 */ "Estimate the degree of completion based on the given video.",
]);

/** 32-bit FNV-1a over the UTF-8 bytes of `s`. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Deterministic question choice: the same seed (e.g. `${episodeId}:${queryFrame}`)
 * always gets the same phrasing, so re-running a sample asks the same question.
 * `index` is the 0-based position in PROGRESS_QUESTIONS (paper number = index + 1).
 */
export function pickQuestion(seed: string): { index: number; text: string } {
  const index = fnv1a32(seed) % PROGRESS_QUESTIONS.length;
  return { index, text: PROGRESS_QUESTIONS[index] };
}
