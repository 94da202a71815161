/**
 * Shared by the adoption specs: a local server on 127.0.0.1 holding the messy organization
 * (test/support/messyOrg.ts) as Pulumi Cloud and GitHub would answer (test/support/adoptServer.ts),
 * and the real commands in-process: `npm run adopt` (scripts/adopt.ts), the plan and the audit.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { main as adoptMain } from "../../scripts/adopt";
import { main as auditMain } from "../../scripts/audit";
import { main as planMain } from "../../scripts/plan";
import type { PlanReport } from "../../plan";
import type { AuditReport } from "../../audit/audit";
import { adoptResponder, World } from "../support/adoptServer";
import { MockCloud } from "../support/mockCloud";
import { messyOrg } from "../support/messyOrg";
import { OpenApiChecker } from "../support/openapiChecker";

export const TOKEN = "pul-adopt0123456789abcdef0123456789abcd";
export const GH_TOKEN = "ghp_adopt0123456789abcdef0123456789abcd";
export const NOW = Date.parse("2026-11-25T12:00:00.000Z");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export class Harness {
  readonly cloud = new MockCloud();
  readonly api = new OpenApiChecker();
  readonly problems: string[] = [];
  world: World = messyOrg();
  readonly dir = mkdtempSync(path.join(tmpdir(), "secure-org-adopt-"));

  async start(): Promise<void> {
    await this.cloud.start();
    this.cloud.respond(
      adoptResponder(() => this.world, {
        token: TOKEN,
        githubToken: GH_TOKEN,
        baseUrl: () => this.cloud.url,
        api: this.api,
        problems: this.problems,
      }),
    );
  }

  env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return {
      PULUMI_ACCESS_TOKEN: TOKEN,
      PULUMI_BACKEND_URL: this.cloud.url,
      GITHUB_TOKEN: GH_TOKEN,
      GITHUB_API_URL: `${this.cloud.url}/github`,
      ...extra,
    };
  }

  private check(run: Run): Run {
    for (const out of [run.stdout, run.stderr]) {
      assert.ok(!out.includes(TOKEN), "the Pulumi token leaked");
      assert.ok(!out.includes(GH_TOKEN), "the GitHub token leaked");
    }
    return run;
  }

  async adopt(args: string[], env = this.env()): Promise<Run & { files: Map<string, string> }> {
    let stdout = "";
    let stderr = "";
    const files = new Map<string, string>();
    const code = await adoptMain(args, {
      env,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      now: () => NOW,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      sleep: async () => undefined,
      timeoutMs: 10_000,
      writeFile: (f, t) => {
        files.set(f, t);
        writeFileSync(f, t);
      },
    });
    return { ...this.check({ code, stdout, stderr }), files };
  }

  async plan(args: string[]): Promise<Run & { report?: PlanReport }> {
    let stdout = "";
    let stderr = "";
    const code = await planMain(args, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    const report =
      args.includes("--json") && stdout.trim() ? (JSON.parse(stdout) as PlanReport) : undefined;
    return { code, stdout, stderr, report };
  }

  async audit(args: string[]): Promise<Run & { report?: AuditReport }> {
    let stdout = "";
    let stderr = "";
    const code = await auditMain(args, {
      env: this.env(),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      now: () => NOW,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      sleep: async () => undefined,
      timeoutMs: 10_000,
    });
    const report =
      args.includes("--json") && stdout.trim() ? (JSON.parse(stdout) as AuditReport) : undefined;
    return { ...this.check({ code, stdout, stderr }), report };
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** A stack file's `config:` mapping. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  configOf(file: string): Record<string, any> {
    return (parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
  }

  async stop(): Promise<void> {
    await this.cloud.stop();
  }
}
