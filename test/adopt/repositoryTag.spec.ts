/**
 * Issue 30 item 4, through `npm run adopt`: a project's repository named by the program's own stack
 * tag (`secure-org:repository: <owner>/<name>`) wins over a guess from the project's name. A tag
 * naming another owner (any case of the same owner counts: GitHub compares owners
 * case-insensitively), or a name our rules refuse, is not taken: the guess stays and is reported.
 */
import assert from "node:assert/strict";
import { ORG } from "../support/messyOrg";
import { Harness } from "./harness";

describe("adopt: the repository comes from the secure-org:repository tag (issue 30 item 4)", function () {
  this.timeout(300_000);
  const h = new Harness();
  const saved = h.world;
  before(() => h.start());
  after(() => h.stop());

  async function repositoryOf(tag: string): Promise<{ repo?: string; text: string }> {
    h.world = {
      ...saved,
      stacks: saved.stacks.map((s) =>
        s.project === "reporting" ? { ...s, tags: { ...s.tags, "secure-org:repository": tag } } : s,
      ),
    };
    try {
      const file = h.file("Pulumi.tag.yaml");
      const r = await h.adopt(["--org", ORG, "--out", file]);
      assert.ok(r.files.has(file), r.stderr);
      const projects = h.configOf(file)["secure-org:projects"] as {
        name: string;
        repository: string;
      }[];
      return {
        repo: projects.find((p) => p.name === "reporting")?.repository,
        text: r.files.get(file) as string,
      };
    } finally {
      h.world = saved;
    }
  }

  it("takes the tagged repository of the owner", async () => {
    const { repo, text } = await repositoryOf(`${ORG}/reports-infra`);
    assert.equal(repo, "reports-infra");
    assert.doesNotMatch(text, /repository-guessed project:reporting/);
  });
  it("takes the owner in another case", async () => {
    assert.equal((await repositoryOf(`${ORG.toUpperCase()}/reports-infra`)).repo, "reports-infra");
  });
  for (const [what, tag] of [
    ["another owner", "evil/reports-infra"],
    ["a path with more segments", `${ORG}/reports/infra`],
    ["a reserved name", `${ORG}/__proto__`],
    ["a bidi control", `${ORG}/reports\u202e-infra`],
    ["no owner", "reports-infra"],
  ])
    it(`ignores a tag with ${what}: the guess stays and is reported`, async () => {
      const { repo, text } = await repositoryOf(tag);
      assert.equal(repo, "reporting");
      assert.match(text, /repository-guessed project:reporting/);
    });
});
