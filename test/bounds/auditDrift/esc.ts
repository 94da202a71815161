/**
 * Drift cases: ESC definitions. Static credentials and secrets, unreadable definitions, imports
 * (direct, transitive, implicit) and logins, against the clean organization (prod example):
 * payments/<tier> import their AWS login environment payments/<tier>-cloud, web/<tier> their
 * Azure (dev, staging) or GCP (prod) login environment; secure-org/prod logs in by itself.
 */
import { CASES as C1 } from "./esc/cases1";
import { CASES as C2 } from "./esc/cases2";
import { DriftCase } from "./case";

export const CASES: DriftCase[] = [...C1, ...C2];
