/**
 * Hostile configs through the real command line, in-process: each edit of an example is written
 * to a stack file and planned with `scripts/plan.ts`'s `main`, as `npm run plan -- --config`
 * would. A refusal must exit 1, name the path and say what is wrong, with no stack trace.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { main } from "../../scripts/plan";
import { exampleDoc, StackDoc } from "../support/examples";

export interface PlanRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Plans an edited example (`prod` by default) through the command line, in-process. */
export async function planEdited(
  edit: (doc: StackDoc) => void,
  stack: "prod" | "dev" | "multi-ci" = "prod",
  extraArgs: string[] = [],
): Promise<PlanRun> {
  return planAs(edit, stack, stack, extraArgs);
}

/**
 * Plans an edited example written as the config of stack `fileStack` (`Pulumi.<fileStack>.yaml`,
 * e.g. the prod example copied to `Pulumi.acme.yaml`).
 */
export async function planAs(
  edit: (doc: StackDoc) => void,
  fileStack: string,
  example: "prod" | "dev" | "multi-ci" = "prod",
  extraArgs: string[] = [],
): Promise<PlanRun> {
  const doc = exampleDoc(example);
  edit(doc);
  const dir = mkdtempSync(path.join(tmpdir(), "secure-org-hostile-"));
  try {
    const file = path.join(dir, `Pulumi.${fileStack}.yaml`);
    writeFileSync(file, stringify(doc));
    let stdout = "";
    let stderr = "";
    const code = await main(["--config", file, ...extraArgs], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    return { code, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STACK_TRACE = /\n\s+at .+[:(].*\d+:\d+\)?/;

/** Exit 1, an error line at `path` whose message matches every fragment, and no stack trace. */
export function assertRefused(run: PlanRun, path: string, ...fragments: (string | RegExp)[]): void {
  assert.equal(run.code, 1, `expected exit 1, got ${run.code}\n${run.stderr}${run.stdout}`);
  assert.equal(run.stdout, "", "nothing on stdout when the config is refused");
  assert.ok(!STACK_TRACE.test(run.stderr), `stack trace on stderr:\n${run.stderr}`);
  const lines = run.stderr.split("\n").filter((l) => l.startsWith(`  ${path}: `));
  assert.ok(lines.length > 0, `no error at ${path}; stderr was:\n${run.stderr}`);
  for (const f of fragments)
    assert.ok(
      lines.some((l) => (typeof f === "string" ? l.includes(f) : f.test(l))),
      `no error at ${path} says ${String(f)}; errors there:\n${lines.join("\n")}`,
    );
}

/** Exit 0 and a plan on stdout. */
export function assertAccepted(run: PlanRun): void {
  assert.equal(run.code, 0, `expected exit 0, got ${run.code}\n${run.stderr}`);
  assert.ok(run.stdout.includes("secure-org plan:"), run.stdout.slice(0, 200));
}

export const key = {
  teams: "secure-org:teams",
  tiers: "secure-org:tiers",
  projects: "secure-org:projects",
  github: "secure-org:github",
  defaults: "secure-org:defaults",
  audit: "secure-org:audit",
  roles: "secure-org:roles",
  oidc: "secure-org:oidc",
} as const;

/** The prod example's oncall break-glass (tiers[2].roles.oncall.breakGlass). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const breakGlass = (d: StackDoc): any => d.config[key.tiers][2].roles.oncall.breakGlass;

/**
 * A protected github-actions tier `name` that the payments project deploys (appended to the
 * example's three tiers, so tiers[3]).
 */
export function protectedTier(d: StackDoc, name: string): void {
  d.config[key.tiers].push({
    name,
    protected: true,
    roles: {
      developer: { stack: "none", environment: "none" },
      maintainer: { stack: "read", environment: "read" },
      auditor: { stack: "none", environment: "read" },
      oncall: { stack: "none", environment: "none" },
    },
    deploy: {
      mode: "github-actions",
      branch: "main",
      approvers: ["security"],
      requiredApprovals: 1,
    },
  });
  d.config[key.projects][0].tiers[name] = {};
}

/** Two shards of the example: payments (with `first`'s extra settings) and web. */
export function shards(d: StackDoc, first: Record<string, unknown>): void {
  d.config[key.defaults].customRoles = false;
  d.config["secure-org:shards"] = [
    { name: "payments", projects: ["payments"], ...first },
    { name: "web", teams: ["web"] },
  ];
}
