-- A task's label vocabulary (its canonical subtasks) can be closed: labels off it are refused at submission.
ALTER TABLE "tasks" ADD COLUMN "vocabulary_closed" BOOLEAN NOT NULL DEFAULT false;
