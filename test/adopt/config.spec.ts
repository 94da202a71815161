/**
 * The config keys adoption adds: `oidc.adoptedPolicies` (a wide allow policy only as declared,
 * reported break-glass), `audit.webhooks[].displayName` (org-wide only), `guard` and `adopt`.
 * Hostile cases try to slip a wide policy past the check.
 */
import assert from "node:assert/strict";
import { formatIssue } from "../../model/config";
import { loadOrgConfig } from "../../model/load";
import { buildAccessModel } from "../../model/access";
import { buildOidcPolicies, toProviderPolicies } from "../../model/oidc";
import { entriesOf, exampleDoc, StackDoc } from "../support/examples";

const IDS = { ownerId: 1001, repositoryIds: { "payments-infra": 2001, platform: 2003 } };

function load(edit: (doc: StackDoc) => void) {
  const doc = exampleDoc("prod");
  edit(doc);
  return loadOrgConfig(entriesOf(doc));
}

const errorsOf = (edit: (doc: StackDoc) => void) => {
  const r = load(edit);
  return r.ok ? [] : r.errors.map(formatIssue);
};

const PINNED = {
  aud: "urn:pulumi:org:acme",
  repository_id: "2001",
  repository_owner_id: "1001",
  ref: "refs/heads/main",
  environment: "prod",
};
const JUSTIFIED = {
  justification: "Kept from before adoption until the release pipeline moves to secure-org",
};

const withPolicies = (policies: unknown[]) => (d: StackDoc) => {
  d.config["secure-org:oidc"] = { maxExpirationSeconds: 3600, adoptedPolicies: policies };
};

describe("adopt: config keys", () => {
  it("accepts a narrow adopted allow policy without break-glass and puts it first", () => {
    const policy = { decision: "allow", tokenType: "team", teamName: "platform", rules: PINNED };
    const r = load(withPolicies([policy]));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    const model = buildAccessModel(r.config, r.warnings);
    const policies = buildOidcPolicies(model, IDS);
    assert.deepEqual(toProviderPolicies(policies)[0], {
      decision: "allow",
      tokenType: "team",
      teamName: "platform",
      rules: PINNED,
    });
    assert.equal(policies[0].adopted, 0);
    assert.ok(policies.length > 1, "generated policies follow");
    assert.ok(!r.warnings.some((w) => w.code === "adopted-oidc-policy"));
  });

  it("refuses a wildcard allow policy unless declared break-glass, and reports it when declared", () => {
    const wild = {
      decision: "allow",
      tokenType: "team",
      teamName: "platform",
      rules: { ...PINNED, ref: "refs/heads/*" },
    };
    assert.deepEqual(errorsOf(withPolicies([wild])), [
      "oidc.adoptedPolicies[0]: this allow policy is wide: has a wildcard ('*', '?' or '.', which matches any one character) in ref = \"refs/heads/*\" (also \"refs/heads/x\"): it matches more than one context; pins none of ref, job_workflow_ref: any workflow of the repository, pull requests included, obtains the token. Pin exact values, remove it (`npm run adopt -- --tighten` drops it), or declare breakGlass with a justification",
    ]);
    const r = load(withPolicies([{ ...wild, breakGlass: JUSTIFIED }]));
    assert.ok(r.ok);
    const w = r.warnings.filter((x) => x.code === "adopted-oidc-policy");
    assert.equal(w.length, 1);
    assert.equal(w[0].severity, "high");
    assert.equal(w[0].path, "oidc.adoptedPolicies[0]");
  });

  it("hostile: a '?' wildcard, a missing pin and a policy with no context pin are all wide", () => {
    const cases: Record<string, string>[] = [
      { ...PINNED, ref: "refs/heads/ma?n" },
      { aud: PINNED.aud, repository_id: "2001", ref: "refs/heads/main" },
      { aud: PINNED.aud, repository_id: "2001", repository_owner_id: "1001" },
      // A context pin that is itself a wildcard pins nothing.
      { ...PINNED, ref: "*" },
    ];
    for (const rules of cases) {
      const errors = errorsOf(
        withPolicies([
          { decision: "allow", tokenType: "organization", authorizedPermissions: ["admin"], rules },
        ]),
      );
      assert.equal(errors.length, 1, JSON.stringify(rules));
      assert.match(errors[0], /^oidc\.adoptedPolicies\[0\]: this allow policy is wide/);
    }
  });

  it("a deny policy never needs break-glass; break-glass on a narrow policy is refused", () => {
    assert.deepEqual(
      errorsOf(
        withPolicies([{ decision: "deny", tokenType: "team", teamName: "x", rules: { ref: "*" } }]),
      ),
      [],
    );
    assert.deepEqual(
      errorsOf(
        withPolicies([
          {
            decision: "allow",
            tokenType: "team",
            teamName: "x",
            rules: PINNED,
            breakGlass: JUSTIFIED,
          },
        ]),
      ),
      ["oidc.adoptedPolicies[0].breakGlass: this policy is not wide; remove breakGlass"],
    );
  });

  it("hostile: an invisible or symbol-only justification does not declare break-glass", () => {
    const wild = {
      decision: "allow",
      tokenType: "team",
      teamName: "x",
      rules: { ...PINNED, ref: "*" },
    };
    const errors = errorsOf(
      withPolicies([
        { ...wild, breakGlass: { justification: "\u200b".repeat(30) + "!!!!!!!!!!!!!!!!!!!!!" } },
      ]),
    );
    assert.ok(
      errors.some((e) => e.startsWith("oidc.adoptedPolicies[0].breakGlass.justification:")),
    );
  });

  it("requires the token's field per token type and at least one rule", () => {
    assert.deepEqual(
      errorsOf(withPolicies([{ decision: "allow", tokenType: "team", rules: PINNED }])),
      ["oidc.adoptedPolicies[0].teamName: is required for a team token policy"],
    );
    const errors = errorsOf(
      withPolicies([{ decision: "deny", tokenType: "team", teamName: "x", rules: {} }]),
    );
    assert.ok(errors.some((e) => e.includes("a policy without rules matches every token request")));
  });

  it("a displayName only for org-wide webhooks", () => {
    const errors = errorsOf((d) => {
      d.config["secure-org:audit"].webhooks[1].displayName = "SIEM prod failures";
    });
    assert.deepEqual(errors, [
      "audit.webhooks[1].displayName: only org-wide webhooks take a displayName (scoped ones are named after each stack or environment); remove it or the scope",
    ]);
    const r = load((d) => {
      d.config["secure-org:audit"].webhooks[0].displayName = "Security alerts";
    });
    assert.ok(r.ok);
    const hook = buildAccessModel(r.config).webhooks.find((w) => w.key === "security");
    assert.equal(hook?.displayName, "Security alerts");
  });

  it("guard: defaults to 25 percent; refuses percentages outside 0..100 and negative acknowledgements", () => {
    const r = load(() => undefined);
    assert.ok(r.ok);
    assert.deepEqual({ ...r.config.guard }, { maxRemovalPercent: 25 });
    const errors = errorsOf((d) => {
      d.config["secure-org:guard"] = { maxRemovalPercent: 150, acknowledgeRemovals: -1 };
    });
    assert.equal(errors.length, 2);
    assert.match(errors[0], /^guard\.maxRemovalPercent:/);
    assert.match(errors[1], /^guard\.acknowledgeRemovals:/);
  });

  it("adopt: a record with imports and unmanaged entities; unknown keys are refused", () => {
    const record = {
      readAt: "2026-11-25T12:00:00.000Z",
      organization: "acme",
      imports: [
        {
          type: "pulumiservice:index:Team",
          name: "platform-pulumi",
          id: "acme/platform",
          match: { name: "platform" },
          live: { members: ["alice", "bob"] },
        },
      ],
      unmanaged: [{ kind: "team", name: "ops", reason: "a GitHub-backed team" }],
    };
    const r = load((d) => (d.config["secure-org:adopt"] = record));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    assert.equal(r.config.adopt?.imports[0].id, "acme/platform");
    const errors = errorsOf(
      (d) =>
        (d.config["secure-org:adopt"] = { ...record, imports: [{ ...record.imports[0], ids: 1 }] }),
    );
    assert.ok(
      errors.some((e) => e.startsWith('adopt.imports[0].ids: unknown key "ids"')),
      errors.join("\n"),
    );
  });
});
