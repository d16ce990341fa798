// /predictions: the runs, and the three ways to fill them (import a file, run a model, manage endpoints).
"use client";
import styles from "./runs.module.css";
import { EndpointsCard } from "./endpoints-card";
import { ImportCard } from "./import-card";
import { RunModelCard } from "./run-model-card";
import { RunsTable } from "./runs-table";

export function PredictionsPage() {
  return (
    <section>
      <div className="page-head">
        <h1>Predictions</h1>
        <span className="muted small">Model answers to audit against the ground truth.</span>
      </div>
      <RunsTable />
      <div className={styles.twoCol}>
        <ImportCard />
        <RunModelCard />
      </div>
      <EndpointsCard />
    </section>
  );
}
