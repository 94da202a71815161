/** CODEOWNERS of the prod example's repositories (model/ci/github/workflow.ts). */
import assert from "node:assert/strict";
import { GENERATED_HEADER, renderCodeowners } from "../../../model/ci/github/workflow";
import { ctx, model } from "../../support/workflows";

describe("renderCodeowners (prod example)", () => {
  const repo = (name: string) => {
    const x = model.repositories.find((r) => r.name === name);
    if (!x) throw new Error(`no repository ${name}`);
    return x;
  };

  it("renders the platform repository's owners", () => {
    assert.equal(
      renderCodeowners(repo("platform"), "acme"),
      [
        GENERATED_HEADER,
        "#",
        "# Later lines take precedence over earlier ones for the paths they match.",
        "* @acme/platform @acme/security",
        "/.github/workflows/ @acme/platform",
        "/.github/CODEOWNERS @acme/platform",
        "",
      ].join("\n"),
    );
  });

  it("renders one line per entry for every repository", () => {
    for (const name of ["payments-infra", "web-app"]) {
      const text = renderCodeowners(repo(name), ctx.githubOwner);
      assert.ok(text.startsWith(`${GENERATED_HEADER}\n`));
      const lines = text.split("\n").filter((l) => l && !l.startsWith("#"));
      assert.deepEqual(
        lines,
        repo(name).codeowners.map((e) => [e.path, ...e.teams.map((t) => `@acme/${t}`)].join(" ")),
      );
    }
    const payments = renderCodeowners(repo("payments-infra"), "acme");
    assert.match(payments, /^\/infra\/ @acme\/platform @acme\/security$/m);
    assert.match(payments, /^\/\.github\/workflows\/ @acme\/platform$/m);
  });

  it("refuses an unsafe owner or team", () => {
    assert.throws(() => renderCodeowners(repo("platform"), "acme evil"), /GitHub owner/);
    const bad = { ...repo("platform"), codeowners: [{ path: "*", teams: ["Platform Team"] }] };
    assert.throws(() => renderCodeowners(bad, "acme"), /team/);
  });
});
