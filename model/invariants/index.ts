/**
 * Invariants over the whole access model, checked once the config is otherwise valid: who can
 * reach what through a pull request, a manual dispatch, an unprotected branch, a repository
 * setting or a code-owner line that enforces nothing. Each problem is an error with the config
 * path that fixes it; deliberate exceptions (break-glass) become findings.
 */
import { AccessModel } from "../access";
import { ConfigIssue, Finding, OrgConfig } from "../config";
import { checkBootstrapStackReaders } from "./bootstrap";
import { checkDistinctCiIdentities } from "./ciIdentities";
import { checkDistinguishablePreviews } from "./previews";
import { checkWriterRoutes } from "./reachable";
import { checkCodeOwners, checkRepositoryAdmins } from "./repositories";
import { checkCloudReach } from "./cloud";

export { writerRoutes } from "./reachable";
export { modelCloudReach } from "./cloud";
export type { WriterRoute } from "./reachable";
export { writerBound, writersByRepository } from "./writers";

export function invariantChecks(
  config: OrgConfig,
  model: AccessModel,
): { errors: ConfigIssue[]; warnings: Finding[] } {
  const errors: ConfigIssue[] = [];
  const warnings: Finding[] = [];
  checkRepositoryAdmins(config, model, errors, warnings);
  checkCodeOwners(config, model, errors);
  checkBootstrapStackReaders(config, model, errors, warnings);
  checkDistinguishablePreviews(config, model, errors);
  checkDistinctCiIdentities(config, model, errors);
  errors.push(...checkWriterRoutes(config, model));
  checkCloudReach(model, errors);
  return { errors, warnings };
}
