/**
 * The `Guardrails` component under mocks (the real program): the PolicyPack it publishes (its
 * content-derived version tag, the metadata the pack serves, kept on replace), the PolicyGroups
 * (modes, stacks as `{ name, routingProject }`, the pack's config per group, after the stacks
 * exist), and what `npm pack` would upload from policy/pack. Not provable here: what Pulumi Cloud
 * does with them (the provider's upload, the service's config validation, server-side runs).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { groupPackConfig } from "../../model/access";
import { POLICY_METADATA, POLICY_NAMES } from "../../policy/pack/metadata";
import {
  PACK_SOURCE_PATH,
  packContentHash,
  packDirectory,
  packVersionTag,
} from "../../policy/source";
import { ROOT } from "../support/examples";
import { runExample, T } from "../support/run";

const PACK = "pulumiservice:index:PolicyPack";
const GROUP = "pulumiservice:index:PolicyGroup";

describe("guardrails: the component", function () {
  this.timeout(60000);

  it("publishes the pack from policy/pack, tagged by its content, kept when replaced", async () => {
    const run = await runExample("prod");
    const pack = run.one(PACK, "policy-pack");
    assert.equal(run.byUrn(pack.parent)?.type, "secure-org:index:Guardrails");
    assert.deepEqual(
      { ...pack.inputs, policies: undefined },
      {
        organization: "acme",
        name: "secure-org-guardrails",
        displayName: "secure-org guardrails",
        versionTag: packVersionTag(),
        sourcePath: "policy/pack",
        policies: undefined,
      },
    );
    assert.match(String(pack.inputs.versionTag), /^1\.0\.0-sha-[0-9a-f]{16}$/);
    assert.equal(pack.options.retainOnDelete, true);
    assert.ok(existsSync(path.join(ROOT, PACK_SOURCE_PATH, "PulumiPolicy.yaml")));
  });

  it("publishes the metadata the pack serves, so Pulumi Cloud validates group config against it", async () => {
    const run = await runExample("prod");
    const policies = run.one(PACK, "policy-pack").inputs.policies as Record<string, unknown>[];
    assert.deepEqual(
      policies.map((p) => p.name),
      [...POLICY_NAMES],
    );
    for (const p of policies) {
      const m = POLICY_METADATA[p.name as (typeof POLICY_NAMES)[number]];
      assert.equal(p.description, m.description);
      assert.equal(p.enforcementLevel, "advisory");
      assert.deepEqual(
        p.configSchema,
        m.configSchema ? JSON.parse(JSON.stringify(m.configSchema)) : undefined,
      );
    }
  });

  it("attaches it with a preventative group for protected stacks and an audit group for the rest", async () => {
    const run = await runExample("prod");
    const m = run.org.model.guardrails;
    const pack = run.one(PACK, "policy-pack");
    for (const g of m.groups) {
      const r = run.one(GROUP, `policy-group/${g.kind}`);
      assert.deepEqual(r.inputs, {
        organizationName: "acme",
        name: g.name,
        entityType: "stacks",
        mode: g.kind === "mandatory" ? "preventative" : "audit",
        stacks: g.stacks.map((s) => ({ name: s.stack, routingProject: s.project })),
        policyPacks: [
          {
            name: "secure-org-guardrails",
            versionTag: pack.inputs.versionTag,
            config: JSON.parse(JSON.stringify(groupPackConfig(m, g))),
          },
        ],
      });
      assert.ok(r.options.dependencies.includes(pack.urn), "the group waits for the pack");
      // Every stack the group lists that the program creates is created before the group.
      const stackUrns = run
        .byType(T.stack)
        .filter((s) =>
          g.stacks.some(
            (x) => x.project === s.inputs.projectName && x.stack === s.inputs.stackName,
          ),
        )
        .map((s) => s.urn);
      assert.ok(stackUrns.length > 0);
      for (const u of stackUrns)
        assert.ok(r.options.dependencies.includes(u), `${g.kind} after ${u}`);
    }
    const mandatory = run.one(GROUP, "policy-group/mandatory").inputs.stacks;
    assert.deepEqual(mandatory, [
      { name: "prod", routingProject: "payments" },
      { name: "production", routingProject: "web" },
      { name: "prod", routingProject: "secure-org" },
    ]);
  });

  it("registers nothing for guardrails when they are off", async () => {
    const run = await runExample("prod", (d) => {
      d.config["secure-org:guardrails"] = {
        enabled: false,
        reason: "the org is on an edition without policy groups until the renewal (FIN-12)",
      };
    });
    assert.deepEqual(run.byType(PACK), []);
    assert.deepEqual(run.byType(GROUP), []);
    assert.equal(run.org.guardrails, undefined);
  });
});

describe("guardrails: the pack's version tag", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pack-"));
    cpSync(packDirectory(), dir, {
      recursive: true,
      filter: (src) => !src.split(path.sep).includes("node_modules"),
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is the same for the same content, wherever the directory is", () => {
    assert.equal(packVersionTag(dir), packVersionTag());
  });

  it("changes with any change the provider would see: content, a new file, the exec bit", () => {
    const seen = new Set([packContentHash(dir)]);
    const changes: (() => void)[] = [
      () => writeFileSync(path.join(dir, "rules", "types.ts"), "// edited\n", { flag: "a" }),
      () => writeFileSync(path.join(dir, "README.md"), "notes\n"),
      () => chmodSync(path.join(dir, "index.ts"), 0o755),
      () => mkdirSync(path.join(dir, "empty")),
    ];
    for (const change of changes) {
      change();
      const h = packContentHash(dir);
      assert.ok(!seen.has(h), "a change gave a hash seen before");
      seen.add(h);
    }
  });

  it("ignores node_modules, .git and .pulumi, as the provider's hash and npm pack do", () => {
    const before = packVersionTag(dir);
    for (const d of ["node_modules", ".git", ".pulumi"]) {
      mkdirSync(path.join(dir, d, "x"), { recursive: true });
      writeFileSync(path.join(dir, d, "x", "f.js"), "1");
    }
    assert.equal(packVersionTag(dir), before);
  });

  it("carries the package.json version, and refuses one that is not x.y.z", () => {
    const pkg = path.join(dir, "package.json");
    const text = JSON.stringify({ name: "secure-org-guardrails", version: "1.1.0" });
    writeFileSync(pkg, text);
    assert.match(packVersionTag(dir), /^1\.1\.0-sha-[0-9a-f]{16}$/);
    writeFileSync(pkg, JSON.stringify({ name: "x", version: "latest" }));
    assert.throws(() => packVersionTag(dir), /"version" must be x\.y\.z/);
  });

  it("npm pack of the directory holds the pack and nothing of the rest of the repository", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json"], {
      cwd: packDirectory(),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    assert.deepEqual(files.sort(), [
      "PulumiPolicy.yaml",
      "index.ts",
      "metadata.ts",
      "package.json",
      "policies.ts",
      "rules/cloudKeys.ts",
      "rules/secrets.ts",
      "rules/stack.ts",
      "rules/types.ts",
      "tsconfig.json",
    ]);
  });
});
