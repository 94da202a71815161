/**
 * Issue 30, the round trip: an example's plan (GitHub ids pinned) applied to an empty organization
 * (test/support/worldFromPlan.ts), served by the adopt stand-in on 127.0.0.1 (answers checked
 * against the OpenAPI spec), adopted with `npm run adopt`, and the proposal planned. This records
 * where the round trip stands: the outcome per example is asserted exactly (KNOWN), so a fix, or a
 * regression, changes it and shows. It is NOT clean yet (see docs/adoption.md, "The round trip").
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import type { PlanReport } from "../../plan";
import { exampleDoc } from "../support/examples";
import { worldFromPlan } from "../support/worldFromPlan";
import { key } from "../hardening/support";
import { Harness } from "./harness";

const OBJECT_KINDS = [
  "deployment-settings",
  "drift-schedule",
  "approval-rule",
  "policy-group",
  "stack-tags",
];

type Example = "dev" | "prod" | "multi-ci";
type Row = {
  team: string;
  project: string;
  stackPermission: string;
  environmentPermission: string;
};
const rows = (p: PlanReport): string[] =>
  (p.accessMatrix as unknown as { tier: string; rows: Row[] }[])
    .flatMap((t) =>
      t.rows.map(
        (r) =>
          `${r.team} ${r.project} ${t.tier} stack:${r.stackPermission} env:${r.environmentPermission}`,
      ),
    )
    .sort();

interface Outcome {
  /** Unmanaged Deployments settings, schedules, approval rules, policy groups, stack tags. */
  objects: string[];
  /** The adopt errors when the proposal does not validate. */
  errors: string[];
  onlyOriginal: string[];
  onlyAdopted: string[];
  high: string[];
  /** Medium findings' codes. */
  medium: string[];
}

async function roundTrip(
  h: Harness,
  example: Example,
  env = h.env(),
): Promise<Outcome & { text?: string }> {
  const doc = exampleDoc(example);
  const ids = new Map<string, number>();
  doc.config[key.github].ownerId ??= 1001;
  (
    doc.config[key.projects] as { name: string; repository?: string; repositoryId?: number }[]
  ).forEach((p, n) => {
    p.repositoryId ??= 2101 + n;
    ids.set(p.repository ?? p.name, p.repositoryId);
  });
  const platform = doc.config[key.github].platformRepository;
  if (platform && !ids.has(platform)) ids.set(platform, 2900);
  const src = h.file(`Pulumi.${example}.yaml`);
  writeFileSync(src, stringify(doc));
  const p0 = await h.plan(["--config", src, "--json"]);
  assert.equal(p0.code, 0, p0.stderr);
  const original = p0.report as PlanReport;
  h.world = worldFromPlan(original, "2026-11-25T12:00:00.000Z", {
    ownerId: doc.config[key.github].ownerId,
    repositoryIds: ids,
  });
  const out = h.file(`Pulumi.${example}-adopted.yaml`);
  const r = await h.adopt(["--org", original.organization, "--out", out], env);
  if (!r.files.has(out))
    return {
      objects: [],
      errors: [`exit ${r.code}: ${r.stderr}`],
      onlyOriginal: [],
      onlyAdopted: [],
      high: [],
      medium: [],
    };
  const text = r.files.get(out) as string;
  const p1 = await h.plan(["--config", out, "--json"]);
  assert.equal(p1.code, 0, p1.stderr);
  const record = (
    parse(text) as { config: Record<string, { unmanaged?: { kind: string; name: string }[] }> }
  ).config["secure-org:adopt"];
  const unmanaged = (record.unmanaged ?? []).map((u) => `${u.kind} ${u.name}`);
  const a = rows(original);
  const b = rows(p1.report as PlanReport);
  return {
    text,
    errors: [],
    objects: unmanaged.filter((u) => OBJECT_KINDS.some((k) => u.startsWith(`${k} `))).sort(),
    onlyOriginal: a.filter((x) => !b.includes(x)),
    onlyAdopted: b.filter((x) => !a.includes(x)),
    high: [
      ...new Set(
        text
          .split("\n")
          .map((l) => /^#\s*\[high\] ([a-z-]+) /.exec(l)?.[1])
          .filter((c): c is string => c !== undefined),
      ),
    ].sort(),
    medium: [
      ...new Set(
        text
          .split("\n")
          .map((l) => /^#\s*\[medium\] ([a-z-]+) /.exec(l)?.[1])
          .filter((c): c is string => c !== undefined),
      ),
    ].sort(),
  };
}

/**
 * Where each example's round trip stands (not clean yet): access rows of the original plan the
 * adopted plan lacks, and the codes of the high findings adopt reports.
 * - dev, prod: the secure-org project's prod environment read of platform/security and the
 *   auditor's reads are rows the program derives (audit role, bootstrap project), which adopt
 *   does not re-derive yet;
 * - prod: since main's per-use break-glass shape (bg28), sre's standing break-glass open on prod
 *   is not re-declared by adopt (it grants less: the rows are missing, never added), and its open
 *   on the `prod-cloud` environments the program owns is left unmanaged;
 * - multi-ci: no GitHub team holds push on every repository of prod/staging, so adopt cannot keep
 *   them protected; the pipeline teams are reserved names and not re-declared, and the other CIs'
 *   issuers stay unmanaged.
 */
const KNOWN: Record<Example, { onlyOriginal: string[]; high: string[] }> = {
  dev: { onlyOriginal: [], high: [] },
  prod: {
    onlyOriginal: [
      "secure-org-auditor payments dev stack:none env:read",
      "secure-org-auditor payments prod stack:none env:read",
      "secure-org-auditor payments staging stack:none env:read",
      "secure-org-auditor secure-org prod stack:none env:read",
      "secure-org-auditor web dev stack:none env:read",
      "secure-org-auditor web prod stack:none env:read",
      "secure-org-auditor web staging stack:none env:read",
      "sre payments prod stack:none env:open",
      "sre web prod stack:none env:open",
    ],
    high: ["unmanaged-protected-grant"],
  },
  "multi-ci": {
    onlyOriginal: [
      "billing-prod-deploy billing prod stack:write env:open",
      "billing-staging-deploy billing staging stack:write env:open",
      "billing-staging-preview billing staging stack:read env:open",
      "ledger-prod-deploy ledger prod stack:write env:open",
      "ledger-staging-deploy ledger staging stack:write env:open",
      "ledger-staging-preview ledger staging stack:read env:open",
      "mobile-prod-deploy mobile prod stack:write env:open",
      "mobile-staging-deploy mobile staging stack:write env:open",
      "mobile-staging-preview mobile staging stack:read env:open",
      "payments-prod-deploy payments prod stack:write env:open",
      "payments-prod-drift payments prod stack:read env:open",
      "payments-staging-deploy payments staging stack:write env:open",
      "payments-staging-preview payments staging stack:read env:open",
      "platform secure-org prod stack:none env:read",
      "search-prod-deploy search prod stack:write env:open",
      "search-staging-deploy search staging stack:write env:open",
      "security secure-org prod stack:none env:read",
      "web-prod-deploy web prod stack:write env:none",
      "web-staging-deploy web staging stack:write env:none",
    ],
    high: [
      "oidc-wide-policy",
      "tier-not-protected",
      "unmanaged-oidc-wide-policy",
      "unprotected-tier-human-access",
    ],
  },
};

/**
 * The live objects of these kinds that adopt lists unmanaged (the rest import): the prod example's
 * Deployments settings, drift schedule, approval rules and mandatory policy group all import.
 * dev: its test tier's Deployments settings (the tier is not adopted as a pipeline tier); multi-CI:
 * its prod and staging tiers are not kept protected (see KNOWN), so their pipeline objects stay.
 */
const OBJECTS: Record<Example, string[]> = {
  dev: ["deployment-settings checkout/test", "deployment-settings search/test"],
  prod: [],
  "multi-ci": [
    "approval-rule billing/prod secure-org billing/prod changes",
    "approval-rule ledger/prod secure-org ledger/prod changes",
    "approval-rule mobile/prod secure-org mobile/prod changes",
    "approval-rule payments/prod secure-org payments/prod changes",
    "approval-rule search/prod secure-org search/prod changes",
    "approval-rule web/prod secure-org web/prod changes",
    "deployment-settings web/prod",
    "deployment-settings web/staging",
    "drift-schedule web/prod 0 */6 * * *",
    "policy-group secure-org-guardrails-mandatory",
  ],
};

describe("adopt: the round trip of the examples (issue 30; not clean yet)", function () {
  this.timeout(900_000);
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it("dev without a GitHub token: the bootstrap is not declared (no protected tier), the proposal validates", async () => {
    const o = await roundTrip(h, "dev", h.env({ GITHUB_TOKEN: undefined }));
    assert.deepEqual(o.errors, []);
    assert.deepEqual(o.onlyAdopted, []);
    assert.match(o.text ?? "", /\[info\] bootstrap-not-adopted project:secure-org: /);
    assert.ok(o.high.includes("tier-not-protected"), o.high.join(", "));
  });

  for (const example of ["dev", "prod", "multi-ci"] as const)
    it(`${example}: records where the round trip stands`, async () => {
      const o = await roundTrip(h, example);
      // The proposal validates, and the adopted config never grants more than the original.
      assert.deepEqual(o.errors, []);
      assert.deepEqual(o.onlyAdopted, []);
      // The program's own stack tags import: no clash to delete by hand.
      assert.ok(!o.medium.includes("stack-tags-clash"), o.medium.join(", "));
      assert.deepEqual({ onlyOriginal: o.onlyOriginal, high: o.high }, KNOWN[example]);
      // Nothing dropped silently (issue 30 item 4): what is not imported is listed, with a reason.
      assert.deepEqual(o.objects, OBJECTS[example]);
    });
});
