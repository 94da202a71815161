/**
 * The offline plan: `runPlan` (plan/run.ts), its report (plan/report.ts) and the HTML access
 * report (plan/html/), which shows an access diff (plan/accessDiff.ts) when given one.
 */
export * from "./report";
export * from "./run";
export type * from "./accessDiff";
export { CONTENT_SECURITY_POLICY, renderHtml } from "./html";
export type { HtmlInput } from "./html";
