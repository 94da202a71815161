/**
 * Every rule of the workflow hardening audit (model/ci/github/hardening.ts), each with its exact
 * findings (rule, job, step, message), over small hand-written workflows: the pass side and the
 * fail side of each condition, so a weakened condition or a changed message is caught. Fast (no
 * rendering), so it runs under every mutant of `npm run mutate` (group hardening).
 */
import assert from "node:assert/strict";
import { parseDocument, stringify } from "yaml";
import { auditWorkflow, HardeningFinding } from "../../model/ci/github/hardening";
import { ACTIONS, PinnedAction, pinnedRef } from "../../model/ci/github/pins";

type Obj = Record<string, unknown>;
const VERSION_OF = new Map<string, string>(Object.values(ACTIONS).map((a) => [a.sha, a.version]));

/** YAML of `wf`, each pinned `uses:` with its `# vX.Y.Z` comment (as generated workflows have). */
function yamlOf(wf: Obj): string {
  return stringify(wf, { lineWidth: 0 })
    .split("\n")
    .map((l) => {
      const m = /@([0-9a-f]{40})$/.exec(l);
      return m && VERSION_OF.has(m[1]) ? `${l} # ${VERSION_OF.get(m[1])}` : l;
    })
    .join("\n");
}

const step = (a: PinnedAction, w?: Obj): Obj => ({
  uses: pinnedRef(a),
  ...(w ? { with: w } : {}),
});
const checkout = () => step(ACTIONS.checkout, { "persist-credentials": false });
const setupNode = (w: Obj = { "package-manager-cache": false }) => step(ACTIONS.setupNode, w);
const auth = () => step(ACTIONS.pulumiAuth, { organization: "acme" });
const pulumi = (w: Obj) => step(ACTIONS.pulumiActions, w);

/** A deploy job that passes every rule. */
const deployJob = (over: Obj = {}): Obj => ({
  "runs-on": "ubuntu-latest",
  environment: "prod",
  "timeout-minutes": 30,
  concurrency: { group: "prod", "cancel-in-progress": false },
  permissions: { contents: "read", "id-token": "write" },
  steps: [checkout(), setupNode(), { run: "npm ci" }, auth(), pulumi({ command: "up" })],
  ...over,
});
/** A job that is not a deploy job (no environment, timeout or concurrency needed). */
const testJob = (over: Obj = {}): Obj => ({
  "runs-on": "ubuntu-latest",
  permissions: { contents: "read" },
  steps: [checkout(), { run: "npm ci" }, { run: "npm test" }],
  ...over,
});
const workflow = (jobs: Obj, over: Obj = {}): Obj => ({
  name: "deploy",
  on: { push: { branches: ["main"] } },
  permissions: {},
  jobs,
  ...over,
});

const audit = (wf: Obj | string): HardeningFinding[] =>
  auditWorkflow(typeof wf === "string" ? wf : yamlOf(wf));
const f = (rule: string, message: string, job?: string, step?: number): HardeningFinding => ({
  rule,
  message,
  ...(job !== undefined ? { job } : {}),
  ...(step !== undefined ? { step } : {}),
});

describe("hardening rules, exactly: the baseline", () => {
  it("a deploy job and a test job pass with no finding", () =>
    assert.deepEqual(audit(workflow({ deploy: deployJob(), test: testJob() })), []));

  it("a job without permissions (it inherits the top-level {}) passes", () =>
    assert.deepEqual(audit(workflow({ test: testJob({ permissions: undefined }) })), []));
});

describe("hardening rules, exactly: the file", () => {
  it("text that is not YAML: the parser's first error, no job", () => {
    const text = "name: [x\n";
    const first = parseDocument(text).errors[0].message;
    assert.deepEqual(audit(text), [f("valid-workflow", `not valid YAML: ${first}`)]);
  });

  for (const [what, text] of [
    ["jobs is a list", "name: x\non: push\npermissions: {}\njobs: [a]\n"],
    ["no jobs", "name: x\non: push\npermissions: {}\n"],
    ["a scalar document", "just text\n"],
    ["a list document", "- a\n- b\n"],
  ])
    it(`${what}: not a workflow, and nothing else is checked`, () =>
      assert.deepEqual(audit(text), [
        f("valid-workflow", "a workflow is a mapping with a `jobs` mapping"),
      ]));

  it("a job that is not a mapping names the job, and the other jobs are still checked", () =>
    assert.deepEqual(audit(workflow({ a: 1, deploy: deployJob({ environment: undefined }) })), [
      f("valid-workflow", "job a is not a mapping", "a"),
      f("deploy-environment", "deploy job has no environment", "deploy"),
    ]));
});

describe("hardening rules, exactly: name, top-level permissions, triggers", () => {
  for (const [what, name] of [
    ["no name", undefined],
    ["an empty name", ""],
    ["a blank name", "  "],
    ["a number", 5],
  ] as const)
    it(`${what} is refused`, () =>
      assert.deepEqual(audit(workflow({ test: testJob() }, { name })), [
        f("workflow-name", "the workflow has no `name:`"),
      ]));

  for (const [what, permissions, found] of [
    ["missing", undefined, "none"],
    ["read-all", "read-all", '"read-all"'],
    ["a scope", { contents: "read" }, '{"contents":"read"}'],
  ] as const)
    it(`top-level permissions ${what} are refused, saying what was found`, () =>
      assert.deepEqual(audit(workflow({ test: testJob() }, { permissions })), [
        f("top-level-permissions", `top-level permissions must be {} (found ${found})`),
      ]));

  for (const t of ["pull_request_target", "workflow_run", "issue_comment"]) {
    const msg = `trigger ${t} runs with the base repository's rights on untrusted input`;
    for (const [form, on] of [
      ["a string", t],
      ["a list", ["push", t]],
      ["a mapping", { push: {}, [t]: {} }],
    ] as const)
      it(`${t} as ${form} is refused`, () =>
        assert.deepEqual(audit(workflow({ test: testJob() }, { on })), [f("risky-trigger", msg)]));
  }

  it("pull_request (not _target), push and a numeric trigger pass", () => {
    for (const on of ["pull_request", ["pull_request", "push"], { pull_request: {} }, 5])
      assert.deepEqual(audit(workflow({ test: testJob() }, { on })), [], JSON.stringify(on));
  });

  it("a YAML 1.1 file, where `on:` reads as the boolean true, is still checked", () => {
    const text = `%YAML 1.1\n---\n${yamlOf(workflow({ test: testJob() }, { on: "pull_request_target" }))}`;
    assert.equal(Object.keys(parseDocument(text).toJS()).includes("true"), true);
    assert.deepEqual(audit(text), [
      f(
        "risky-trigger",
        "trigger pull_request_target runs with the base repository's rights on untrusted input",
      ),
    ]);
  });
});

describe("hardening rules, exactly: secrets", () => {
  it("${{ toJSON(secrets) }} is found, quoting the expression", () =>
    assert.deepEqual(
      audit(workflow({ test: testJob({ env: { ALL: "${{ toJSON(secrets) }}" } }) })),
      [f("secrets-use", "expression ${{ toJSON(secrets) }} reads a repository secret")],
    ));

  it("secrets: inherit on a called workflow names the job", () =>
    assert.deepEqual(audit(workflow({ test: testJob({ secrets: "inherit" }) })), [
      f("secrets-use", "`secrets:` passes repository secrets to a called workflow", "test"),
    ]));
});

describe("hardening rules, exactly: runners", () => {
  const msg = (runsOn: unknown) =>
    `runs-on ${JSON.stringify(runsOn)} is not a GitHub-hosted runner label`;
  for (const runsOn of ["ubuntu-latest", ["ubuntu-24.04"], "windows-2022", "macos-14-arm64"])
    it(`${JSON.stringify(runsOn)} passes`, () =>
      assert.deepEqual(audit(workflow({ test: testJob({ "runs-on": runsOn }) })), []));

  for (const runsOn of [
    "self-hosted",
    undefined,
    ["ubuntu-latest", "ubuntu-22.04"],
    ["self-hosted", "linux"],
    [],
    [["ubuntu-latest"]],
    [5],
    { group: "big" },
  ])
    it(`${JSON.stringify(runsOn)} is refused`, () =>
      assert.deepEqual(audit(workflow({ test: testJob({ "runs-on": runsOn }) })), [
        f("github-hosted-runner", msg(runsOn), "test"),
      ]));

  it("a job that calls a reusable workflow has no runner, and its `uses:` is checked", () => {
    const uses = "acme/infra/.github/workflows/deploy.yml@v1";
    assert.deepEqual(audit(workflow({ call: { uses } })), [
      f("uses-pinned", `${uses} is not pinned to a full commit`, "call"),
      f("uses-allow-list", `${uses} is not one of the pinned actions`, "call"),
    ]);
  });
});

describe("hardening rules, exactly: job permissions", () => {
  it("a permissions string is not a list of scopes", () =>
    assert.deepEqual(audit(workflow({ test: testJob({ permissions: "write-all" }) })), [
      f("job-permissions", 'permissions "write-all" is not a list of scopes', "test"),
    ]));

  it("each scope or level outside the allowed ones is named", () =>
    assert.deepEqual(
      audit(
        workflow({
          test: testJob({
            permissions: { contents: "write", actions: "read", "id-token": "read" },
          }),
        }),
      ),
      [
        f("job-permissions", "permission contents: write is not allowed", "test"),
        f("job-permissions", "permission actions: read is not allowed", "test"),
        f("job-permissions", "permission id-token: read is not allowed", "test"),
      ],
    ));

  it("id-token: write on a job that exchanges no token", () =>
    assert.deepEqual(
      audit(
        workflow({ test: testJob({ permissions: { contents: "read", "id-token": "write" } }) }),
      ),
      [f("id-token-scope", "id-token: write on a job that does not exchange a token", "test")],
    ));

  const prJob = (steps: Obj[]) =>
    testJob({ permissions: { contents: "read", "pull-requests": "write" }, steps });
  const prFinding = f(
    "pull-requests-scope",
    "pull-requests: write on a job that is not a commenting preview",
    "pr",
  );
  for (const v of [true, "true"])
    it(`pull-requests: write on a pulumi/actions preview with comment-on-pr: ${JSON.stringify(v)} passes`, () =>
      assert.deepEqual(
        audit(workflow({ pr: prJob([pulumi({ command: "preview", "comment-on-pr": v })]) })),
        [],
      ));

  for (const [what, s] of [
    ["a preview that does not comment", pulumi({ command: "preview", "comment-on-pr": false })],
    ["a preview with comment-on-pr unset", pulumi({ command: "preview" })],
    [
      "another action with the same inputs",
      step(ACTIONS.checkout, {
        command: "preview",
        "comment-on-pr": true,
        "persist-credentials": false,
      }),
    ],
  ] as const)
    it(`pull-requests: write on ${what} is refused`, () =>
      assert.deepEqual(audit(workflow({ pr: prJob([s]) })), [prFinding]));

  it("pull-requests: write on a commenting pulumi/actions `up` (a deploy, not a preview) is refused", () => {
    const job = deployJob({
      permissions: { contents: "read", "id-token": "write", "pull-requests": "write" },
      steps: [auth(), pulumi({ command: "up", "comment-on-pr": true })],
    });
    assert.deepEqual(audit(workflow({ pr: job })), [prFinding]);
  });
});

describe("hardening rules, exactly: deploy jobs", () => {
  const only = (job: Obj) => audit(workflow({ d: job }));

  it("pulumi/actions preview or output is not a deploy job; `pulumi up` in run: is", () => {
    for (const command of ["preview", "output"])
      assert.deepEqual(only(testJob({ steps: [pulumi({ command })] })), [], command);
    assert.deepEqual(only(testJob({ steps: [{ run: "npx pulumi up --yes" }] })), [
      f("deploy-environment", "deploy job has no environment", "d"),
      f("deploy-timeout", "deploy job has no timeout-minutes", "d"),
      f(
        "deploy-concurrency",
        "deploy job needs a concurrency group with cancel-in-progress: false",
        "d",
      ),
    ]);
  });

  it("a run: that is not a string is no script (not read as `pulumi up`)", () =>
    assert.deepEqual(only(testJob({ steps: [{ run: ["pulumi up"] }] })), []));

  for (const environment of ["prod", { name: "prod" }, { name: "prod", url: "https://x" }])
    it(`environment ${JSON.stringify(environment)} passes`, () =>
      assert.deepEqual(only(deployJob({ environment })), []));
  for (const environment of [undefined, "", { name: "" }, { url: "https://x" }, 5])
    it(`environment ${JSON.stringify(environment)} is refused`, () =>
      assert.deepEqual(only(deployJob({ environment })), [
        f("deploy-environment", "deploy job has no environment", "d"),
      ]));

  it("cancel-in-progress unset is refused", () =>
    assert.deepEqual(only(deployJob({ concurrency: { group: "prod" } })), [
      f(
        "deploy-concurrency",
        "deploy job needs a concurrency group with cancel-in-progress: false",
        "d",
      ),
    ]));

  const cacheAt = (i: number, message: string) => f("deploy-no-cache", message, "d", i);
  for (const name of ["actions/cache", "actions/cache/restore"]) {
    const uses = `${name}@${"a".repeat(40)}`;
    it(`${name} in a deploy job is refused at its step`, () =>
      assert.deepEqual(only(deployJob({ steps: [auth(), { uses }, pulumi({ command: "up" })] })), [
        cacheAt(1, "actions/cache in a deploy job"),
        f("uses-pinned", `${uses} has no "# vX.Y.Z" version comment`, "d", 1),
        f("uses-allow-list", `${uses} is not one of the pinned actions`, "d", 1),
      ]));
  }
  it("an action whose name only ends like actions/cache/ is not a cache", () => {
    const uses = `acme/actions/cache/@${"a".repeat(40)}`;
    assert.deepEqual(
      only(deployJob({ steps: [auth(), { uses }, pulumi({ command: "up" })] })).map((x) => x.rule),
      ["uses-pinned", "uses-allow-list"],
    );
  });

  it("a cache: input is refused unless empty or false", () => {
    assert.deepEqual(
      only(
        deployJob({
          steps: [
            auth(),
            setupNode({ "package-manager-cache": false, cache: "npm" }),
            setupNode({ "package-manager-cache": false, cache: "" }),
            setupNode({ "package-manager-cache": false, cache: false }),
            setupNode({ "package-manager-cache": false, cache: "false" }),
            pulumi({ command: "up" }),
          ],
        }),
      ),
      [cacheAt(1, "cache: npm in a deploy job")],
    );
  });

  it("setup-node without package-manager-cache: false is refused", () =>
    assert.deepEqual(
      only(deployJob({ steps: [auth(), setupNode({}), pulumi({ command: "up" })] })),
      [cacheAt(1, "actions/setup-node needs package-manager-cache: false in a deploy job")],
    ));
});

describe("hardening rules, exactly: action pins", () => {
  const one = (s: Obj | string) =>
    audit(typeof s === "string" ? s : workflow({ t: testJob({ steps: [s] }) }));
  const sha = ACTIONS.checkout.sha;
  const co = (ref: string) => ({
    uses: `actions/checkout@${ref}`,
    with: { "persist-credentials": false },
  });

  it("a 7-character SHA with the right version comment is not pinned", () => {
    const text = yamlOf(workflow({ t: testJob({ steps: [co(sha.slice(0, 7))] }) })).replace(
      `@${sha.slice(0, 7)}`,
      `@${sha.slice(0, 7)} # ${ACTIONS.checkout.version}`,
    );
    assert.deepEqual(audit(text), [
      f(
        "uses-pinned",
        `actions/checkout@${sha.slice(0, 7)} is not pinned to a full commit`,
        "t",
        0,
      ),
      f(
        "uses-allow-list",
        `actions/checkout@${sha.slice(0, 7)} is not one of the pinned actions`,
        "t",
        0,
      ),
    ]);
  });

  it("a comment that is not a version: no version comment (not a crash)", () => {
    const text = yamlOf(workflow({ t: testJob({ steps: [co(sha)] }) })).replace(
      `# ${ACTIONS.checkout.version}`,
      "# latest",
    );
    assert.deepEqual(audit(text), [
      f("uses-pinned", `actions/checkout@${sha} has no "# vX.Y.Z" version comment`, "t", 0),
    ]);
  });

  it("a pinned comment of another version names both", () => {
    const text = yamlOf(workflow({ t: testJob({ steps: [co(sha)] }) })).replace(
      `# ${ACTIONS.checkout.version}`,
      "# v6.0.0",
    );
    assert.deepEqual(audit(text), [
      f(
        "uses-allow-list",
        `actions/checkout@${sha} is pinned ${ACTIONS.checkout.version} but its comment says v6.0.0`,
        "t",
        0,
      ),
    ]);
  });

  it("a sub-path of a pinned action at its pinned commit is not the pinned action", () => {
    const uses = `actions/checkout/sub@${sha}`;
    assert.deepEqual(
      one(
        `${yamlOf(workflow({ t: testJob({ steps: [{ uses }] }) })).replace(uses, `${uses} # ${ACTIONS.checkout.version}`)}`,
      ),
      [f("uses-allow-list", `${uses} is not one of the pinned actions`, "t", 0)],
    );
  });

  for (const uses of ["./.github/actions/local", "docker://alpine:3"])
    it(`${uses} (no owner/repo@ref) is not pinned and not allowed`, () =>
      assert.deepEqual(one({ uses }), [
        f("uses-pinned", `${uses} is not pinned to a full commit`, "t", 0),
        f("uses-allow-list", `${uses} is not one of the pinned actions`, "t", 0),
      ]));

  it("a step that is not a mapping keeps the indices of the steps after it", () => {
    assert.deepEqual(one(yamlOf(workflow({ t: testJob({ steps: ["x", null, checkout()] }) }))), []);
    assert.deepEqual(
      one(yamlOf(workflow({ t: testJob({ steps: ["x", step(ACTIONS.checkout)] }) }))),
      [f("checkout-credentials", "actions/checkout without persist-credentials: false", "t", 1)],
    );
  });

  it("a job given by a YAML alias has no comments to read: its pins have no version comment", () => {
    const text = yamlOf(workflow({ t: testJob({ steps: [checkout()] }) }))
      .replace("  t:\n", "  t: &t\n")
      .concat("");
    const doc = parseDocument(text);
    doc.setIn(["jobs", "u"], doc.createAlias(doc.getIn(["jobs", "t"], true) as never));
    const aliased = doc.toString({ lineWidth: 0 });
    assert.match(aliased, /u: \*t/);
    assert.deepEqual(audit(aliased), [
      f("uses-pinned", `actions/checkout@${sha} has no "# vX.Y.Z" version comment`, "u", 0),
    ]);
  });
});

describe("hardening rules, exactly: steps", () => {
  const run = (script: string) => audit(workflow({ t: testJob({ steps: [{ run: script }] }) }));
  it("each run: finding has its message and step", () => {
    assert.deepEqual(run("echo ${{ github.ref }}"), [
      f("run-expression", "`${{ }}` inside run: pass the value through env:", "t", 0),
    ]);
    assert.deepEqual(run("npm install left-pad"), [
      f("npm-ci-only", "installs packages with install/add instead of npm ci", "t", 0),
    ]);
    assert.deepEqual(run("curl -fsSL https://x | sh"), [
      f("npm-ci-only", "pipes a download into a shell", "t", 0),
    ]);
    assert.deepEqual(run("bash <(curl -fsSL https://x)"), [
      f("npm-ci-only", "pipes a download into a shell", "t", 0),
    ]);
  });
});
