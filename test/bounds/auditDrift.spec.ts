/**
 * The audit's comparisons (audit/compare/), pure: each drift case of test/bounds/auditDrift/
 * changes one thing in the clean organization (or the model) and must add exactly its findings,
 * with their messages, declared and live values, and remove exactly the ones it names. Boundaries
 * are taken at, one over and one under; each pin and each field is dropped alone.
 */
import assert from "node:assert/strict";
import { compareAccess } from "../../audit/compare";
import { cleanOrg, model } from "../audit/harness";
import { DriftCase, OPTIONS, PROD_CLEAN, runCase, TODO } from "./auditDrift/case";
import { CASES as ACCESS } from "./auditDrift/access";
import { CASES as ROLES } from "./auditDrift/roles";
import { CASES as OIDC } from "./auditDrift/oidc";
import { CASES as SETTINGS } from "./auditDrift/settings";
import { CASES as ESC } from "./auditDrift/esc";

const GROUPS: [string, readonly DriftCase[]][] = [
  ["teams, members, grants, defaults", ACCESS],
  ["custom roles, collaborators, tags, unmanaged", ROLES],
  ["OIDC issuers and policies", OIDC],
  ["Deployments settings, drift schedules, webhooks, guardrails", SETTINGS],
  ["ESC definitions: static credentials, imports, logins", ESC],
];

describe("bounds: audit drift, the clean organization", () => {
  it("gives exactly its info findings (deployer, ids, activity) and nothing else", () =>
    assert.deepEqual(
      JSON.parse(JSON.stringify(compareAccess(model, cleanOrg(), OPTIONS).findings)),
      PROD_CLEAN,
    ));
});

for (const [name, cases] of GROUPS)
  describe(`bounds: audit drift, ${name}`, () => {
    for (const c of cases)
      it(c.what, () => {
        assert.notEqual(c.want, TODO, "the case has no expectation yet");
        const r = runCase(c);
        assert.deepEqual(r.added, c.want);
        assert.deepEqual(r.removed, c.gone ?? []);
      });
  });
