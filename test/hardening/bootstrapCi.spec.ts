/**
 * Review of issue 14 class 5 with the other CIs: the bootstrap's organization token is pinned to
 * its workflow in the platform repository's reviewed GitHub environment, so the bootstrap deploys
 * on GitHub Actions only; a GitLab, Jenkins or CircleCI pipeline would hold the org admin token
 * behind that CI's own (unchecked) protection.
 */
import assert from "node:assert/strict";
import { StackDoc } from "../support/examples";
import { multiCiLoad, PROJECT } from "../support/multiCi";

const BOOTSTRAP = 6;

function errorsAt(edit: (d: StackDoc) => void, path: string): string[] {
  const r = multiCiLoad(edit);
  assert.ok(!r.ok, "expected the config to be refused");
  return r.errors.filter((e) => e.path === path).map((e) => e.message);
}

const bootstrap = (d: StackDoc) => d.config["secure-org:projects"][BOOTSTRAP];

describe("hardening: the bootstrap on another CI (class 5)", () => {
  it("is the bootstrap project of the example", () => {
    const r = multiCiLoad();
    assert.ok(r.ok);
    assert.equal(r.config.projects[BOOTSTRAP].bootstrap, true);
  });

  it("refuses the bootstrap on a Jenkins job", () => {
    const msgs = errorsAt((d) => {
      bootstrap(d).tiers.prod = {
        ci: "jenkins",
        jenkins: { url: "https://jenkins.example.com", jobPath: "platform/platform" },
      };
    }, "projects[6].tiers.prod.ci");
    assert.ok(
      msgs.some((m) => m.includes("organization token") && m.includes("jenkins")),
      msgs.join("\n"),
    );
  });

  it("refuses the bootstrap on GitLab CI", () => {
    const msgs = errorsAt((d) => {
      bootstrap(d).tiers.prod = {
        ci: "gitlab",
        gitlab: { url: "https://gitlab.example.com", projectId: 999, namespaceId: 77 },
      };
    }, "projects[6].tiers.prod.ci");
    assert.ok(
      msgs.some((m) => m.includes("Remove ci")),
      msgs.join("\n"),
    );
  });

  it("refuses the bootstrap on CircleCI", () => {
    const cc = (d: StackDoc) => d.config["secure-org:projects"][PROJECT.mobile].tiers.prod.circleci;
    const msgs = errorsAt((d) => {
      bootstrap(d).tiers.prod = {
        ci: "circleci",
        circleci: {
          ...cc(d),
          projectId: "9d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
          vcsOrigin: "github.com/acme/platform",
          contextId: "9a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
          context: "pulumi-platform",
        },
      };
    }, "projects[6].tiers.prod.ci");
    assert.ok(
      msgs.some((m) => m.includes("circleci pipeline")),
      msgs.join("\n"),
    );
  });
});
