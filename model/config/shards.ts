/**
 * The shape of `secure-org:shards` (issue 20): the same program deployed as several stacks of
 * this project. The core stack (the bootstrap project's stack) keeps what is organization-wide:
 * org defaults, members, roles, the OIDC issuer, every team and pipeline identity, the guardrails
 * pack and groups. Each shard is a stack of its own (`<core stack>-<name>`, or `stack`) that owns
 * a set of projects: their stacks, ESC environments, grants, approval rules, webhooks, pipelines
 * and the protection of their repositories. Its policy checks are in ./policy/shards.ts, the model
 * in ../access/shards.ts. Absent or empty: one stack, as without sharding.
 *
 * ```yaml
 * secure-org:shards:
 *   - name: payments               # stack prod-payments (the core is prod)
 *     projects: [payments, billing]
 *   - name: web
 *     teams: [web]                 # every project the web team's access names explicitly
 * ```
 */
import { z } from "zod";
import { checkName, NameKind } from "../names";

const named = (kind: NameKind) =>
  z.string().superRefine((value, ctx) => {
    const problem = checkName(kind, value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Shard names end up in stack, team and GitHub environment names: kept short. */
export const MAX_SHARD_NAME = 30;

export const shardsSchema = z
  .array(
    z.strictObject({
      name: named("identifier").refine((n) => n.length <= MAX_SHARD_NAME, {
        message: `a shard name has at most ${MAX_SHARD_NAME} characters`,
      }),
      /** The shard's stack; defaults to `<core stack>-<name>`. */
      stack: named("stack").optional(),
      /** Projects the shard owns. */
      projects: z.array(named("project")).default([]),
      /** Teams whose explicitly named projects (not `*`) the shard owns. */
      teams: z.array(named("team")).default([]),
    }),
  )
  .default([]);

export type ShardConfig = z.output<typeof shardsSchema>[number];
