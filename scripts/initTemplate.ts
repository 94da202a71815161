/**
 * The stack file `npm run init` writes: a small organization that plans cleanly (a `dev` tier
 * developers deploy themselves, a protected `prod` tier that only its pipeline deploys, a platform
 * team, the bootstrap project) with every other key shown as a commented example. Pure: the
 * answers in, the file's text out. Values go through the YAML library (a name such as `true` or
 * `1e3` stays a string); the comments are fixed text.
 */
import { stringify } from "yaml";
import {
  CI_BLOCK_KEYS,
  CI_UNIT_FACTS,
  DEFAULT_CI,
  DEPLOYMENTS_MODE,
  PIPELINE_MODE_ALIASES,
  PIPELINE_MODES,
  UnitCi,
} from "../model/ci/registry";

/** The CI choices init offers: the two pipeline modes (the default CI first), then the units. */
export const INIT_CIS = [...PIPELINE_MODES, ...CI_UNIT_FACTS.map((u) => u.system)] as const;
export type InitCi = (typeof INIT_CIS)[number];

/** The unit whose example block init shows, and that block's fields. */
const EXAMPLE = CI_UNIT_FACTS.flatMap((u) =>
  "initExample" in u ? [{ unit: u, fields: Object.entries(u.initExample) }] : [],
)[0];

/** A project on another CI, as `--project` takes it: `ci=<ci>,<field>=<value>,...`. */
export const INIT_EXAMPLE_FLAG = EXAMPLE
  ? `ci=${EXAMPLE.unit.system},${EXAMPLE.fields.map(([k, v]) => `${k}=${v}`).join(",")}`
  : "";

/** The same project tier, as the stack file writes it. */
const EXAMPLE_TIER = EXAMPLE
  ? `{ ci: ${EXAMPLE.unit.system}, ${EXAMPLE.unit.blockKey}: { ${EXAMPLE.fields.map(([k, v]) => `${k}: ${v}`).join(", ")} } }`
  : "";

/** Other spellings of a CI a user may type (`--ci github`). */
export const CI_ALIASES: ReadonlyMap<string, InitCi> = new Map([
  ...PIPELINE_MODE_ALIASES,
  ...CI_UNIT_FACTS.flatMap((u) => u.initAliases.map((a): [string, InitCi] => [a, u.system])),
]);

/**
 * The fields each other CI's block needs (model/config/ci.ts), as dotted paths: what a project on
 * that CI must be given, and what the terminal asks for.
 */
export const CI_REQUIRED_FIELDS: ReadonlyMap<InitCi, readonly string[]> = new Map(
  CI_UNIT_FACTS.map((u): [InitCi, readonly string[]] => [u.system, u.initRequired]),
);

/** The config key of a CI's block on a project tier (its unit's `blockKey`). */
export const ciBlockKey = (ci: InitCi): string | undefined =>
  (PIPELINE_MODES as readonly string[]).includes(ci) ? undefined : CI_BLOCK_KEYS[ci as UnitCi];

export interface InitPerson {
  /** Pulumi Cloud login. */
  readonly pulumi: string;
  /** GitHub login, when known. */
  readonly github?: string;
}

export interface InitProject {
  readonly name: string;
  readonly repository: string;
  readonly ci: InitCi;
  /** The CI's block (`<blockKey>: { <field>: <id>, ... }`), already typed (ids as numbers). */
  readonly block?: Readonly<Record<string, unknown>>;
}

export interface InitTeam {
  readonly name: string;
  /** Projects the team develops (role `developer` on each). */
  readonly projects: readonly string[];
}

export interface InitAnswers {
  readonly organization: string;
  readonly githubOwner: string;
  readonly stack: string;
  readonly platformRepository: string;
  /** The platform team's people; they are also the organization admins. */
  readonly platform: readonly InitPerson[];
  readonly teams: readonly InitTeam[];
  readonly projects: readonly InitProject[];
  /** Path of the JSON Schema relative to the written file, for the yaml-language-server line. */
  readonly schemaPath: string;
}

/** `stringify` of one mapping entry, indented by `indent` spaces. */
function entry(key: string, value: unknown, indent: number): string {
  const text = stringify(new Map([[key, value]]), { lineWidth: 0, flowCollectionPadding: false });
  const pad = " ".repeat(indent);
  return text
    .trimEnd()
    .split("\n")
    .map((l) => pad + l)
    .join("\n");
}

const comment = (indent: number, lines: string) =>
  lines
    .trim()
    .split("\n")
    .map((l) => `${" ".repeat(indent)}#${l.trim() ? " " + l.trimEnd() : ""}`)
    .join("\n");

function header(a: InitAnswers): string {
  return `# yaml-language-server: $schema=${a.schemaPath}
# secure-org stack config for the Pulumi organization ${a.organization}, written by \`npm run init\`.
# Review it offline with \`npm run plan -- --stack ${a.stack}\`; the plan ends with what is still
# missing for a real run. Every key: docs/configuration.md. The first \`pulumi up\`:
# docs/first-deployment.md.
#
# The bootstrap reads its GitHub App credentials from an ESC environment you create first
# (GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PEM_FILE):
# environment:
#   - secure-org/${a.stack}`;
}

function githubSection(a: InitAnswers): string {
  const github = new Map<string, unknown>([
    ["owner", a.githubOwner],
    ["platformRepository", a.platformRepository],
    ["platformTeam", "platform"],
  ]);
  return [
    entry("github:owner", a.githubOwner, 2),
    entry("secure-org:organization", a.organization, 2),
    entry("secure-org:github", github, 2),
    comment(
      4,
      `ownerId: 1234567        # the numeric GitHub organization id: pins OIDC rules and rulesets
bootstrapAppId: 123456   # the GitHub App the bootstrap runs as: the only ruleset bypass`,
    ),
  ].join("\n");
}

function defaultsSection(a: InitAnswers): string {
  const people = a.platform.map((p) => p.pulumi);
  return [
    entry(
      "secure-org:defaults",
      new Map([
        ["stackPermission", "none"],
        ["environmentPermission", "none"],
      ]),
      2,
    ),
    comment(
      4,
      `membersCanCreateStacks: false
membersCanDeleteStacks: false
membersCanCreateTeams: false
maxAccessTokenExpiryDays: 90
maxAdmins: 3
customRoles: true        # Enterprise and above, with the Custom Roles feature`,
    ),
    comment(
      2,
      "Organization admins bypass every grant: few, named, and the first `pulumi up` runs as one.",
    ),
    people.length > 0
      ? entry("secure-org:admins", people, 2)
      : comment(2, "secure-org:admins: [your-pulumi-login]"),
    comment(
      2,
      `Members in no team: secure-org:members: [someone]
What each role may do on GitHub (defaults: developer push, maintainer maintain, auditor pull):
secure-org:roles:
  auditor: { repository: push }   # approvals count only from write access`,
    ),
  ].join("\n");
}

function teamsSection(a: InitAnswers): string {
  const platform = new Map<string, unknown>([
    ["name", "platform"],
    ["description", "Owns the bootstrap, the pipelines and production approvals"],
    ["members", a.platform.map((p) => p.pulumi)],
    ["githubMembers", a.platform.flatMap((p) => (p.github ? [p.github] : []))],
    // "*" never reaches the bootstrap project: a route to it is named (validation refuses otherwise).
    [
      "access",
      new Map([
        ["*", "maintainer"],
        ["secure-org", "maintainer"],
      ]),
    ],
  ]);
  const teams = [
    platform,
    ...a.teams.map(
      (t) =>
        new Map<string, unknown>([
          ["name", t.name],
          ["members", []],
          ["githubMembers", []],
          ["access", new Map(t.projects.map((p) => [p, "developer"]))],
        ]),
    ),
  ];
  return [
    comment(
      2,
      `Teams: Pulumi Cloud members, and (githubMembers) the GitHub team that mirrors them. A team
without githubMembers gets no GitHub team and so no repository access. The platform team
approves production: GitHub needs at least one member who is not the author of a change.`,
    ),
    entry("secure-org:teams", teams, 2),
  ].join("\n");
}

function tiersSection(): string {
  return `  # Tiers: what each role may do on every stack and ESC environment of the tier.
  secure-org:tiers:
    - name: dev
      roles:
        developer: { stack: write, environment: open }
        maintainer: { stack: admin, environment: admin }
      deploy: { mode: direct }
    # A staging tier its pipeline deploys, with pull-request previews:
    # - name: staging
    #   roles:
    #     developer: { stack: read, environment: open }
    #     maintainer: { stack: read, environment: open }
    #   deploy: { mode: ${DEFAULT_CI}, branch: main }
    - name: prod
      protected: true # no human runs pulumi up or opens its secrets
      roles:
        developer: { stack: none, environment: none }
        maintainer: { stack: none, environment: read } # read never decrypts secrets
        # Break-glass, approved per use by another team (docs/break-glass.md):
        # oncall:
        #   stack: none
        #   environment: open
        #   breakGlass: { justification: "On-call reads production credentials in a declared incident", approvers: [security], maxDuration: 1h }
      deploy:
        mode: ${DEFAULT_CI}
        branch: main
        approvers: [platform]
        requiredApprovals: 1
      # driftDetection: { schedule: "0 */6 * * *", autoRemediate: false }`;
}

function projectEntry(p: InitProject): Map<string, unknown> {
  const prod = new Map<string, unknown>();
  if (p.ci === DEPLOYMENTS_MODE) prod.set("mode", DEPLOYMENTS_MODE);
  const blockKey = ciBlockKey(p.ci);
  if (blockKey) {
    prod.set("ci", p.ci);
    prod.set(blockKey, p.block ?? {});
  }
  return new Map<string, unknown>([
    ["name", p.name],
    ["repository", p.repository],
    [
      "tiers",
      new Map<string, unknown>([
        ["dev", {}],
        ["prod", prod],
      ]),
    ],
  ]);
}

function projectsSection(a: InitAnswers): string {
  const bootstrap = new Map<string, unknown>([
    ["name", "secure-org"],
    ["description", "This bootstrap program; it deploys through the pipeline it generates"],
    ["repository", a.platformRepository],
    ["bootstrap", true],
    ["tiers", new Map([["prod", {}]])],
  ]);
  return [
    comment(
      2,
      `Projects: one Pulumi project per entry, its repository, and the tiers it has stacks on.
Other keys: workDir: infra, repositoryId: 1234567 (pins OIDC rules), defaultBranch: main,
protectedBranches: [release], and per tier: stack, environment, mode, previewPullRequests,
ci: ${CI_UNIT_FACTS.map((u) => u.system).join(" | ")} with its block (docs/deploy-routes.md), e.g.
  prod: ${EXAMPLE_TIER}`,
    ),
    entry("secure-org:projects", [...a.projects.map(projectEntry), bootstrap], 2),
  ].join("\n");
}

function restSection(): string {
  return comment(
    2,
    `OIDC, auditing and guardrails (docs/configuration.md, docs/audit.md, docs/guardrails.md):
secure-org:oidc:
  maxExpirationSeconds: 3600
secure-org:audit:
  schedule: { cron: "17 5 * * *", days: 7 }
  webhooks:
    - name: security
      url: https://hooks.example.com/pulumi
      format: slack
      secretConfigKey: securityWebhookSecret   # pulumi config set --secret secure-org:securityWebhookSecret
secure-org:guardrails:
  optOut:
    dev: { reason: "..." }`,
  );
}

/** The whole stack file. */
export function renderInitConfig(a: InitAnswers): string {
  return [
    header(a),
    "config:",
    githubSection(a),
    defaultsSection(a),
    teamsSection(a),
    tiersSection(),
    projectsSection(a),
    restSection(),
  ]
    .join("\n")
    .concat("\n");
}
