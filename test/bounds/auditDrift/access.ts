/**
 * Drift cases: teams and members, stack and environment grants, Insights account permissions,
 * organization defaults, undeclared stacks and environments, organization members and admins.
 */
import { CASES as C1 } from "./access/cases1";
import { CASES as C2 } from "./access/cases2";
import { CASES as C3 } from "./access/cases3";
import { CASES as C4 } from "./access/cases4";
import { DriftCase } from "./case";

export const CASES: DriftCase[] = [...C1, ...C2, ...C3, ...C4];
