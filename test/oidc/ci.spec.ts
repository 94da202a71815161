/**
 * OIDC for GitLab CI, Azure DevOps, Jenkins and CircleCI (the multi-ci example): one issuer per
 * issuer URL with exact, pinned allow policies; every identity's intended context obtains exactly
 * its token; every attack context (another project or fork, another branch, an unprotected ref, a
 * merge-request pipeline, another job, pipeline or context) obtains none of the deploy tokens.
 */
import assert from "node:assert/strict";
import {
  CI_UNITS,
  evaluateAcross,
  IssuerPolicies,
  orgCandidates,
  simulateCiPipelines,
  tokensAcross,
} from "../../model/oidc";
import { CiBinding, MachineIdentity } from "../../model/access";
import { multiCi } from "../support/multiCi";
import { setUp } from "../support/stryker";

const STABLE_IDS: Record<string, readonly string[]> = {
  gitlab: ["aud", "project_id", "namespace_id", "pipeline_source"],
  "azure-devops": ["aud", "sub"],
  jenkins: ["aud", "sub"],
  circleci: [
    "aud",
    // Quoted: Pulumi reads rule keys as claim paths, and these claim names contain dots.
    '"oidc.circleci.com/project-id"',
    '"oidc.circleci.com/vcs-origin"',
    '"oidc.circleci.com/context-ids"',
    '"oidc.circleci.com/ssh-rerun"',
  ],
};

describe("oidc: GitLab, Azure DevOps, Jenkins and CircleCI (issue 16)", () => {
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

  it("has one issuer per CI of the example, each at its issuer URL", () => {
    assert.deepEqual(
      issuers.map((i) => [i.ci, i.url]),
      [
        ["github-actions", "https://token.actions.githubusercontent.com"],
        ["gitlab", "https://gitlab.example.com"],
        ["azure-devops", "https://vstoken.dev.azure.com/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"],
        ["jenkins", "https://jenkins.example.com/oidc"],
        ["circleci", "https://oidc.circleci.com/org/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"],
      ],
    );
    assert.equal(new Set(issuers.map((i) => i.name)).size, issuers.length);
  });

  it("pins every allow policy exactly: no wildcard, no unexpected dot, each CI's stable ids", () => {
    for (const issuer of issuers.slice(1))
      for (const p of issuer.policies) {
        for (const [claim, value] of Object.entries(p.rules)) {
          assert.doesNotMatch(value, /[*?]/, `${issuer.name} ${claim}`);
          let v = value;
          for (const part of p.fixedParts?.[claim] ?? []) v = v.split(part).join("");
          assert.ok(!v.includes("."), `${issuer.name} ${claim} = ${value} has a '.' wildcard`);
        }
        if (p.decision === "allow")
          for (const claim of STABLE_IDS[issuer.ci])
            assert.ok(claim in p.rules, `${issuer.name}: ${p.description} does not pin ${claim}`);
        assert.equal(p.tokenType, "team");
      }
  });

  it("GitLab deploys pin the protected branch, the protected environment and push pipelines", () => {
    const gitlab = issuers.find((i) => i.ci === "gitlab") as IssuerPolicies;
    const prod = gitlab.policies.find(
      (p) => p.decision === "allow" && p.teamName === "billing-prod-deploy",
    );
    assert.deepEqual(prod?.rules, {
      aud: "urn:pulumi:org:acme",
      project_id: "4242",
      namespace_id: "77",
      pipeline_source: "push",
      ref: "main",
      ref_type: "branch",
      ref_protected: "true",
      environment: "prod",
      environment_protected: "true",
    });
    const denied = gitlab.policies
      .filter((p) => p.decision === "deny" && p.teamName === "billing-prod-deploy")
      .map((p) => p.rules.pipeline_source ?? `ref_protected=${p.rules.ref_protected}`);
    for (const s of [
      "merge_request_event",
      "trigger",
      "api",
      "schedule",
      "web",
      "pipeline",
      "ref_protected=false",
    ])
      assert.ok(denied.includes(s), `no deny for ${s}`);
  });

  it("every context of every CI obtains exactly the tokens meant for it", () => {
    const rows = simulateCiPipelines(model, issuers);
    assert.equal(rows.length, 95); // 92, plus the Azure DevOps attacks under the other issuer (issue 24, item 2)
    for (const row of rows)
      assert.deepEqual(row.tokens, row.expected, `${row.pipeline}: ${row.context}`);
  });

  // One test over every identity (not one per identity): the identities come from the model,
  // which is built per test, not while mocha loads the spec (test/support/stryker.ts).
  it("no context but the intended one of a CI identity gets its token, or any deploy token", () => {
    assert.equal(ciIdentities.length, 11);
    for (const identity of ciIdentities) {
      const unit = CI_UNITS[identity.binding.system];
      const name = `${identity.binding.system}: ${identity.project}/${identity.tier} ${identity.purpose}`;
      for (const s of unit.scenarios(identity, identity.binding, model.organization)) {
        if (s.label === "intended") continue;
        const tokens = tokensAcross(issuers, s.claims, orgCandidates(model)).map(
          (t) => t.team ?? "organization",
        );
        // A merge-request pipeline may get the preview token of its own project (that is what previews are).
        if (identity.purpose === "deploy" || s.label !== "intended")
          assert.ok(
            !tokens.includes(identity.team),
            `${name}: ${s.context} obtains ${identity.team}`,
          );
        assert.deepEqual(
          tokens.filter((t) => t.endsWith("-deploy") || t === "organization"),
          [],
          `${name}: ${s.label}: ${s.context}`,
        );
      }
    }
  });

  it("the intended context of each CI identity gets exactly its token", () => {
    for (const identity of ciIdentities) {
      const unit = CI_UNITS[identity.binding.system];
      const [intended] = unit.scenarios(identity, identity.binding, model.organization);
      assert.equal(intended.label, "intended");
      const d = evaluateAcross(issuers, intended.claims, {
        tokenType: "team",
        team: identity.team,
      });
      assert.equal(d.allowed, true, d.reason);
      assert.equal(
        evaluateAcross(issuers, intended.claims, { tokenType: "organization", permission: "admin" })
          .allowed,
        false,
      );
    }
  });

  it("a token from an issuer nobody registered gets nothing, whatever its claims", () => {
    const deploy = ciIdentities.find(
      (i) => i.binding.system === "gitlab" && i.purpose === "deploy",
    ) as MachineIdentity & { binding: CiBinding };
    const [intended] = CI_UNITS.gitlab.scenarios(deploy, deploy.binding, model.organization);
    const claims = { ...intended.claims, iss: "https://gitlab.com" };
    assert.equal(
      evaluateAcross(issuers, claims, { tokenType: "team", team: deploy.team }).allowed,
      false,
    );
  });

  it("CircleCI's list claim: one matching context may admit (unsettled, never certain), an SSH rerun is refused", () => {
    const deploy = ciIdentities.find(
      (i) => i.binding.system === "circleci" && i.tier === "prod",
    ) as MachineIdentity & { binding: CiBinding };
    const [intended] = CI_UNITS.circleci.scenarios(deploy, deploy.binding, model.organization);
    const both = {
      ...intended.claims,
      "oidc.circleci.com/context-ids": [
        "00000000-0000-4000-8000-000000000001",
        (deploy.binding as { contextId: string }).contextId,
      ],
    };
    const may = evaluateAcross(issuers, both, { tokenType: "team", team: deploy.team });
    assert.equal(may.allowed, true);
    // Pulumi's docs do not say how a list or boolean claim is compared: the grant rests on that.
    assert.equal(may.certain, false);
    assert.ok(
      may.unsettled.some((u) => /context-ids.* is a list/.test(u)),
      may.unsettled.join("; "),
    );
    assert.ok(
      may.unsettled.some((u) => /ssh-rerun.* is a boolean/.test(u)),
      may.unsettled.join("; "),
    );
    const ssh = { ...both, "oidc.circleci.com/ssh-rerun": true };
    const d = evaluateAcross(issuers, ssh, { tokenType: "team", team: deploy.team });
    // Under every reading: the allow pins "false", which `true` is not.
    assert.equal(d.allowed, false);
    const without = { ...intended.claims, "oidc.circleci.com/context-ids": [] };
    assert.equal(
      evaluateAcross(issuers, without, { tokenType: "team", team: deploy.team }).allowed,
      false,
    );
  });
});
