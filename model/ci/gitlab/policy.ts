/**
 * The GitLab unit's policy: the project it pins (instance, project and namespace ids) belongs to
 * one repository.
 */
import { str } from "../../config/view";
import type { CiPolicyUnit } from "../policyTypes";

export const gitlabPolicy: CiPolicyUnit = {
  identity: (gl) => ({
    id: `${str(gl.url) ?? "https://gitlab.com"} project ${String(gl.projectId)}`,
    rest: `namespace ${String(gl.namespaceId)}`,
  }),
};
