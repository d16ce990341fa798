-- LeRobot's other subtask forms (lib/import/readers/lerobot-v3.ts): SARM dense columns,
-- per-frame subtask_index with meta/subtasks.parquet, and v3.1 language_persistent subtask rows.
ALTER TYPE "AnnotationOrigin" ADD VALUE 'LEROBOT_DENSE_SUBTASKS';
ALTER TYPE "AnnotationOrigin" ADD VALUE 'LEROBOT_SUBTASK_INDEX';
ALTER TYPE "AnnotationOrigin" ADD VALUE 'LEROBOT_LANGUAGE';
