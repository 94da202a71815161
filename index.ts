/**
 * `pulumi up` entry point: read this stack's `secure-org:*` config, validate all of it (every
 * problem at once, with its config path), then build the organization, or, in a sharded
 * organization (`secure-org:shards`), the core stack's part or one shard's
 * (components/stackProgram.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { programFromEntries, shardFromEntries } from "./components/program";
import { stackProgram } from "./components/stackProgram";
import { ConfigEntry } from "./model/load";

// `isConfigSecret` is exported by the runtime module but missing from its type declarations.
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as {
  isConfigSecret(key: string): boolean;
};

const own: Record<string, ConfigEntry> = {};
for (const [key, value] of Object.entries(pulumi.runtime.allConfig()))
  own[key] = { value, secret: runtimeConfig.isConfigSecret(key) };
const warn = (message: string) => void pulumi.log.warn(message);
const program = stackProgram(own, process.cwd());

function core() {
  // This stack's config: the bootstrap deploys this stack of this project, and nothing else.
  const owner = { stack: pulumi.getStack(), project: pulumi.getProject() };
  const org = programFromEntries(program.entries, { owner }, warn);
  return {
    organization: org.model.organization,
    teams: [...org.teams.keys()],
    pipelines: org.model.pipelines.map((p) => `${p.key} (${p.mode})`),
    oidcIssuerId: org.oidc.issuer.id,
    findings: org.model.findings.map((f) => `${f.severity} ${f.path}: ${f.message}`),
  };
}

function shard() {
  if (program.kind !== "shard") throw new Error("not a shard's stack");
  const org = shardFromEntries(
    program.entries,
    pulumi.getStack(),
    // The organization's config is the core stack's: its bootstrap deploys the core stack.
    { owner: { stack: program.coreStack, project: pulumi.getProject() } },
    warn,
    program.coreStack,
    program.ownSecrets,
  );
  return {
    organization: org.model.organization,
    shard: org.shard,
    stacks: org.model.stacks.map((s) => `${s.project}/${s.stack}`),
    pipelines: org.model.pipelines.map((p) => `${p.key} (${p.mode})`),
  };
}

const outputs = program.kind === "shard" ? shard() : core();
export = outputs;
