/**
 * Shared fixtures of the audit specs (test/audit/*.spec.ts).
 *
 * The audit (issue 10): the real command (`main` of scripts/audit.ts, in-process, and once as a
 * child process through scripts/run.js) against a local HTTP server on 127.0.0.1 that serves an
 * organization in the response shapes of the reference, with the real `@pulumi/esc-sdk` client
 * over a real socket. The clean organization is generated from the prod example's access model
 * (`impliedSnapshot`); each drift case mutates it and must be reported exactly once, with its
 * severity. Also: the scheduled audit's config, identity, OIDC policy, workflow and wiring.
 *
 * What this cannot prove: that api.pulumi.com answers exactly like the mock (status codes, shapes
 * and headers come from the reference; how team and organization tokens appear in audit events,
 * and which permission each read needs, are unverified there), nor that GitHub runs the workflow.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { AccessModel, buildAccessModel } from "../../model/access";
import { AuditFinding, impliedSnapshot, LiveAuditEvent, LiveSnapshot } from "../../audit/compare";
import { entriesFromStackFile, loadOrgConfig } from "../../model/load";
import { GithubIds } from "../../model/oidc";
import { AuditReport } from "../../audit/audit";
import { main } from "../../scripts/audit";
import { MockCloud, MockResponse, RecordedRequest } from "../support/mockCloud";
import { snapshotResponder } from "../support/auditServer";
import { packDirectory, packVersionTag } from "../../policy/source";
import { gateWires } from "../support/breakGlassGates";
import { SpecFake } from "../support/specFake";
import { fakeOrgFromSnapshot } from "../support/specFakeSeed";

export const ROOT = path.resolve(__dirname, "../..");
/** The version tag of this checkout's guardrails pack, which the audit compares. */
export const PACK_VERSION = packVersionTag(packDirectory(ROOT));
export const TOKEN = "pul-audit0123456789abcdef0123456789abcdef";
export const DEPLOYER = "bootstrap-admin";
export const IDS: GithubIds = {
  ownerId: 1001,
  repositoryIds: { "payments-infra": 2001, platform: 2003 },
};
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
export const T = Math.floor(NOW / 1000);
export const HOUR = 3600;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = { config: Record<string, any> };
export const prodDoc = (): Doc =>
  parse(readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")) as Doc;

export function modelOf(doc: Doc): AccessModel {
  const r = loadOrgConfig(entriesFromStackFile(doc));
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 1));
  return buildAccessModel(r.config, r.warnings);
}
export const model = modelOf(prodDoc());

/** Pipeline activity of a healthy week: every protected open and update by its own identity. */
export function pipelineEvents(): LiveAuditEvent[] {
  const team = (name: string) => ({
    user: { name, githubLogin: name },
    actorName: name,
    actorUrn: `urn:pulumi:team:acme/${name}`,
    tokenName: "oidc",
  });
  return [
    {
      timestamp: T - 2 * HOUR,
      event: "environment-open",
      description: 'Opened environment "payments/prod"',
      ...team("payments-prod-deploy"),
    },
    {
      timestamp: T - 26 * HOUR,
      // The display-name form older documentation shows.
      event: "Environment Open",
      description: 'Opened environment "payments/prod"',
      ...team("payments-prod-deploy"),
    },
    {
      timestamp: T - 2 * HOUR + 30,
      event: "stack-update-started",
      description: 'Started update "6f93a1" for stack "payments/prod"',
      ...team("payments-prod-deploy"),
    },
    {
      timestamp: T - 5 * HOUR,
      event: "stack-update-started",
      description: 'Started update "77aa01" for stack "secure-org/prod"',
      user: { name: "acme", githubLogin: "acme" },
      actorName: "acme",
      actorUrn: "urn:pulumi:organization:acme",
    },
    {
      timestamp: T - 30 * HOUR,
      event: "Stack Update Started",
      description: 'Started update "0b1c2d" for stack "web/production"',
      user: { name: "", githubLogin: "" },
      actorName: "Pulumi Deployments",
      actorUrn: "urn:pulumi:deployments:acme/web/production",
    },
    // Humans on unprotected tiers: not reported.
    {
      timestamp: T - 3 * HOUR,
      event: "environment-open",
      description: 'Opened environment "payments/dev"',
      user: { name: "Carol", githubLogin: "carol" },
    },
    {
      timestamp: T - 3 * HOUR,
      event: "stack-update-started",
      description: 'Started update "aa" for stack "payments/dev"',
      user: { name: "Carol", githubLogin: "carol" },
    },
    // Outside the 7-day window: not read.
    {
      timestamp: T - 9 * 24 * HOUR,
      event: "environment-open",
      description: 'Opened environment "payments/prod"',
      user: { name: "Alice", githubLogin: "alice" },
    },
  ];
}

/** The clean organization of `m`, deployed by `deployer` (on every team it created). */
export function cleanOrg(m: AccessModel = model, deployer: string = DEPLOYER): LiveSnapshot {
  const s = impliedSnapshot(m, IDS, { deployer, now: NOW, packVersionTag: PACK_VERSION });
  return {
    ...s,
    // The break-glass gates the plan declares (test-only field, served by the test servers).
    ...({ gateWire: gateWires(m) } as object),
    auditLog: {
      ...(s.auditLog as NonNullable<LiveSnapshot["auditLog"]>),
      events: pipelineEvents(),
    },
  };
}

/** A deep copy to mutate. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Mutable = any;
export const clone = (s: LiveSnapshot): Mutable => JSON.parse(JSON.stringify(s)) as Mutable;
export const teamOf = (w: Mutable, name: string): Mutable => {
  const t = w.teams.find((x: Mutable) => x.name === name);
  if (!t) throw new Error(`no team ${name}`);
  return t;
};

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  report?: AuditReport;
}

export const cloud = new MockCloud();

export async function runAudit(
  args: string[],
  env: Record<string, string | undefined> = {},
  extra: { retry?: { maxAttempts?: number; baseDelayMs?: number }; delays?: number[] } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    env: { PULUMI_ACCESS_TOKEN: TOKEN, PULUMI_BACKEND_URL: cloud.url, ...env },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    now: () => NOW,
    root: ROOT,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, ...extra.retry },
    sleep: async (ms) => {
      extra.delays?.push(ms);
    },
    timeoutMs: 5000,
  });
  let report: AuditReport | undefined;
  if (args.includes("--json") && stdout.trim()) report = JSON.parse(stdout) as AuditReport;
  for (const out of [stdout, stderr]) assert.ok(!out.includes(TOKEN), "the token leaked");
  return { code, stdout, stderr, report };
}

export const serve = (
  world: LiveSnapshot,
  opts: {
    pageSize?: number;
    override?: (r: RecordedRequest) => MockResponse | "destroy" | undefined;
  } = {},
) => cloud.reset().respond(snapshotResponder(world, { token: TOKEN, ...opts }));

export const AUDIT_ARGS = ["--stack", "prod", "--json", "--deployer", DEPLOYER];
export const key = (f: AuditFinding) => `${f.severity} ${f.code} ${f.subject}`;
export const notInfo = (r: AuditReport) => r.findings.filter((f) => f.severity !== "info").map(key);

/**
 * One drift case's common assertions: the audit's findings above info are exactly `expect`, its
 * exit code is 1 when one of them is high (0 otherwise), and the fake saw no request or answer the
 * spec does not allow. Returns the report for the case's own further checks.
 */
export async function expectDrift(
  fake: SpecFake,
  expect: readonly string[],
  args: readonly string[] = AUDIT_ARGS,
): Promise<AuditReport> {
  const run = await runAudit([...args]);
  const r = run.report as AuditReport;
  assert.deepEqual(notInfo(r).sort(), [...expect].sort());
  assert.equal(run.code, expect.some((e) => e.startsWith("high ")) ? 1 : 0, run.stderr);
  assert.deepEqual(fake.violations, []);
  return r;
}

/** Starts the local server for one suite (port 0 on 127.0.0.1) and stops it afterwards. */
export function useCloud(): void {
  before(async () => {
    await cloud.start();
  });
  after(async () => {
    await cloud.stop();
  });
}

export const policyIndex = (w: Mutable, match: (p: Mutable) => boolean): number => {
  const i = w.oidcIssuers[0].policies.findIndex(match);
  if (i < 0) throw new Error("no such policy");
  return i;
};
export const policyCount = () => (cleanOrg().oidcIssuers as Mutable)[0].policies.length as number;
export const prodDeployAllow = (p: Mutable) =>
  p.decision === "allow" && p.teamName === "payments-prod-deploy";

/** The spec-driven fake's organization (test/support/specFake.ts), in the API's wire shapes. */
export type Org = ReturnType<typeof fakeOrgFromSnapshot>;

/**
 * Serves `world` (default: the clean prod organization) through the spec-driven fake, after
 * `mutate` changes it in API terms; every request and answer is checked against the OpenAPI spec.
 */
export function startFake(mutate?: (o: Org) => void, world: LiveSnapshot = cleanOrg()): SpecFake {
  const org = fakeOrgFromSnapshot(world);
  mutate?.(org);
  const fake = new SpecFake(org, { token: TOKEN });
  cloud.reset().respond(fake.responder);
  return fake;
}
