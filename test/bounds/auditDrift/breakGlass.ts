/**
 * Drift cases: break-glass approved per use (the prod example: on-call, team sre with heidi, may
 * request an open of payments/prod-breakglass or web/prod-breakglass for at most 1h; security,
 * with erin, approves; one approval). Gates, requests with their approvals and durations, opens in
 * the audit log, and the definitions' imports around the gates.
 */
import { CASES as C1 } from "./breakGlass/cases1";
import { CASES as C2 } from "./breakGlass/cases2";
import { DriftCase } from "./case";

export const CASES: DriftCase[] = [...C1, ...C2];
