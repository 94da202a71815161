/**
 * The multi-ci example (every CI, REST-triggered Deployments) as test input: its config, model,
 * GitHub ids, issuers and generated CI files.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { AccessModel, buildAccessModel } from "../../model/access";
import { CiFile, renderCiFiles } from "../../model/ci/files";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { buildIssuers, GithubIds, IssuerPolicies } from "../../model/oidc";
import { ROOT, StackDoc } from "./examples";

export function multiCiDoc(): StackDoc {
  return parse(readFileSync(path.join(ROOT, "Pulumi.multi-ci.yaml"), "utf8")) as StackDoc;
}

/** The example (optionally edited): its model, or every error. */
export function multiCiLoad(edit?: (doc: StackDoc) => void) {
  const doc = multiCiDoc();
  edit?.(doc);
  return loadOrgConfig(entriesFromStackFile(doc));
}

export function multiCiModel(edit?: (doc: StackDoc) => void): AccessModel {
  const r = multiCiLoad(edit);
  if (!r.ok) throw new Error(`multi-ci is invalid: ${JSON.stringify(r.errors, null, 1)}`);
  return buildAccessModel(r.config, r.warnings);
}

export const MULTI_CI_IDS: GithubIds = {
  ownerId: 1001,
  repositoryIds: {
    "payments-infra": 2001,
    platform: 2003,
    "search-infra": 2004,
    "mobile-infra": 2005,
    "web-app": 2006,
  },
};

export function multiCi(): { model: AccessModel; issuers: IssuerPolicies[]; files: CiFile[] } {
  const model = multiCiModel();
  return { model, issuers: buildIssuers(model, MULTI_CI_IDS), files: renderCiFiles(model) };
}

/** The projects of the example, by name: the index of each in `projects`. */
export const PROJECT = {
  payments: 0,
  billing: 1,
  ledger: 2,
  search: 3,
  mobile: 4,
  web: 5,
} as const;
