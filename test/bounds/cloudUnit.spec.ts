/**
 * Cloud logins gathered for the cloud checks (model/config/policy/cloud.ts), called directly over
 * small lenient views: every project tier entry with a `cloud` block, its environment (its own name,
 * else the tier's), whether its tier is protected (an undeclared tier counts as protected: fail
 * closed), and every declared environment; checkCloud only with an organization. Exact values.
 * Fast enough to run under every mutant of the policy-cloud group.
 */
import assert from "node:assert/strict";
import type { ConfigIssue } from "../../model/config";
import { lenientView } from "../../model/config/view";
import { policyContext } from "../../model/config/policy/shared";
import { checkCloud, cloudUses } from "../../model/config/policy/cloud";

type Raw = Record<string, unknown>;
const AWS = { aws: { roleArn: "arn:aws:iam::123456789012:role/payments-deploy" } };

function uses(raw: Raw) {
  const r = cloudUses(policyContext(lenientView(raw), [], []));
  return { uses: r.uses, environments: [...r.environments] };
}

describe("bounds: cloud logins, unit: cloudUses", () => {
  it("each entry with a cloud block, with its tier's protection and its environment", () =>
    assert.deepEqual(
      uses({
        tiers: [
          { name: "dev", protected: false },
          { name: "prod", protected: true },
        ],
        projects: [
          {
            name: "payments",
            tiers: { dev: { cloud: AWS }, prod: { environment: "live", cloud: AWS }, staging: {} },
          },
        ],
      }),
      {
        uses: [
          {
            project: "payments",
            tier: "dev",
            protected: false,
            environment: "dev",
            cloud: AWS,
            path: "projects[0].tiers.dev.cloud",
          },
          {
            project: "payments",
            tier: "prod",
            protected: true,
            environment: "live",
            cloud: AWS,
            path: "projects[0].tiers.prod.cloud",
          },
        ],
        environments: ["payments/dev", "payments/live", "payments/staging"],
      },
    ));

  it("an undeclared tier counts as protected (fail closed)", () =>
    assert.equal(
      uses({ projects: [{ name: "p", tiers: { ghost: { cloud: AWS } } }] }).uses[0].protected,
      true,
    ));

  it("an unnamed project is skipped; the index of the others is kept", () =>
    assert.deepEqual(
      uses({
        projects: [
          { tiers: { dev: { cloud: AWS } } },
          { name: "q", tiers: { dev: { cloud: AWS } } },
        ],
      }).uses.map((u) => [u.project, u.path]),
      [["q", "projects[1].tiers.dev.cloud"]],
    ));

  it("a non-object cloud block is read as empty; a non-string environment name as the tier's", () =>
    assert.deepEqual(
      uses({
        tiers: [{ name: "dev" }],
        projects: [{ name: "p", tiers: { dev: { cloud: "aws", environment: 5 } } }],
      }),
      {
        uses: [
          {
            project: "p",
            tier: "dev",
            protected: false,
            environment: "dev",
            cloud: Object.create(null),
            path: "projects[0].tiers.dev.cloud",
          },
        ],
        environments: ["p/dev"],
      },
    ));
});

describe("bounds: cloud logins, unit: checkCloud", () => {
  const shared = (organization?: string) => {
    const errors: ConfigIssue[] = [];
    const raw = {
      organization,
      tiers: [
        { name: "dev", protected: false },
        { name: "prod", protected: true },
      ],
      projects: [{ name: "p", tiers: { dev: { cloud: AWS }, prod: { cloud: AWS } } }],
    };
    checkCloud(policyContext(lenientView(raw), errors, []));
    return errors;
  };
  it("reports the cloud problems (one identity trusted by two tiers) with an organization", () =>
    assert.ok(
      shared("acme").length > 0 &&
        shared("acme").every((e) => e.path.startsWith("projects[0].tiers.")),
    ));
  it("without an organization there is nothing to check", () =>
    assert.deepEqual(shared(undefined), []));
});
