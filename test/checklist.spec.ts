/**
 * The plan's "Before a real run" checklist, through the command line: a fresh scaffold lists the
 * GitHub App id, the ESC environment, the admins and the approvers nobody on GitHub can act for;
 * each line goes once the config provides it, and the editions line stays.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { main as init } from "../scripts/init";
import { main as plan } from "../scripts/plan";

async function planText(file: string, ...flags: string[]): Promise<string> {
  let out = "";
  let err = "";
  const code = await plan(["--config", file, ...flags], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  assert.equal(code, 0, err);
  return out;
}

const section = (out: string) => out.slice(out.indexOf("== Before a real run"));

describe("plan: the checklist of what a real run still needs", function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "secure-org-checklist-"));
    const r = await init(["--org", "x", "--github-owner", "x", "--stack", "demo"], {
      cwd: dir,
      stdout: () => undefined,
      stderr: () => undefined,
      isTTY: false,
    });
    assert.equal(r, 0);
    file = path.join(dir, "Pulumi.demo.yaml");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a fresh scaffold lists the App id, the ESC environment, the admins, the silent approvers and the editions", async () => {
    const list = section(await planText(file));
    assert.match(list, /^== Before a real run \(docs\/first-deployment\.md\)\n/);
    assert.match(list, /- github\.bootstrapAppId: /);
    assert.match(
      list,
      /- environment: create the ESC environment secure-org\/demo with GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PEM_FILE/,
    );
    assert.match(list, /- admins: list the organization admins/);
    assert.match(list, /- teams: "platform" approves deployments but has no githubMembers/);
    assert.match(list, /- editions: Pulumi Cloud Enterprise/);
  });

  it("each line goes once the config provides it; the editions line stays", async () => {
    const doc = parse(readFileSync(file, "utf8")) as {
      environment?: string[];
      config: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    doc.environment = ["secure-org/demo"];
    doc.config["secure-org:github"].bootstrapAppId = 12345;
    doc.config["secure-org:admins"] = ["alice"];
    doc.config["secure-org:teams"][0].members = ["alice"];
    doc.config["secure-org:teams"][0].githubMembers = ["alice-gh"];
    const ready = path.join(dir, "ready.yaml");
    writeFileSync(ready, stringify(doc));
    const list = section(await planText(ready));
    assert.deepEqual(
      list
        .split("\n")
        .filter((l) => l.startsWith("  - "))
        .map((l) => l.split(":")[0]),
      ["  - editions"],
    );
  });

  it("the Markdown report ends with it as a task list; --json leaves it out", async () => {
    const md = await planText(file, "--markdown");
    assert.match(md, /### Before a real run\n\n- \[ \] github\.bootstrapAppId: /);
    const json = await planText(file, "--json");
    assert.doesNotThrow(() => JSON.parse(json));
    assert.doesNotMatch(json, /Before a real run/);
  });
});
