/**
 * Issue 27, class 3: in Pulumi's rules `.` matches any one character, so a pinned value with a `.`
 * is not exact. Through the command line: an unprotected tier deploying from `release.1` on
 * CircleCI or Jenkins gives its token to a push of `release-1`, which any writer can create (the
 * ruleset covers `release.1` only) — refused; an adopted policy pinning `repository_id: "200."`
 * (it matches 2001..2009) or a wildcard team scope is wide — refused without break-glass. Controls
 * without a dot stay accepted.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { main } from "../../scripts/plan";
import { StackDoc } from "../support/examples";
import { multiCiDoc } from "../support/multiCi";
import { assertAccepted, assertRefused, key, planEdited, PlanRun } from "./support";

/** Plans an edited multi-ci example through the command line, in-process. */
async function planMultiCi(edit: (doc: StackDoc) => void): Promise<PlanRun> {
  const doc = multiCiDoc();
  edit(doc);
  const dir = mkdtempSync(path.join(tmpdir(), "secure-org-dots-"));
  try {
    const file = path.join(dir, "Pulumi.multi-ci.yaml");
    writeFileSync(file, stringify(doc));
    let stdout = "";
    let stderr = "";
    const code = await main(["--config", file], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    return { code, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const project = (d: StackDoc, name: string): [number, any] => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const list = d.config[key.projects] as any[];
  const i = list.findIndex((p) => p.name === name);
  return [i, list[i]];
};

/** Staging (unprotected) deploys from `branch`, which every project's ruleset covers. */
const stagingFrom = (branch: string) => (d: StackDoc) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const staging = (d.config[key.tiers] as any[]).find((t) => t.name === "staging");
  staging.deploy.branch = branch;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const p of d.config[key.projects] as any[]) p.protectedBranches = [branch];
};

describe("hardening: '.' in a pinned value is a wildcard (issue 27, class 3)", () => {
  for (const name of ["mobile", "search"]) {
    it(`refuses an unprotected ${name} tier deploying from release.1: a push of release-1 obtains its token`, async () => {
      const run = await planMultiCi(stagingFrom("release.1"));
      const [i] = project(multiCiDoc(), name);
      assertRefused(
        run,
        `projects[${i}].tiers.staging`,
        '"release-1"',
        "'.' matches any one character",
      );
    });
  }

  it("control: the same tiers deploying from release-1 (no dot) are accepted", async () => {
    assertAccepted(await planMultiCi(stagingFrom("release-1")));
  });

  const PINS = {
    aud: "urn:pulumi:org:acme",
    repository_owner_id: "1001",
    ref: "refs/heads/main",
    environment: "prod",
  };
  const adopt =
    (rules: Record<string, string>, teamName = "payments-prod-deploy") =>
    (d: StackDoc) => {
      d.config[key.projects][0].repositoryId = 2001;
      d.config[key.oidc] = {
        ...(d.config[key.oidc] ?? {}),
        adoptedPolicies: [{ decision: "allow", tokenType: "team", teamName, rules }],
      };
    };

  it('refuses an adopted policy pinning repository_id "200." (it matches repository 2001 and others)', async () => {
    const run = await planEdited(adopt({ ...PINS, repository_id: "200." }));
    assertRefused(run, "oidc.adoptedPolicies[0]", "wide", 'repository_id = "200."', '"200-"');
  });

  it("refuses an adopted policy whose environment or ref pin has a '.'", async () => {
    assertRefused(
      await planEdited(adopt({ ...PINS, repository_id: "2001", environment: "pro." })),
      "oidc.adoptedPolicies[0]",
      'environment = "pro."',
    );
    assertRefused(
      await planEdited(adopt({ ...PINS, repository_id: "2001", ref: "refs/heads/mai." })),
      "oidc.adoptedPolicies[0]",
      'ref = "refs/heads/mai."',
    );
  });

  it("refuses an adopted policy whose team scope is a pattern (payments-prod.deploy)", async () => {
    const run = await planEdited(adopt({ ...PINS, repository_id: "2001" }, "payments-prod.deploy"));
    assertRefused(run, "oidc.adoptedPolicies[0]", "team scope", '"payments-prod-deploy"');
  });

  it("refuses an adopted policy whose rule key is not a documented claim path", async () => {
    const run = await planEdited(adopt({ ...PINS, repository_id: "2001", 'a."b': "x" }));
    assertRefused(run, "oidc.adoptedPolicies[0]", "claim paths cannot read");
  });

  it("control: the same adopted policy with exact pins is accepted", async () => {
    assertAccepted(await planEdited(adopt({ ...PINS, repository_id: "2001" })));
  });

  it("control: a '.' only in the workflow file's fixed path of job_workflow_ref is exact", async () => {
    const run = await planEdited(
      adopt({
        ...PINS,
        repository_id: "2001",
        job_workflow_ref: "acme/payments-infra/.github/workflows/deploy.yml@refs/heads/main",
      }),
    );
    assertAccepted(run);
  });
});
