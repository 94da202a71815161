/**
 * Drift cases: Pulumi Deployments settings and drift schedules, webhooks, and the guardrails'
 * policy groups. In the clean organization (prod example) web/staging and web/production deploy
 * with Deployments (web/production protected, with a drift schedule); hook0 is the organization
 * webhook (groups), hook1 the payments/prod stack webhook (filters), hook4 an environment webhook.
 */
import { CASES as C1 } from "./settings/cases1";
import { CASES as C2 } from "./settings/cases2";
import { DriftCase } from "./case";

export const CASES: DriftCase[] = [...C1, ...C2];
