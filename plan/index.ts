/**
 * The offline plan: `runPlan` (plan/run.ts) and its report (plan/report.ts).
 */
export * from "./report";
export * from "./run";
