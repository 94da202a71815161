/**
 * Issue 30 item 1, through `npm run adopt` and the plan: an organization whose GitHub Actions
 * issuer holds exactly the reviewed-preview policy the program generates for payments on the
 * protected prod tier (a team token of payments-prod-preview, `event_name: pull_request`, exact
 * pins of the repository id, `base_ref` main and the payments-prod-preview environment) is adopted
 * with `deploy.reviewedPreviews` on prod: the policy is then not wide (no finding, no break-glass,
 * `--tighten` keeps it) and the proposal's plan validates. Every hostile look-alike (no
 * environment pin, no `base_ref`, another base branch, a wildcard or `.` in a pin,
 * `pull_request_target`, another team, another repository id, a case variant, a `__proto__` or
 * bidi team name) infers nothing and stays a wide policy that `--tighten` drops.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { LivePolicy } from "../../adopt/live";
import { ORG } from "../support/messyOrg";
import { Harness } from "./harness";

const PREVIEW: LivePolicy = {
  decision: "allow",
  tokenType: "team",
  teamName: "payments-prod-preview",
  rules: {
    aud: `urn:pulumi:org:${ORG}`,
    repository_owner_id: "1001",
    repository_id: "2001",
    event_name: "pull_request",
    base_ref: "main",
    environment: "payments-prod-preview",
  },
};

const without = (k: string): LivePolicy => {
  const rules = { ...PREVIEW.rules };
  delete rules[k];
  return { ...PREVIEW, rules };
};
const withRule = (k: string, v: string): LivePolicy => ({
  ...PREVIEW,
  rules: { ...PREVIEW.rules, [k]: v },
});

const HOSTILE: [string, LivePolicy][] = [
  ["no environment pin", without("environment")],
  ["no base_ref", without("base_ref")],
  ["another base branch", withRule("base_ref", "develop")],
  ["a wildcard environment", withRule("environment", "payments-prod-*")],
  ["a '.' in the environment", withRule("environment", "payments.prod-preview")],
  ["a case variant of the environment", withRule("environment", "Payments-Prod-Preview")],
  ["event pull_request_target", withRule("event_name", "pull_request_target")],
  ["another repository id", withRule("repository_id", "2002")],
  ["another team", { ...PREVIEW, teamName: "payments-prod-deploy" }],
  ["team __proto__", { ...PREVIEW, teamName: "__proto__" }],
  ["a bidi control in the team", { ...PREVIEW, teamName: "payments-prod-preview\u202e" }],
  ["an organization token", { ...PREVIEW, tokenType: "organization", teamName: undefined }],
];

describe("adopt infers reviewed previews from the program's own policy (issue 30 item 1)", function () {
  this.timeout(600_000);
  const h = new Harness();
  const saved = h.world;
  before(() => h.start());
  after(() => h.stop());

  /** The preview environment GitHub shows: with required reviewers, without, or none. */
  type PreviewEnv = "reviewed" | "unreviewed" | "absent";
  const withPreviewEnv = (env: PreviewEnv): typeof saved.github =>
    saved.github && {
      ...saved.github,
      repositories: saved.github.repositories.map((r) =>
        r.name !== "payments-infra" || env === "absent"
          ? r
          : {
              ...r,
              environments: [
                ...r.environments,
                {
                  name: "payments-prod-preview",
                  preventSelfReview: true,
                  canAdminsBypass: false,
                  waitTimer: 0,
                  reviewerTeamIds: env === "reviewed" ? [11] : [],
                  customBranchPolicies: false,
                  protectedBranches: false,
                  policies: [],
                },
              ],
            },
      ),
    };

  async function adoptWith(
    policy: LivePolicy,
    tighten = false,
    env: PreviewEnv = "reviewed",
    extraEnv: Record<string, string | undefined> = {},
  ) {
    h.world = {
      ...saved,
      oidcIssuers: saved.oidcIssuers.map((i, n) =>
        n === 0 ? { ...i, policies: [...i.policies, policy] } : i,
      ),
      github: withPreviewEnv(env),
    };
    try {
      const file = h.file(tighten ? "Pulumi.tight.yaml" : "Pulumi.loose.yaml");
      const r = await h.adopt(
        ["--org", ORG, "--out", file, ...(tighten ? ["--tighten"] : [])],
        h.env(extraEnv),
      );
      assert.ok(r.files.has(file), `adopt wrote no proposal (exit ${r.code}): ${r.stderr}`);
      const text = readFileSync(file, "utf8");
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const config = (parse(text) as { config: Record<string, any> }).config;
      const tiers = config["secure-org:tiers"] as {
        name: string;
        deploy: Record<string, unknown>;
      }[];
      const policies = (config["secure-org:oidc"].adoptedPolicies ?? []) as LivePolicy[];
      const kept = policies.find(
        (p) =>
          JSON.stringify(p.rules) === JSON.stringify(policy.rules) &&
          p.teamName === policy.teamName,
      );
      return { r, text, prod: tiers.find((t) => t.name === "prod"), kept, file };
    } finally {
      h.world = saved;
    }
  }

  it("declares reviewedPreviews on prod and keeps the policy without break-glass or finding; the plan validates", async () => {
    const { r, text, prod, kept, file } = await adoptWith(PREVIEW);
    assert.ok([0, 1].includes(r.code), r.stderr);
    assert.equal(prod?.deploy.reviewedPreviews, true);
    assert.ok(kept, "the preview policy is kept");
    assert.equal((kept as unknown as Record<string, unknown>).breakGlass, undefined);
    assert.doesNotMatch(text, /oidc-wide-policy[^\n]*payments-prod-preview/);
    assert.match(
      text,
      /\[info\] reviewed-previews tier:prod: pull requests of payments preview tier prod/,
    );
    // The tier's other GitHub Actions projects keep previews off.
    const projects = parse(text).config["secure-org:projects"] as {
      name: string;
      tiers: Record<string, { previewPullRequests?: boolean }>;
    }[];
    assert.equal(
      projects.find((p) => p.name === "payments")?.tiers.prod.previewPullRequests,
      undefined,
    );
    assert.equal(projects.find((p) => p.name === "data")?.tiers.prod.previewPullRequests, false);
    const plan = await h.plan(["--config", file]);
    assert.equal(plan.code, 0, plan.stderr);
  });

  it("--tighten keeps the program's preview policy (nothing to delete)", async () => {
    const { prod, kept } = await adoptWith(PREVIEW, true);
    assert.equal(prod?.deploy.reviewedPreviews, true);
    assert.ok(kept, "--tighten deleted the program's own preview policy");
  });

  it("GitHub's preview environment without required reviewers, or missing, infers nothing", async () => {
    for (const env of ["unreviewed", "absent"] as const) {
      const { prod, text } = await adoptWith(PREVIEW, false, env);
      assert.notEqual(prod?.deploy.reviewedPreviews, true, env);
      assert.doesNotMatch(text, /reviewed-previews tier:prod/, env);
    }
  });

  it("a repository adopt could not read infers nothing and says it could not check", async () => {
    // The repository answers 404 to the token (not readable): whether GitHub reviews the
    // preview environment is unknown, so nothing is inferred and the proposal says so.
    const gh = saved.github;
    assert.ok(gh);
    h.world = {
      ...saved,
      oidcIssuers: saved.oidcIssuers.map((i, n) =>
        n === 0 ? { ...i, policies: [...i.policies, PREVIEW] } : i,
      ),
      github: { ...gh, repositories: gh.repositories.filter((r) => r.name !== "payments-infra") },
    };
    try {
      const file = h.file("Pulumi.unread.yaml");
      await h.adopt(["--org", ORG, "--out", file]);
      const text = readFileSync(file, "utf8");
      assert.doesNotMatch(text, /reviewed-previews tier:prod/);
      assert.match(
        text,
        /\[medium\] reviewed-preview-unchecked project:payments tier:prod: .*repository payments-infra could not be read/,
      );
    } finally {
      h.world = saved;
    }
  });

  for (const [what, policy] of HOSTILE)
    it(`a look-alike with ${what} is not inferred safe: no reviewedPreviews, a wide finding, --tighten drops it`, async () => {
      const loose = await adoptWith(policy);
      assert.notEqual(loose.prod?.deploy.reviewedPreviews, true, loose.text.slice(0, 4000));
      assert.doesNotMatch(loose.text, /reviewed-previews tier:prod/);
      if (loose.kept) {
        assert.ok((loose.kept as unknown as Record<string, unknown>).breakGlass, what);
        const tight = await adoptWith(policy, true);
        assert.equal(tight.kept, undefined, `--tighten kept ${what}`);
      } else {
        // Refused outright (what the config cannot hold): reported under its own subject, never kept.
        const n = saved.oidcIssuers[0].policies.length;
        assert.match(loose.text, new RegExp(`\\] [a-z-]+ oidc:github-actions#${n}: `), what);
      }
    });
});
