/**
 * The whole validation of an org config: shape and policy (`config/`), then, when those pass,
 * the invariants over the access model it implies (`invariants/`). Every problem comes back at
 * once with its config path; nothing throws.
 */
import { buildAccessModel } from "./access";
import {
  ConfigIssue,
  ConfigOwner,
  Finding,
  formatIssue,
  OrgConfig,
  validateConfig,
} from "./config";
import { invariantChecks } from "./invariants";

export type OrgValidation =
  | { ok: true; config: OrgConfig; warnings: Finding[] }
  | { ok: false; errors: ConfigIssue[]; warnings: Finding[] };

export function validateOrgConfig(raw: unknown, owner: ConfigOwner = {}): OrgValidation {
  const first = validateConfig(raw, owner);
  if (!first.ok) return first;
  const model = buildAccessModel(first.config, first.warnings);
  const { errors, warnings } = invariantChecks(first.config, model);
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const k = formatIssue(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length > 0)
    return { ok: false, errors: unique, warnings: [...first.warnings, ...warnings] };
  return { ok: true, config: first.config, warnings: [...first.warnings, ...warnings] };
}
