/** Stacks: each declared project's stack of each tier, and the tags the program sets on it. */
import { calls, count, fixed, PS_COSTS, simple, ZERO } from "./cost";
import { parts, PS } from "./ids";
import { s } from "./helpers";
import type { ManagedArea, ManagedType } from "./types";

/** `{organization}/{project}/{stack}`. */
export const stackId = (org: string, project: string, stack: string) =>
  parts("/", [org, project, stack], "Stack");

/** `{organization}/{project}/{stack}/tags`. */
export const stackTagsId = (org: string, project: string, stack: string) =>
  `${parts("/", [org, project, stack], "StackTags")}/tags`;

export const stack: ManagedType = {
  token: "pulumiservice:index:Stack",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: [
      "GET /api/user/stacks",
      "GET /api/stacks/{orgName}/{projectName}/{stackName}/collaborators",
    ],
    codes: ["stack-undeclared", "stack-collaborator", "stack-collaborator-deployer"],
    severity: "high (a person with a direct permission on a protected stack), medium",
  },
  importId: {
    format: "{organization}/{project}/{stack}",
    source: `${PS}stack.go (Read, splitStackResourceID)`,
    importable: true,
  },
  cost: simple(
    "pulumi",
    calls(1, 1),
    "replace",
    calls(1),
    `${PS_COSTS}/resources/stack.go Stack.Create (CreateStack), Stack.Read (StackExists); no Update`,
    "retainOnDelete: a replacement deletes nothing, so it costs the create only",
  ),
  replaces: "all",
  lookup: (_r, i, ctx) =>
    ctx.live.stacks.some((x) => x.project === i.projectName && x.stack === i.stackName)
      ? {
          id: stackId(ctx.org, s(i.projectName), s(i.stackName)),
          match: {
            organizationName: ctx.org,
            projectName: s(i.projectName),
            stackName: s(i.stackName),
          },
        }
      : undefined,
};

export const stackTags: ManagedType = {
  token: "pulumiservice:index:StackTags",
  schema: "pulumiservice",
  coverage: {
    status: "audited",
    reads: ["GET /api/stacks/{orgName}/{projectName}/{stackName}"],
    codes: ["stack-tag-changed"],
    severity: "medium (a protected stack's tier or protection tag), low",
  },
  importId: {
    format: "{organization}/{project}/{stack}/tags",
    source: `${PS}stack_tags_plural.go (Read, parseStackTagsResourceID)`,
    importable: true,
    note:
      "importing adopts every tag on the stack (and a later update deletes the undeclared ones), " +
      "so it is imported only when every tag on the stack is a declared one (the values may differ: " +
      "the update then sets them); otherwise it is created, which adds the declared tags and leaves " +
      "the others alone",
  },
  cost: {
    service: "pulumi",
    formula: { create: "t (t tags)", update: "2 per changed tag", read: "1", preview: "0" },
    cost: {
      create: (c) => calls(count(c.inputs.tags), count(c.inputs.tags)),
      update: fixed(calls(2, 2)),
      read: fixed(calls(1)),
      preview: fixed(ZERO),
    },
    source: `${PS_COSTS}/resources/stack_tags_plural.go StackTags.Create (CreateStackTag per tag), Update (delete + create per changed tag), Read (GetStackTags)`,
  },
  replaces: ["organization", "project", "stack"],
  lookup: (r, i, ctx) => {
    const live = ctx.live.stacks.find((x) => x.project === i.project && x.stack === i.stack);
    if (!live) return undefined;
    const want = (i.tags ?? {}) as Record<string, string>;
    const tags = live.tags;
    // Importing is safe when every live tag is one the config declares (the program's own tags,
    // perhaps with other values): the import adopts only those, and the update that follows
    // changes values and adds the missing ones without deleting anything undeclared.
    const has = (o: Readonly<Record<string, string>>, k: string) =>
      Object.prototype.hasOwnProperty.call(o, k);
    const same = Object.keys(tags).length > 0 && Object.keys(tags).every((k) => has(want, k));
    const clash = Object.keys(want).filter((k) => has(tags, k) && !same);
    if (clash.length)
      ctx.findings.push({
        severity: "medium",
        code: "stack-tags-clash",
        subject: `stack:${live.project}/${live.stack}`,
        message: `stack ${live.project}/${live.stack} already carries ${clash.join(", ")} among other tags: importing would adopt (and then delete) the others, creating fails on the existing names. Delete those tags (${r.name}) before the first pulumi up`,
      });
    return same
      ? {
          id: stackTagsId(ctx.org, live.project, live.stack),
          match: { organization: ctx.org, project: live.project, stack: live.stack },
          live: { tags: { ...tags } },
        }
      : undefined;
  },
};

export const stacks: ManagedArea = {
  name: "stacks",
  summary: "the stacks of each declared project and tier",
  types: [stack],
  audit: ["stacks", "collaborators"],
  propose: "adopt/layout.ts",
};

export const stackTagsArea: ManagedArea = {
  name: "stackTags",
  summary: "the tags the program sets on each stack",
  types: [stackTags],
  audit: ["stackTags"],
};
