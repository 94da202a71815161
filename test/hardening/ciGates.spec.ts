/**
 * Issue 27, class 5: CI identity blocks checked against the rest of the config. Hostile edits of
 * the multi-ci example through the command line (see ./support.ts).
 */
import { StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited } from "./support";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const projectOf = (d: StackDoc, name: string): any =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  d.config[key.projects].find((p: any) => p.name === name);
const MOBILE = 4;
const LEDGER = 2;

function vcsOrigin(d: StackDoc, origin: string): void {
  for (const t of ["staging", "prod"]) projectOf(d, "mobile").tiers[t].circleci.vcsOrigin = origin;
}

/** A second CircleCI project "mobile2" (its own repository, project and contexts). */
function mobile2(
  d: StackDoc,
  edit: (tiers: Record<string, { circleci: Record<string, string> }>) => void,
) {
  const o = structuredClone(projectOf(d, "mobile"));
  o.name = "mobile2";
  o.repository = "mobile2-infra";
  o.repositoryId = 2099;
  const ids: Record<string, string> = {
    staging: "8e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
    prod: "8a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
  };
  for (const t of ["staging", "prod"]) {
    const cc = o.tiers[t].circleci;
    cc.vcsOrigin = "github.com/acme/mobile2-infra";
    cc.projectId = "9d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a";
    cc.contextId = ids[t];
    cc.context = `pulumi-mobile2-${t}`;
  }
  o.tiers.staging.circleci.previewContextId = "9f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c";
  o.tiers.staging.circleci.previewContext = "pulumi-mobile2-staging-preview";
  edit(o.tiers);
  d.config[key.projects].push(o);
}

describe("hardening: CI identities against the rest of the config (issue 27, class 5)", () => {
  it("refuses a CircleCI vcsOrigin under a fork owner's name", async () => {
    const run = await planEdited(
      (d) => vcsOrigin(d, "github.com/someone-else/mobile-infra"),
      "multi-ci",
    );
    assertRefused(
      run,
      `projects[${MOBILE}].tiers.prod.circleci.vcsOrigin`,
      'it names owner "someone-else", not github.owner "acme"',
      'Use "github.com/acme/mobile-infra"',
    );
  });

  it("refuses a CircleCI vcsOrigin naming another repository of the organization", async () => {
    const run = await planEdited((d) => vcsOrigin(d, "github.com/acme/payments-infra"), "multi-ci");
    assertRefused(
      run,
      `projects[${MOBILE}].tiers.staging.circleci.vcsOrigin`,
      'it names repository "payments-infra", not the project\'s "mobile-infra"',
    );
  });

  it("refuses a CircleCI vcsOrigin on another host than the repository's", async () => {
    const run = await planEdited(
      (d) => vcsOrigin(d, "bitbucket.org/acme/mobile-infra"),
      "multi-ci",
    );
    assertRefused(
      run,
      `projects[${MOBILE}].tiers.prod.circleci.vcsOrigin`,
      "its host is bitbucket.org",
    );
  });

  it("refuses a repository name that only shares a prefix", async () => {
    const run = await planEdited((d) => vcsOrigin(d, "github.com/acme/mobile-infra2"), "multi-ci");
    assertRefused(
      run,
      `projects[${MOBILE}].tiers.prod.circleci.vcsOrigin`,
      'names repository "mobile-infra2"',
    );
  });

  it("refuses one project's prod approval context as another project's preview context", async () => {
    const run = await planEdited(
      (d) =>
        mobile2(d, (tiers) => {
          tiers.staging.circleci.previewContextId = projectOf(
            d,
            "mobile",
          ).tiers.prod.circleci.contextId;
        }),
      "multi-ci",
    );
    assertRefused(
      run,
      `projects[${MOBILE}].tiers.prod.circleci.contextId`,
      "is also the preview context of mobile2/staging",
    );
  });

  it("refuses it by name too (CircleCI configs name contexts), in any case", async () => {
    const run = await planEdited(
      (d) =>
        mobile2(d, (tiers) => {
          tiers.staging.circleci.previewContext = "PULUMI-MOBILE-PROD";
        }),
      "multi-ci",
    );
    assertRefused(
      run,
      `projects[${MOBILE}].tiers.prod.circleci.context`,
      'CircleCI context "pulumi-mobile-prod"',
    );
  });

  it("refuses one project's deploy context as another project's deploy context", async () => {
    const run = await planEdited(
      (d) =>
        mobile2(d, (tiers) => {
          tiers.prod.circleci.contextId = projectOf(d, "mobile").tiers.prod.circleci.contextId;
        }),
      "multi-ci",
    );
    assertRefused(
      run,
      "projects[7].tiers.prod.circleci.contextId",
      "is also the deploy context of mobile/prod",
    );
  });

  it("refuses one tier's deploy context as another tier's of the same project", async () => {
    const run = await planEdited((d) => {
      const m = projectOf(d, "mobile");
      m.tiers.staging.circleci.contextId = m.tiers.prod.circleci.contextId;
    }, "multi-ci");
    assertRefused(
      run,
      `projects[${MOBILE}].tiers.prod.circleci.contextId`,
      "the deploy context of mobile/staging",
    );
  });

  it("refuses an Azure DevOps service connection that another project deploys through", async () => {
    const run = await planEdited((d) => {
      const l = projectOf(d, "ledger");
      const o = structuredClone(l);
      o.name = "ledger2";
      o.repository = "ledger2-infra";
      o.tiers.staging.azureDevops.serviceConnection = structuredClone(
        l.tiers.prod.azureDevops.serviceConnection,
      );
      o.tiers.staging.azureDevops.previewServiceConnection = {
        name: "pulumi-ledger2-staging-preview",
        id: "3f9d1e4b-5c6a-4d7e-8f9a-4b5c6d7e8f9a",
      };
      o.tiers.prod.azureDevops.serviceConnection = {
        name: "pulumi-ledger2-prod",
        id: "4a0e2f5c-6d7b-4e8f-9a0b-5c6d7e8f9a0b",
      };
      d.config[key.projects].push(o);
    }, "multi-ci");
    assertRefused(
      run,
      `projects[${LEDGER}].tiers.prod.azureDevops.serviceConnection.name`,
      "ledger2",
    );
  });

  it("accepts the multi-ci example with a vcsOrigin spelled in another case (GitHub folds it)", async () => {
    assertAccepted(
      await planEdited((d) => vcsOrigin(d, "github.com/ACME/Mobile-Infra"), "multi-ci"),
    );
  });

  it("accepts a second CircleCI project with contexts of its own", async () => {
    assertAccepted(await planEdited((d) => mobile2(d, () => undefined), "multi-ci"));
  });
});
