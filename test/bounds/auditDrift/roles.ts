/**
 * Drift cases: custom roles (their descriptors, who holds them, the default deployment role and
 * the environments its conditions name), stack collaborators, stack tags, and what adoption left
 * unmanaged.
 */
import { CASES as C1 } from "./roles/cases1";
import { CASES as C2 } from "./roles/cases2";
import { CASES as C3 } from "./roles/cases3";
import { DriftCase } from "./case";

export const CASES: DriftCase[] = [...C1, ...C2, ...C3];
