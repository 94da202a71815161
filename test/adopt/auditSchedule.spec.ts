/**
 * The scheduled audit in the round trip (adopt/audit.ts): the prod example's org, as its plan built
 * it, adopts with its `audit.schedule` (cron and days read from the program's audit workflow in the
 * bootstrap's repository), so the auditor team and its grants import. Look-alikes declare nothing
 * and say why: the auditor's policy pinned to another repository or workflow, a missing workflow,
 * a workflow with two crons, no `--days`, days the config refuses, not YAML.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { scheduleOfWorkflow } from "../../adopt/audit";
import type { LiveGithubRepository, LivePolicy } from "../../adopt/live";
import { AUDIT_WORKFLOW_PATH, AUDITOR_TEAM } from "../../model/names";
import { Harness } from "./harness";
import { type Mutable, roundTrip } from "./roundTrip";
import type { World } from "../support/adoptServer";

const AUDITOR_ROWS = [
  "secure-org-auditor payments dev stack:none env:read",
  "secure-org-auditor payments prod stack:none env:read",
  "secure-org-auditor payments staging stack:none env:read",
  "secure-org-auditor secure-org prod stack:none env:read",
  "secure-org-auditor web dev stack:none env:read",
  "secure-org-auditor web prod stack:none env:read",
  "secure-org-auditor web staging stack:none env:read",
];

const platform = (w: Mutable<World>) =>
  w.github?.repositories.find((r) => r.name === "platform") as Mutable<LiveGithubRepository>;
const workflow = (w: Mutable<World>) =>
  platform(w).files.find((f) => f.path === AUDIT_WORKFLOW_PATH) as { content: string };
const auditorPolicies = (w: Mutable<World>) =>
  w.oidcIssuers
    .flatMap((i) => i.policies as LivePolicy[])
    .filter((p) => p.teamName === AUDITOR_TEAM && p.decision === "allow");

function scheduleOf(text: string | undefined): unknown {
  const config = (parse(text ?? "") as { config: Record<string, { schedule?: unknown }> }).config;
  return config["secure-org:audit"]?.schedule;
}

describe("adopt: the scheduled audit re-derived from the live org (issue 30 round trip)", function () {
  this.timeout(900_000);
  const h = new Harness();
  before(() => h.start());
  after(() => h.stop());

  it("the prod example's org: audit.schedule from its workflow, the auditor's rows come back", async () => {
    const o = await roundTrip(h, "prod");
    assert.deepEqual(scheduleOf(o.text), { cron: "17 5 * * *", days: 7 });
    for (const row of AUDITOR_ROWS) assert.ok(!o.onlyOriginal.includes(row), row);
    assert.deepEqual(o.onlyAdopted, []);
    // The auditor team imports as the program's (never listed unmanaged).
    assert.match(o.text ?? "", /id: acme\/secure-org-auditor\n/);
    assert.doesNotMatch(o.text ?? "", /kind: team\n\s+name: secure-org-auditor\n/);
  });

  it("an edited workflow: the proposal follows its cron and days", async () => {
    const o = await roundTrip(h, "prod", h.env(), (w) => {
      const f = workflow(w);
      f.content = f.content
        .replace(/cron: .*$/m, 'cron: "0 3 * * 1"')
        .replace(/--days 7 /, "--days 30 ");
    });
    assert.deepEqual(scheduleOf(o.text), { cron: "0 3 * * 1", days: 30 });
    assert.deepEqual(o.onlyAdopted, []);
  });

  const lookAlikes: [string, (w: Mutable<World>) => void, RegExp][] = [
    [
      "the auditor's policy pins another repository's audit workflow",
      (w) =>
        auditorPolicies(w).forEach((p) => {
          (p.rules as Record<string, string>).job_workflow_ref =
            `acme/forked/${AUDIT_WORKFLOW_PATH}@refs/heads/main`;
        }),
      /no OIDC allow policy hands its token to acme\/platform\/\.github\/workflows\/secure-org-audit\.yml on branch main/,
    ],
    [
      "the auditor's policy pins another workflow of the platform repository",
      (w) =>
        auditorPolicies(w).forEach((p) => {
          (p.rules as Record<string, string>).job_workflow_ref =
            "acme/platform/.github/workflows/secure-org-audit.yaml@refs/heads/main";
        }),
      /no OIDC allow policy hands its token/,
    ],
    [
      "the workflow is missing",
      (w) => {
        platform(w).files = platform(w).files.filter((f) => f.path !== AUDIT_WORKFLOW_PATH);
      },
      /was not read \(no GitHub token, or the file does not exist\)/,
    ],
    [
      "the workflow holds two crons",
      (w) => {
        const f = workflow(w);
        f.content = f.content.replace(/(\s+)- cron: (.*)$/m, '$1- cron: $2$1- cron: "0 0 * * *"');
      },
      /does not hold exactly one on\.schedule cron/,
    ],
  ];
  for (const [name, mutate, why] of lookAlikes)
    it(`${name}: no audit.schedule, said why; the auditor's rows stay missing, never added`, async () => {
      const o = await roundTrip(h, "prod", h.env(), mutate);
      assert.equal(scheduleOf(o.text), undefined);
      assert.match(o.text ?? "", /\[info\] audit-schedule-not-adopted team:secure-org-auditor: /);
      assert.match(o.text ?? "", why);
      for (const row of AUDITOR_ROWS) assert.ok(o.onlyOriginal.includes(row), row);
      assert.deepEqual(o.onlyAdopted, []);
    });

  it("reads only the program's shape of workflow (unit)", () => {
    const ok = [
      "on:",
      "  schedule:",
      '    - cron: "17 5 * * *"',
      "jobs:",
      "  audit:",
      "    steps:",
      "      - run: npm ci",
      "      - run: npm run audit -- --stack prod --days 14 --allow-partial --markdown | tee x",
    ].join("\n");
    assert.deepEqual(scheduleOfWorkflow(ok), { cron: "17 5 * * *", days: 14 });
    const bad: [string, RegExp][] = [
      ["on: [", /not YAML/],
      ["jobs: {}", /exactly one on\.schedule cron/],
      [ok.replace("--days 14", "--days 0"), /not one the config takes/],
      [ok.replace("--days 14", "--days 91"), /not one the config takes/],
      [ok.replace("--days 14", "--days 1e3"), /--days/],
      [ok.replace("--days 14 ", ""), /--days/],
      [ok.replace('"17 5 * * *"', '"17 5 * * * ; curl x"'), /not one the config takes/],
      [ok.replace('"17 5 * * *"', "17"), /exactly one on\.schedule cron/],
      [ok.replace("npm run audit", "npm run plan"), /--days/],
      [ok + "\n      - run: npm run audit -- --days 3 x", /--days/],
    ];
    for (const [text, why] of bad) assert.match(String(scheduleOfWorkflow(text)), why, text);
  });
});
