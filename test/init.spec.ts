/**
 * `npm run init` as a new user runs it: the "Done when" flow on a copy of the project
 * (`npm run init -- --org x --github-owner x --stack demo --out Pulumi.demo.yaml`, then
 * `npm run plan -- --stack demo` exits 0 with no high finding), hostile answers refused with a
 * message and nothing written, an existing file kept unless `--force`, and the terminal mode
 * answered prompt by prompt through a pseudo stdin.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { main } from "../scripts/init";
import { main as planMain } from "../scripts/plan";
import { PlanReport } from "../plan";
import { ROOT } from "./support/examples";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `init` in-process, in `cwd`, with no terminal unless `tty` answers the prompts. */
async function init(cwd: string, argv: string[], tty?: (prompt: string) => string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const input = new PassThrough();
  const output = new PassThrough();
  const prompts: string[] = [];
  output.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    prompts.push(text);
    if (tty && text.endsWith(": ")) input.write(tty(text) + "\n");
  });
  const code = await main(argv, {
    cwd,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    input,
    output,
    isTTY: tty !== undefined,
  });
  return { code, stdout, stderr };
}

async function planConfig(
  file: string,
): Promise<{ code: number; report: PlanReport; err: string }> {
  let out = "";
  let err = "";
  const code = await planMain(["--config", file, "--json"], {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, report: (code === 0 ? JSON.parse(out) : {}) as PlanReport, err };
}

const STACK_TRACE = /\n\s+at .+[:(].*\d+:\d+\)?/;

describe("init: scaffold a stack file for a new organization", function () {
  this.timeout(300_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "secure-org-init-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("the Done-when flow on a copy of the project: npm run init, then npm run plan exits 0, no high finding", () => {
    // A clean copy of the project (its files, not its git history or a stray stack file), with
    // the installed packages linked in: what a fresh clone after `npm ci` looks like.
    const copy = path.join(dir, "secure-org");
    cpSync(ROOT, copy, {
      recursive: true,
      filter: (src) => !/^(node_modules|\.git|Pulumi\.demo\.yaml)$/.test(path.basename(src)),
    });
    symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
    const env = { ...process.env };
    for (const k of Object.keys(env))
      if (/^(PULUMI_|GITHUB_TOKEN|GH_TOKEN|AWS_|npm_)/.test(k)) delete env[k];
    const npm = (...args: string[]) =>
      spawnSync("npm", args, { cwd: copy, env, encoding: "utf8", timeout: 240_000 });

    const made = npm(
      "run",
      "-s",
      "init",
      "--",
      ...["--org", "x", "--github-owner", "x", "--stack", "demo", "--out", "Pulumi.demo.yaml"],
    );
    assert.equal(made.status, 0, made.stderr);
    assert.match(
      made.stdout,
      /wrote Pulumi\.demo\.yaml\nreview it offline: npm run plan -- --stack demo/,
    );
    const text = readFileSync(path.join(copy, "Pulumi.demo.yaml"), "utf8");
    assert.match(text, /^# yaml-language-server: \$schema=schema\/stack-config\.schema\.json\n/);

    const planned = npm("run", "-s", "plan", "--", "--stack", "demo", "--json");
    assert.equal(planned.status, 0, planned.stderr);
    const report = JSON.parse(planned.stdout) as PlanReport;
    assert.deepEqual(
      report.findings.filter((f) => f.severity === "high"),
      [],
      "the scaffold plans with no high finding",
    );
    // A protected tier, a platform team, and commented examples of the other keys.
    const config = (parse(text) as { config: Record<string, unknown> }).config;
    const tiers = config["secure-org:tiers"] as { name: string; protected?: boolean }[];
    assert.ok(tiers.some((t) => t.protected === true));
    const teams = config["secure-org:teams"] as { name: string }[];
    assert.ok(teams.some((t) => t.name === "platform"));
    for (const commented of [
      /# +secure-org:admins:/,
      /# +secure-org:roles:/,
      /# +secure-org:audit:/,
      /# +secure-org:oidc:/,
      /# +secure-org:guardrails:/,
      /# +driftDetection:/,
      /# +breakGlass:/,
      /# +ownerId:/,
      /# +customRoles:/,
      /# environment:\n# +- secure-org\/demo/,
    ])
      assert.match(text, commented);
  });

  it("teams, projects and CI hosts from flags plan with exit 0 and no high finding", async () => {
    const r = await init(dir, [
      ...["--org", "acme", "--github-owner", "acme", "--stack", "prod"],
      ...["--admin", "alice:alice-gh", "--admin", "bob:bob-gh"],
      ...["--team", "payments=payments,billing", "--team", "web=web"],
      ...["--project", "payments,repository=payments-infra"],
      ...["--project", "billing,ci=gitlab,projectId=4242,namespaceId=77"],
      ...["--project", "web,ci=pulumi-deployments"],
    ]);
    assert.equal(r.code, 0, r.stderr);
    const file = path.join(dir, "Pulumi.prod.yaml");
    const { code, report, err } = await planConfig(file);
    assert.equal(code, 0, err);
    assert.deepEqual(
      report.findings.filter((f) => f.severity === "high"),
      [],
    );
    const config = (parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> })
      .config;
    assert.deepEqual(config["secure-org:admins"], ["alice", "bob"]);
    const projects = config["secure-org:projects"] as {
      name: string;
      tiers: Record<string, Record<string, unknown>>;
    }[];
    const billing = projects.find((p) => p.name === "billing");
    assert.deepEqual(billing?.tiers.prod, {
      ci: "gitlab",
      gitlab: { projectId: 4242, namespaceId: 77 },
    });
    assert.equal(projects.find((p) => p.name === "web")?.tiers.prod.mode, "pulumi-deployments");
  });

  it("a name YAML would read as another type stays a string", async () => {
    const r = await init(dir, ["--org", "1e3", "--github-owner", "true", "--stack", "null"]);
    assert.equal(r.code, 0, r.stderr);
    const config = (
      parse(readFileSync(path.join(dir, "Pulumi.null.yaml"), "utf8")) as {
        config: Record<string, unknown>;
      }
    ).config;
    assert.equal(config["secure-org:organization"], "1e3");
    assert.equal(config["github:owner"], "true");
  });

  const hostile: [string, string[], RegExp][] = [
    ["an organization with '..'", ["--org", "a..b"], /--org: "a\.\.b" is not allowed/],
    ["an organization __proto__", ["--org", "__proto__"], /--org: "__proto__" is not allowed/],
    ["an organization with a slash", ["--org", "../etc"], /--org: "\.\.\/etc" is not allowed/],
    ["a GitHub owner with a leading '-'", ["--github-owner", "-x"], /--github-owner: "-x"/],
    ["a stack through '..'", ["--stack", "../evil"], /--stack: "\.\.\/evil" is not allowed/],
    ["a stack with '..' inside", ["--stack", "a..b"], /--stack: "a\.\.b" contains "\.\."/],
    ["--out through '..'", ["--out", "../evil.yaml"], /--out: "\.\.\/evil\.yaml" goes through/],
    ["--out through a nested '..'", ["--out", "sub/../../e.yaml"], /goes through "\.\."/],
    ["--out absolute outside", ["--out", "/tmp/secure-org-evil.yaml"], /outside the project/],
    ["--out not YAML", ["--out", "Pulumi.x.sh"], /must end in \.yaml/],
    ["a team __proto__", ["--team", "__proto__"], /--team: "__proto__" is not allowed/],
    ["a team constructor", ["--team", "constructor"], /--team: "constructor" is a reserved name/],
    ["a team named platform", ["--team", "platform"], /platform team is always written/],
    [
      "a project constructor",
      ["--project", "constructor"],
      /--project: "constructor" is a reserved/,
    ],
    ["a project toString", ["--project", "toString"], /reserved name/],
    ["a team's project __proto__", ["--team", "web=__proto__"], /--team: "__proto__"/],
    [
      "a CI field __proto__",
      ["--project", "b,ci=gitlab,__proto__.x=1"],
      /not a field of a CI block/,
    ],
    ["a CI field constructor", ["--project", "b,ci=gitlab,constructor=1"], /not a field of a CI/],
    ["an unknown CI, near one", ["--ci", "gitlub"], /"gitlub" is not a CI.*did you mean "gitlab"/],
    [
      "a GitLab project without ids",
      ["--project", "b,ci=gitlab"],
      /needs its ids: projectId=<value>,namespaceId=<value>/,
    ],
    [
      "a GitHub project with a block field",
      ["--project", "b,projectId=1"],
      /github-actions takes none/,
    ],
    ["an admin with two colons", ["--admin", "a:b:c"], /--admin: use/],
    ["an unknown flag, near one", ["--organisation", "x"], /unknown argument "--organisation"/],
  ];
  const base: Record<string, string> = { "--org": "x", "--github-owner": "x", "--stack": "demo" };
  for (const [what, args, message] of hostile)
    it(`refuses ${what} with a message and writes nothing`, async () => {
      const argv = [
        ...Object.entries(base).flatMap(([f, v]) => (args.includes(f) ? [] : [f, v])),
        ...args,
      ];
      const r = await init(dir, argv);
      assert.equal(r.code, 2, `expected a usage error, got ${r.code}\n${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(!STACK_TRACE.test(r.stderr), r.stderr);
      assert.deepEqual(readdirSync(dir), [], "nothing written");
      assert.ok(!existsSync("/tmp/secure-org-evil.yaml"));
    });

  it("refuses ids a CI's block does not accept (validated like the plan), writing nothing", async () => {
    const r = await init(dir, [
      ...["--org", "x", "--github-owner", "x", "--stack", "demo"],
      ...["--project", "b,ci=gitlab,projectId=abc,namespaceId=77"],
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /projects\[0\]\.tiers\.prod\.gitlab\.projectId: expected number/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it("keeps an existing file unless --force, and never writes through a link", async () => {
    const args = ["--org", "x", "--github-owner", "x", "--stack", "demo"];
    const file = path.join(dir, "Pulumi.demo.yaml");
    writeFileSync(file, "mine\n");
    const kept = await init(dir, args);
    assert.equal(kept.code, 1);
    assert.match(kept.stderr, /exists; give --force to replace it/);
    assert.equal(readFileSync(file, "utf8"), "mine\n");

    const forced = await init(dir, [...args, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(file, "utf8"), /secure-org:organization: x/);

    const target = path.join(dir, "elsewhere.txt");
    writeFileSync(target, "keep\n");
    symlinkSync(target, path.join(dir, "Pulumi.link.yaml"));
    const linked = await init(dir, [...args, "--out", "Pulumi.link.yaml", "--force"]);
    assert.equal(linked.code, 1);
    assert.match(linked.stderr, /not a regular file/);
    assert.equal(readFileSync(target, "utf8"), "keep\n");
  });

  it("--out in a subdirectory points the schema line back at the project's schema", async () => {
    mkdirSync(path.join(dir, "stacks"));
    const r = await init(dir, [
      ...["--org", "x", "--github-owner", "x", "--stack", "demo", "--out", "stacks/demo.yaml"],
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /npm run plan -- --config stacks\/demo\.yaml/);
    const first = readFileSync(path.join(dir, "stacks", "demo.yaml"), "utf8").split("\n")[0];
    const rel = first.replace("# yaml-language-server: $schema=", "");
    assert.equal(
      path.resolve(dir, "stacks", rel),
      path.join(ROOT, "schema", "stack-config.schema.json"),
    );
  });

  it("without a terminal, missing answers are a usage error; --help prints the usage", async () => {
    const r = await init(dir, ["--org", "x"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /give --github-owner, --stack \(no terminal to ask\)/);
    const h = await init(dir, ["--help"]);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /^usage: npm run init -- --org <name>/);
    assert.equal(h.stderr, "");
  });

  it("with a terminal, asks for what the flags did not give, and the answers plan cleanly", async () => {
    const answers: [RegExp, string][] = [
      [/Pulumi Cloud organization/, "acme"],
      [/GitHub organization/, "acme-gh"],
      [/stack name/, "prod"],
      [/file to write \[Pulumi\.prod\.yaml\]/, ""],
      [/your Pulumi login/, "alice:alice-gh"],
      [/CI of your projects/, "gitlab"],
      [/projects, comma-separated/, "billing"],
      [/billing: repository \[billing\]/, "billing-infra"],
      [/billing: gitlab projectId/, "4242"],
      [/billing: gitlab namespaceId/, "77"],
      [/teams as name=project/, "billing=billing"],
    ];
    const asked: string[] = [];
    const r = await init(dir, [], (prompt) => {
      asked.push(prompt);
      const next = answers[asked.length - 1];
      assert.ok(next, `unexpected prompt ${prompt}`);
      assert.match(prompt, next[0]);
      return next[1];
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(asked.length, answers.length, asked.join("\n"));
    const file = path.join(dir, "Pulumi.prod.yaml");
    const { code, report, err } = await planConfig(file);
    assert.equal(code, 0, err);
    assert.deepEqual(
      report.findings.filter((f) => f.severity === "high"),
      [],
    );
    const text = readFileSync(file, "utf8");
    assert.match(text, /secure-org:organization: acme\n/);
    assert.match(text, /repository: billing-infra\n/);
    assert.match(text, /gitlab:\n\s+projectId: 4242\n\s+namespaceId: 77/);
  });

  it("a hostile answer on the terminal is refused like the flag", async () => {
    const r = await init(dir, ["--github-owner", "x", "--stack", "demo"], (prompt) =>
      /organization/.test(prompt) ? "__proto__" : "",
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--org: "__proto__" is not allowed/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
