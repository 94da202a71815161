/**
 * Which part of the organization this stack deploys (issue 20): the whole organization, or, when
 * the config declares shards, the core stack or one shard.
 *
 * A shard's stack file (`Pulumi.<core stack>-<shard>.yaml`) holds no organization config of its
 * own, only `secure-org:shardOf: <core stack>` (and its `environment:` import of the shard's
 * GitHub App credentials): the program reads the organization from the core stack's file in the
 * project directory, so that every stack deploys one reviewed config. The core's secret config
 * stays encrypted there, and the shard holds no grant on the core stack: the webhook secrets its
 * webhooks sign with are the only other keys its own stack may hold, each a secret
 * (`secure-org:<secretConfigKey>`, set with `pulumi config set --secret` or from its ESC
 * environment).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigEntry, entriesFromStackFile, NAMESPACE } from "../model/load";

/** The key of a shard's stack file naming its core stack. */
export const SHARD_OF_KEY = `${NAMESPACE}:shardOf`;

export type StackProgram =
  | { readonly kind: "org"; readonly entries: Record<string, ConfigEntry> }
  | {
      readonly kind: "shard";
      readonly coreStack: string;
      /** The core stack's config entries (secrets stay encrypted: `[secret]`). */
      readonly entries: Record<string, ConfigEntry>;
      /** The secret keys of the shard's own stack config (without the namespace). */
      readonly ownSecrets: readonly string[];
    };

/**
 * This stack's program: `entries` are the stack's own config; a shard's names its core, whose
 * stack file is read from `projectDir`.
 */
export function stackProgram(
  entries: Readonly<Record<string, ConfigEntry>>,
  projectDir: string,
): StackProgram {
  const shardOf = entries[SHARD_OF_KEY];
  if (!shardOf) return { kind: "org", entries: { ...entries } };
  const coreStack = String(shardOf.value);
  if (!/^[A-Za-z0-9_.-]+$/.test(coreStack))
    throw new Error(`${SHARD_OF_KEY} must name the core stack, got ${JSON.stringify(coreStack)}`);
  const ours = Object.keys(entries).filter(
    (k) => k.startsWith(`${NAMESPACE}:`) && k !== SHARD_OF_KEY,
  );
  const others = ours.filter((k) => !entries[k].secret);
  if (others.length)
    throw new Error(
      `a shard's stack takes its organization config from Pulumi.${coreStack}.yaml; remove ${others.join(", ")} from this stack's config (only the secrets of its webhooks belong here, set with --secret)`,
    );
  const file = path.join(projectDir, `Pulumi.${coreStack}.yaml`);
  return {
    kind: "shard",
    coreStack,
    entries: entriesFromStackFile(parse(readFileSync(file, "utf8"))),
    ownSecrets: ours.map((k) => k.slice(NAMESPACE.length + 1)),
  };
}
