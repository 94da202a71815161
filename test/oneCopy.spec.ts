/**
 * One copy of each fact that used to be written in several files (issue 32): the component type
 * token, the stack permission codes, and each CI's name. Each check greps the source tree (every
 * .ts file outside test/ and node_modules, comments included) and fails when the fact spreads
 * past its limit, naming the files.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { COMPONENT_NAMES, COMPONENT_TYPES, componentType } from "../components/types";
import { STACK_PERMISSION_CODES as ORG_DEFAULTS_CODES } from "../components/orgDefaults";
import {
  grantPermissionName,
  STACK_PERMISSION_CODES,
  STACK_PERMISSION_NUMBER,
  STACK_PERMISSION_SCOPE,
  stackPermissionName,
} from "../model/cloud/stackPermissions";
import * as registry from "../model/ci/registry";
import * as bindings from "../model/ci/bindings";
import * as policies from "../model/ci/policies";
import * as files from "../model/ci/files";
import * as issuers from "../model/oidc/ciIssuers";
import { MANAGED_TYPES } from "../kinds";

export const ROOT = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", "test", "scratch", "reports", "docs", "bin"]);

/** Every source file, relative to the root, with its text. */
export function sourceFiles(dir = ROOT): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.ts$/.test(name) && !name.endsWith(".d.ts"))
      out.push({
        file: path.relative(ROOT, full).split(path.sep).join("/"),
        text: readFileSync(full, "utf8"),
      });
  }
  return out;
}

/** The files whose text matches `pattern`. */
export const filesMatching = (pattern: RegExp) =>
  sourceFiles()
    .filter((f) => pattern.test(f.text))
    .map((f) => f.file)
    .sort();

describe("one copy of each shared fact", () => {
  it("the source tree is found (the greps below have something to search)", () => {
    const files = sourceFiles().map((f) => f.file);
    assert.ok(files.length > 200, `only ${files.length} source files`);
    assert.ok(files.includes("components/types.ts"));
    assert.ok(!files.some((f) => f.startsWith("test/") || f.startsWith("node_modules/")));
  });

  it("the component type token `secure-org:index:` is written in at most 3 source files", () => {
    const files = filesMatching(/secure-org:index:/);
    assert.ok(files.includes("components/types.ts"), files.join(", "));
    assert.ok(files.length <= 3, `written in ${files.length} files: ${files.join(", ")}`);
  });

  it("every component type derives from the one table", () => {
    assert.equal(COMPONENT_TYPES.length, COMPONENT_NAMES.length);
    assert.equal(new Set(COMPONENT_TYPES).size, COMPONENT_TYPES.length);
    assert.equal(componentType("OidcTrust"), "secure-org:index:OidcTrust");
    for (const t of COMPONENT_TYPES) assert.match(t, /^secure-org:index:[A-Z][A-Za-z]+$/);
  });

  it("the stack permission codes 101-104 are written in the table and the bundled provider only", () => {
    const files = filesMatching(/(?<![\w.])10[1-4](?![\w.])/);
    assert.deepEqual(files, ["components/orgDefaults.ts", "model/cloud/stackPermissions.ts"]);
  });

  it("the bundled org-defaults provider's copy equals the table (it keeps its own so its text stays the same)", () => {
    assert.deepEqual({ ...ORG_DEFAULTS_CODES }, { ...STACK_PERMISSION_CODES });
  });

  it("names and codes derive from the table, as before", () => {
    assert.deepEqual(STACK_PERMISSION_NUMBER, { none: 0, read: 101, write: 102, admin: 103 });
    assert.deepEqual(STACK_PERMISSION_SCOPE, { read: 101, write: 102, admin: 103 });
    const names = [0, 100, 101, 102, 103, 104, 105, -1, NaN].map(stackPermissionName);
    assert.deepEqual(names, [
      "none",
      "none",
      "read",
      "write",
      "admin",
      "admin",
      "admin",
      "none",
      "none",
    ]);
    const grants = [0, 100, 101, 102, 103, 104, 105].map(grantPermissionName);
    assert.deepEqual(grants, [undefined, undefined, "read", "write", "admin", "admin", undefined]);
  });
});

/**
 * Each CI's name (any spelling, comments and import paths included) outside its unit's folders.
 * The target is 3 files (the registry line, a re-export, one more); CEILING is where the source
 * is today, so the count can only go down: lower a ceiling when you move a CI's knowledge into
 * its unit, never raise it.
 */
const CI_NAMES: readonly { ci: string; name: RegExp; unit: RegExp; ceiling: number }[] = [
  // 4: the registry, the units list, the policy pack's type table (pulumiservice's
  // `GitLabIntegration`; the pack is its own package and imports nothing) and CircleCI's unit (its
  // vcs origin may be on gitlab.com, a fact of CircleCI's own claims).
  { ci: "gitlab", name: /gitlab/i, unit: /^model\/(ci|oidc)\/gitlab\//, ceiling: 4 },
  // 3: the registry, the units list and the policy pack's `AzureDevOpsIntegration`.
  {
    ci: "azure-devops",
    name: /azure[ -]?devops/i,
    unit: /^model\/(ci|oidc)\/azure-devops\//,
    ceiling: 3,
  },
  // 3: the registry, the units list and the invariant's hint (model/invariants/ciIdentities.ts).
  { ci: "jenkins", name: /jenkins/i, unit: /^model\/(ci|oidc)\/jenkins\//, ceiling: 3 },
  { ci: "circleci", name: /circle-?ci/i, unit: /^model\/(ci|oidc)\/circleci\//, ceiling: 3 },
  // 20 (53 before its unit, model/ci/github/unit.ts): the registry, and 19 files under mutation
  // testing, left as they are so their committed reports stay valid (issue 33): model/oidc (5),
  // model/config/policy (10), audit/compare (3) and model/invariants/reachable.ts.
  {
    ci: "github-actions",
    name: /github[ -]?actions/i,
    unit: /^model\/(ci|oidc)\/github\//,
    ceiling: 20,
  },
  // 16 (43 before its unit, model/ci/pulumi-deployments/): the registry, the units list (the REST
  // caller's re-export), and 14 files under mutation testing, left as they are (issue 33):
  // model/config/policy (6), audit/compare (6), model/invariants (2).
  {
    ci: "pulumi-deployments",
    name: /pulumi[ -]?deployments/i,
    unit: /^model\/(ci|oidc)\/pulumi-deployments\//,
    ceiling: 16,
  },
];
const CI_TARGET = 3;

describe("each CI is named in its unit and few other files", () => {
  for (const { ci, name, unit, ceiling } of CI_NAMES)
    it(`${ci}: named in at most ${ceiling} files outside its unit (target ${CI_TARGET})`, () => {
      const outside = filesMatching(name).filter((f) => !unit.test(f));
      assert.ok(
        outside.length <= ceiling,
        `${ci} is named in ${outside.length} files outside its unit (ceiling ${ceiling}):\n  ${outside.join("\n  ")}`,
      );
      if (outside.length < ceiling)
        console.log(`      ${ci}: ${outside.length} files now; lower its ceiling (${ceiling})`);
    });

  it("the counter sees a CI named in a new file (it can fail)", () => {
    const files = sourceFiles();
    const extra = { file: "model/extra.ts", text: "// runs on GitLab\n" };
    const count = (fs: typeof files) =>
      fs.filter((f) => /gitlab/i.test(f.text) && !/^model\/(ci|oidc)\/gitlab\//.test(f.file))
        .length;
    assert.equal(count([...files, extra]), count(files) + 1);
  });
});

describe("the CI registry and its tables agree", () => {
  it("every table has exactly the registry's units, and the config's ci values derive from them", () => {
    const units = registry.CI_UNIT_FACTS.map((u) => u.system).sort();
    assert.deepEqual([...bindings.CI_BINDINGS.keys()].sort(), units);
    assert.deepEqual([...policies.CI_POLICIES.keys()].sort(), units);
    assert.deepEqual(Object.keys(files.RENDERERS).sort(), units);
    assert.deepEqual(Object.keys(issuers.CI_UNITS).sort(), units);
    assert.deepEqual(registry.CI_SYSTEMS, [
      "github-actions",
      ...registry.CI_UNIT_FACTS.map((u) => u.system),
    ]);
    assert.deepEqual(registry.REPOSITORY_HOSTS, ["github", "gitlab", "azure-repos", "other"]);
    assert.deepEqual(registry.PIPELINE_MODES, [registry.DEFAULT_CI, registry.DEPLOYMENTS_MODE]);
    assert.deepEqual(registry.DEPLOY_MODES, ["direct", ...registry.PIPELINE_MODES]);
    assert.deepEqual(
      Object.keys(registry.CRON_GRAMMARS).sort(),
      [...registry.PIPELINE_MODES].sort(),
    );
    assert.deepEqual([...registry.MODE_LABELS.keys()], registry.DEPLOY_MODES);
    for (const u of registry.CI_UNIT_FACTS)
      assert.equal(registry.CI_BLOCK_KEYS[u.system], u.blockKey);
  });
});

/**
 * Each managed resource type (its token, or its provider class as `ps.X`/`github.X`) is named in
 * few source files: its area (kinds/), the component that registers it, and one more (issue 32).
 * Consumers name a type through its area's `ManagedType` (`pulumiTeam.token`), not its token.
 * CEILING is where the source is today for the types above the target, so a count can only go
 * down; every other type is held at the target.
 */
const TYPE_TARGET = 3;
const TYPE_CEILINGS: ReadonlyMap<string, { ceiling: number; why: string }> = new Map([
  [
    "pulumiservice:index:Environment",
    {
      ceiling: 4,
      why: "three components register ESC environments (tier, login, break-glass); the others hold the tier's EnvironmentHandle",
    },
  ],
  [
    "pulumiservice:index:TeamEnvironmentPermission",
    {
      ceiling: 5,
      why: "three components register environment grants, and the policy pack's type table",
    },
  ],
  [
    "github:index/repositoryFile:RepositoryFile",
    { ceiling: 4, why: "three components commit files (org, pipeline, repository protection)" },
  ],
  [
    "pulumiservice:index:Team",
    {
      ceiling: 4,
      why: "the removal guard (model/adopt/guard.ts) and the policy pack's type table",
    },
  ],
]);

/** The files naming a managed type: its token, or its class through the provider's import. */
export function typeFiles(
  token: string,
  files: readonly { file: string; text: string }[],
): string[] {
  const [pkg, , cls] = token.split(":");
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const alias =
    pkg === "github" ? "(?:github|gh)" : pkg === "pulumiservice" ? "(?:ps|pulumiservice)" : null;
  const tokenRe = new RegExp(`${esc(token)}(?![A-Za-z])`);
  const classRe = alias ? new RegExp(`\\b${alias}(?:\\.\\w+)?\\.${esc(cls)}\\b`) : null;
  return files
    .filter((f) => tokenRe.test(f.text) || (classRe?.test(f.text) ?? false))
    .map((f) => f.file)
    .sort();
}

describe("each managed type is named in its area, its component and few other files", () => {
  const files = sourceFiles();
  for (const t of MANAGED_TYPES) {
    const limit = TYPE_CEILINGS.get(t.token);
    const ceiling = limit?.ceiling ?? TYPE_TARGET;
    it(`${t.token}: named in at most ${ceiling} source files${limit ? ` (${limit.why})` : ""}`, () => {
      const named = typeFiles(t.token, files);
      assert.ok(
        named.some((f) => f.startsWith("kinds/")),
        named.join(", "),
      );
      assert.ok(
        named.length <= ceiling,
        `${t.token} is named in ${named.length} files (ceiling ${ceiling}):\n  ${named.join("\n  ")}`,
      );
      if (limit && named.length < ceiling)
        console.log(`      ${t.token}: ${named.length} files now; lower its ceiling (${ceiling})`);
    });
  }

  it("every ceiling is for a managed type above the target", () => {
    const tokens = new Set(MANAGED_TYPES.map((t) => t.token));
    for (const [token, { ceiling }] of TYPE_CEILINGS) {
      assert.ok(tokens.has(token), token);
      assert.ok(ceiling > TYPE_TARGET, token);
    }
  });

  it("the counter sees a token, or a provider class, named in a new file (it can fail)", () => {
    const base = typeFiles("pulumiservice:index:Webhook", files).length;
    const plus = (text: string) =>
      typeFiles("pulumiservice:index:Webhook", [...files, { file: "plan/extra.ts", text }]).length;
    assert.equal(plus('const t = "pulumiservice:index:Webhook";'), base + 1);
    assert.equal(plus("new ps.Webhook(name, args);"), base + 1);
    assert.equal(plus("new ps.WebhookX(name, args);"), base);
    assert.equal(plus('"pulumiservice:index:Webhooks"'), base);
    assert.equal(
      typeFiles("pulumiservice:api:Gate", [{ file: "x.ts", text: "new ps.api.Gate(" }]).length,
      1,
    );
  });
});

describe("the default CI's and the Deployments unit's facts, through the registry", () => {
  it("the default CI is a project tier's `ci:` when none is given, and nothing else is", () => {
    assert.equal(registry.DEFAULT_CI, "github-actions");
    assert.equal(registry.isDefaultCi(undefined), true);
    assert.equal(registry.isDefaultCi("github-actions"), true);
    for (const other of [
      "GitHub-Actions",
      "github-actions ",
      "github_actions",
      "githubactions",
      "github-actions\u200b",
      "",
      "constructor",
      "__proto__",
      ...registry.CI_UNIT_FACTS.map((u) => u.system),
      registry.DEPLOYMENTS_MODE,
    ])
      assert.equal(registry.isDefaultCi(other), false, JSON.stringify(other));
  });

  it("only the default CI has a preview route by default among the built-in modes and units", () => {
    assert.equal(registry.hasPreviewRoute(undefined), true);
    assert.equal(registry.hasPreviewRoute(registry.DEFAULT_CI), true);
    for (const u of registry.CI_UNIT_FACTS)
      assert.equal(registry.hasPreviewRoute(u.system), u.previewRoute);
  });

  it("each runner's cron grammar is its unit's: names and the minimum interval", () => {
    const actions = registry.CRON_GRAMMARS[registry.DEFAULT_CI];
    const deployments = registry.CRON_GRAMMARS[registry.DEPLOYMENTS_MODE];
    assert.deepEqual(actions, { label: "GitHub Actions", names: true, minIntervalMinutes: 5 });
    assert.deepEqual(deployments, { label: "Pulumi Deployments", names: false });
    assert.equal(registry.MODE_LABELS.get(registry.DEFAULT_CI), registry.DEFAULT_CI_LABEL);
    assert.equal(registry.MODE_LABELS.get(registry.DEPLOYMENTS_MODE), registry.DEPLOYMENTS_LABEL);
  });

  it("init's aliases of the pipeline modes name modes, and no alias is a CI's own value", () => {
    const systems = new Set<string>([...registry.CI_SYSTEMS, ...registry.PIPELINE_MODES]);
    assert.deepEqual(
      registry.PIPELINE_MODE_ALIASES.map(([a, m]) => `${a}=${m}`),
      ["github=github-actions", "actions=github-actions", "deployments=pulumi-deployments"],
    );
    for (const [alias, mode] of registry.PIPELINE_MODE_ALIASES) {
      assert.ok(!systems.has(alias), alias);
      assert.ok((registry.PIPELINE_MODES as readonly string[]).includes(mode), mode);
    }
    assert.deepEqual(registry.DEPLOYMENT_TRIGGERS, ["github-app", "api"]);
  });
});
