/**
 * Claim sets shaped exactly as each CI's own documentation (or plugin source) shows them
 * (test/fixtures/oidc-claims/*.json, each with its source and a quoted phrase), under the one
 * reader of Pulumi's rule matching:
 *
 * - every claim the program's scenarios put in a token exists in the documented token with the
 *   same JSON type (a list stays a list, a boolean a boolean, an id a string);
 * - every rule key of every generated policy names, as a claim path, a claim of the documented
 *   token (an unquoted `oidc.circleci.com/...` key names none);
 * - each job of Pulumi.multi-ci.yaml, its token built on the documented one, obtains exactly its
 *   own token, and each attack obtains none that is not meant for it.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { CI_UNITS, claimsFor, GITHUB_ISSUER_URL, tokensAcross } from "../../model/oidc";
import { lookupClaim } from "../../model/oidc/matcher";
import { orgCandidates } from "../../model/oidc/issuers";
import { tokenLabel } from "../../model/oidc/policies";
import { CiBinding, MachineIdentity } from "../../model/access";
import { multiCi } from "../support/multiCi";
import { setUp } from "../support/stryker";

interface Fixture {
  readonly ci: string;
  readonly source: string;
  readonly quote: string;
  readonly claims: Record<string, unknown>;
}

const DIR = path.join(__dirname, "..", "fixtures", "oidc-claims");
const FIXTURES = new Map<string, Fixture>(
  readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => {
      const fx = JSON.parse(readFileSync(path.join(DIR, f), "utf8")) as Fixture;
      return [fx.ci, fx];
    }),
);

/**
 * Claims the program's scenarios carry that the recorded sample token does not show, and that no
 * generated rule pins (checked below): unverified, recorded in docs/assumptions.md. Any other
 * claim missing from the documented token fails the test.
 */
const NOT_IN_SAMPLE = new Set(["gitlab:job_project_id"]);

const kind = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

/** The documented token with the scenario's values laid over it (its extra claims kept). */
const onDocumented = (ci: string, claims: Record<string, unknown>) => ({
  ...(FIXTURES.get(ci) as Fixture).claims,
  ...claims,
});

describe("oidc: claim sets from the CIs' own documentation, under the one reader", () => {
  let model: ReturnType<typeof multiCi>["model"];
  let issuers: ReturnType<typeof multiCi>["issuers"];
  setUp(() => {
    ({ model, issuers } = multiCi());
  });
  let ciIdentities: (MachineIdentity & { binding: CiBinding })[];
  setUp(() => {
    ciIdentities = model.identities.filter(
      (i): i is MachineIdentity & { binding: CiBinding } => i.binding !== undefined,
    );
  });
  let candidates: ReturnType<typeof orgCandidates>;
  setUp(() => {
    candidates = orgCandidates(model);
  });

  it("has a documented token, with its source and a quoted phrase, for every CI", () => {
    for (const ci of ["github-actions", "gitlab", "circleci", "azure-devops", "jenkins"]) {
      const fx = FIXTURES.get(ci);
      assert.ok(fx, `no fixture for ${ci}`);
      assert.match(fx.source, /^https:\/\//);
      assert.ok(fx.quote.length > 10, ci);
      assert.equal(typeof fx.claims.iss, "string", ci);
    }
  });

  it("the program's claim sets have the documented claims' names and JSON types", () => {
    const seen = new Set<string>();
    for (const identity of ciIdentities) {
      const unit = CI_UNITS[identity.binding.system];
      const doc = (FIXTURES.get(identity.binding.system) as Fixture).claims;
      for (const s of unit.scenarios(identity, identity.binding, model.organization))
        for (const [name, value] of Object.entries(s.claims)) {
          if (NOT_IN_SAMPLE.has(`${identity.binding.system}:${name}`)) continue;
          assert.ok(
            Object.prototype.hasOwnProperty.call(doc, name),
            `${identity.binding.system}: claim ${name} is not in the documented token`,
          );
          assert.equal(kind(value), kind(doc[name]), `${identity.binding.system}: ${name}`);
          seen.add(`${identity.binding.system}:${name}`);
        }
    }
    // Every CI of the example was exercised, CircleCI's list and boolean claims included.
    for (const k of [
      "circleci:oidc.circleci.com/context-ids",
      "circleci:oidc.circleci.com/ssh-rerun",
      "gitlab:ref_protected",
      "azure-devops:sub",
      "jenkins:sub",
    ])
      assert.ok(seen.has(k), k);
    const gh = claimsFor({
      owner: "acme",
      repository: "payments-infra",
      ownerId: 1001,
      repositoryId: 2001,
      organization: model.organization,
      event: "push",
      branch: "main",
      environment: "prod",
      workflowPath: ".github/workflows/pulumi-payments-prod.yml",
    });
    const ghDoc = (FIXTURES.get("github-actions") as Fixture).claims;
    for (const [name, value] of Object.entries(gh))
      if (Object.prototype.hasOwnProperty.call(ghDoc, name))
        assert.equal(kind(value), kind(ghDoc[name]), `github-actions: ${name}`);
    assert.equal(kind(gh.repository_id), "string");
  });

  it("every rule key of every generated policy reads a claim of the documented token", () => {
    for (const issuer of issuers) {
      const doc = (FIXTURES.get(issuer.ci) as Fixture).claims;
      for (const p of issuer.policies)
        for (const key of Object.keys(p.rules)) {
          assert.ok(
            !NOT_IN_SAMPLE.has(`${issuer.ci}:${key}`),
            `${issuer.name} pins unverified ${key}`,
          );
          const found = lookupClaim(doc, key);
          assert.equal(found.kind, "found", `${issuer.name}: rule key ${key} reads no claim`);
        }
    }
  });

  it("an unquoted CircleCI key reads nothing: Pulumi would look for oidc → circleci → com/project-id", () => {
    const doc = (FIXTURES.get("circleci") as Fixture).claims;
    assert.equal(lookupClaim(doc, "oidc.circleci.com/project-id").kind, "missing");
    assert.equal(lookupClaim(doc, '"oidc.circleci.com/project-id"').kind, "found");
  });

  it("each job of multi-ci obtains exactly its own token, and each attack none it should not", () => {
    let intended = 0;
    let attacks = 0;
    for (const identity of ciIdentities) {
      const unit = CI_UNITS[identity.binding.system];
      const own = tokenLabel(
        identity.tokenType === "organization"
          ? { tokenType: "organization", permission: "admin" }
          : { tokenType: "team", team: identity.team },
      );
      for (const s of unit.scenarios(identity, identity.binding, model.organization)) {
        const claims = onDocumented(identity.binding.system, s.claims);
        const got = tokensAcross(issuers, claims, candidates).map(tokenLabel);
        const expected = ciIdentities
          .filter((i) => i.binding.issuer === claims.iss)
          .filter((i) =>
            CI_UNITS[i.binding.system].intended(i, i.binding, s.shape, model.organization),
          )
          .map((i) => `team:${i.team}`);
        assert.deepEqual(got, expected, `${identity.team}: ${s.label} (${s.context})`);
        if (s.label === "intended") {
          intended++;
          assert.ok(got.includes(own), `${identity.team} does not obtain its own token`);
        } else {
          attacks++;
          assert.ok(!got.includes(own), `${identity.team}: ${s.label} obtains its token`);
        }
      }
    }
    assert.ok(intended >= 5 && attacks >= 20, `${intended} intended, ${attacks} attacks`);
  });

  it("the GitHub Actions documented token, with another repository's ids, obtains nothing", () => {
    const doc = (FIXTURES.get("github-actions") as Fixture).claims;
    assert.equal(doc.iss, GITHUB_ISSUER_URL);
    assert.deepEqual(tokensAcross(issuers, doc, candidates), []);
  });
});
