/**
 * Issue 27, "Done when": hostile configs of every class, table-driven, through the command line
 * (./support.ts). For each rule, the ways a config writer could try to get around it: case
 * variants, look-alike letters, invisible and bidi text, `constructor`/`__proto__`, `.` as a
 * wildcard, huge numbers, derived-name collisions, another branch or repository. Each refusal
 * asserts its exact path and message; each control must stay accepted.
 */
import { StackDoc } from "../support/examples";
import { assertAccepted, assertRefused, key, planEdited, protectedTier, shards } from "./support";

interface Refused {
  readonly what: string;
  readonly edit: (d: StackDoc) => void;
  readonly path: string;
  readonly says: readonly (string | RegExp)[];
  readonly args?: readonly string[];
}

interface Control {
  readonly what: string;
  readonly edit: (d: StackDoc) => void;
}

const ZWSP = "\u200b";
const RLO = "\u202e";
const CYRILLIC_A = "\u0430";

const addProject = (repository: string) => (d: StackDoc) =>
  d.config[key.projects].push({ name: "evil", repository, tiers: { dev: {} } });

// ---------------------------------------------------------------------------------------------
// Class 1: a repository spelled in another case is the same repository.

const REPOSITORIES: [string, string][] = [
  ["payments-infra", "projects[0].repository"],
  ["web-app", "projects[1].repository"],
];
/** Other spellings of `s` that GitHub takes for `s` (each differs from it). */
const caseVariants = (s: string) =>
  [
    ...new Set([
      s.toUpperCase(),
      s[0].toUpperCase() + s.slice(1),
      [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(""),
      s.slice(0, -1) + s.slice(-1).toUpperCase(),
    ]),
  ].filter((v) => v !== s);

const class1: Refused[] = [
  ...REPOSITORIES.flatMap(([repo, where]) =>
    caseVariants(repo).map((spelling) => ({
      what: `a project of repository ${spelling} (${repo} in another case)`,
      edit: addProject(spelling),
      path: "projects[3].repository",
      says: [`"${spelling}" is repository "${repo}" (${where})`, "case-insensitively"],
    })),
  ),
  ...caseVariants("platform").map((spelling) => ({
    what: `a project of repository ${spelling} (the platform repository in another case)`,
    edit: addProject(spelling),
    path: "projects[3].repository",
    says: [`"${spelling}" is repository "platform"`],
  })),
];

// Look-alikes are other repositories to GitHub, but they are not valid names here at all.
const LOOKALIKES: [string, string][] = [
  ["a Cyrillic а", `p${CYRILLIC_A}yments-infra`],
  ["a zero-width space", `payments-infra${ZWSP}`],
  ["a bidi override", `payments-${RLO}infra`],
  ["a Unicode hyphen", "payments\u2010infra"],
  ["a fullwidth letter", "\uff50ayments-infra"],
  ["a space", "payments infra"],
  ["a slash (owner/repo)", "acme/payments-infra"],
];
const class1Lookalikes: Refused[] = LOOKALIKES.map(([what, repository]) => ({
  what: `a repository name with ${what}`,
  edit: addProject(repository),
  path: "projects[3].repository",
  says: [
    `"${repository}" is not allowed: use letters, digits, '_', '.' and '-', not starting with '.'`,
  ],
}));

// ---------------------------------------------------------------------------------------------
// Class 2: derived names are reserved.

const PIPELINES: [project: string, index: number, tier: string][] = [
  ["payments", 0, "staging"],
  ["payments", 0, "prod"],
  ["web", 1, "staging"],
  ["web", 1, "prod"],
  ["secure-org", 2, "prod"],
];
const class2: Refused[] = [
  ...PIPELINES.flatMap(([p, , t]) => [
    {
      what: `a protected tier named ${p}-${t}-drift`,
      edit: (d: StackDoc) => protectedTier(d, `${p}-${t}-drift`),
      path: "tiers[3].name",
      says: [
        `"${p}-${t}-drift" is the GitHub environment secure-org derives for the drift check of ${p}/${t}`,
      ],
    },
    {
      what: `a protected tier named ${p}-${t}-preview`,
      edit: (d: StackDoc) => protectedTier(d, `${p}-${t}-preview`),
      path: "tiers[3].name",
      says: [
        `"${p}-${t}-preview" is the GitHub environment secure-org derives for the reviewed previews of ${p}/${t}`,
      ],
    },
  ]),
  ...PIPELINES.flatMap(([p, i, t]) =>
    (["deploy", "preview", "drift"] as const).map((purpose) => ({
      what: `a declared team named ${p}-${t}-${purpose}`,
      edit: (d: StackDoc) =>
        d.config[key.teams].push({ name: `${p}-${t}-${purpose}`, members: ["mallory"] }),
      path: "teams[5].name",
      says: [`is reserved for the pipeline identity of projects[${i}].tiers.${t}`],
    })),
  ),
  {
    what: "a declared team named like the scheduled audit's team",
    edit: (d: StackDoc) => d.config[key.teams].push({ name: "secure-org-auditor", members: ["m"] }),
    path: "teams[5].name",
    says: [/reserved/],
  },
];

const class2Controls: Control[] = [
  "payments-prod-drift2",
  "payments-prod-drifts",
  "drift-payments-prod",
  "payments-prod-previewer",
  "payments-qa-drift",
].map((name) => ({
  what: `a protected tier named ${name} (only resembles a derived name)`,
  edit: (d: StackDoc) => protectedTier(d, name),
}));

// ---------------------------------------------------------------------------------------------
// Class 3: '.' in a pinned value matches any one character.

const PINS = {
  aud: "urn:pulumi:org:acme",
  repository_owner_id: "1001",
  ref: "refs/heads/main",
  environment: "prod",
  repository_id: "2001",
};
const adopt =
  (rules: Record<string, string>, teamName = "payments-prod-deploy") =>
  (d: StackDoc) => {
    d.config[key.projects][0].repositoryId = 2001;
    d.config[key.oidc] = {
      ...(d.config[key.oidc] ?? {}),
      adoptedPolicies: [{ decision: "allow", tokenType: "team", teamName, rules }],
    };
  };
const DOTTED: [claim: keyof typeof PINS, value: string][] = [
  ["repository_id", "200."],
  ["repository_id", "20.1"],
  ["repository_id", "2.01"],
  ["repository_id", ".001"],
  ["repository_id", "...."],
  ["environment", "pro."],
  ["environment", "p.od"],
  ["environment", ".rod"],
  ["ref", "refs/heads/mai."],
  ["ref", "refs/heads/m.in"],
  ["ref", "refs.heads/main"],
  ["repository_owner_id", "100."],
];
const class3: Refused[] = [
  ...DOTTED.map(([claim, value]) => ({
    what: `an adopted policy pinning ${claim} "${value}"`,
    edit: adopt({ ...PINS, [claim]: value }),
    path: "oidc.adoptedPolicies[0]",
    says: ["this allow policy is wide", `${claim} = "${value}"`],
  })),
  ...["payments-prod.deploy", "payments.prod-deploy", "payments-prod-deplo."].map((team) => ({
    what: `an adopted policy whose team scope is ${team}`,
    edit: adopt(PINS, team),
    path: "oidc.adoptedPolicies[0]",
    says: [
      `this allow policy is wide: its team scope "${team}" is a pattern that also matches team "${team.replace(/\./g, "-")}"`,
    ],
  })),
];
const class3Controls: Control[] = [
  { what: "the adopted policy with exact pins", edit: adopt(PINS) },
];

// ---------------------------------------------------------------------------------------------
// Class 6: names validated before anything is built.

const SHARD_STACKS: [string, string[]][] = [
  ["prod.web", []],
  ["prod.payments", ["--shard", "payments"]],
  ["Prod-Payments", []],
  ["PROD-PAYMENTS", ["--shard", "payments"]],
  [`prod-pay${ZWSP}ments`, []],
  [`prod-${RLO}payments`, []],
  [`prod-p${CYRILLIC_A}yments`, []],
  ["prod payments", []],
  ["prod/payments", []],
  ["prod*", []],
  ["constructor", []],
  ["__proto__", []],
  ["prod-" + "p".repeat(200), []],
];
const class6: Refused[] = SHARD_STACKS.map(([stack, args]) => ({
  what: `shard stack ${JSON.stringify(stack)}${args.length ? " planning the shard" : ""}`,
  edit: (d: StackDoc) => shards(d, { stack }),
  args,
  path: "shards[0].stack",
  says: [`the shard's stack "${stack}" also names its pipeline's tier and GitHub environment`],
}));

// ---------------------------------------------------------------------------------------------
// Class 7: one login spelled two ways.

const class7: Refused[] = [
  ...["ALICE", "Alice", "aLiCe"].map((m) => ({
    what: `a member ${m} beside admin alice`,
    edit: (d: StackDoc) => (d.config["secure-org:members"] = [m]),
    path: "members[0]",
    says: [`"${m}" is "alice" (admins[0]) spelled another way`, 'Spell it "alice"'],
  })),
  ...["BOB", "Bob", "bOB"].map((m) => ({
    what: `a team member ${m} beside admin bob`,
    edit: (d: StackDoc) => (d.config[key.teams][1].members = ["carol", m]),
    path: "teams[1].members[1]",
    says: [`"${m}" is "bob" (admins[1])`],
  })),
  ...["CAROL", "Carol", "caRol"].map((m) => ({
    what: `${m} in another team beside carol`,
    edit: (d: StackDoc) => (d.config[key.teams][2].members = [m, "grace"]),
    path: "teams[2].members[0]",
    says: [`"${m}" is "carol" (teams[1].members[0])`],
  })),
];
const class7Controls: Control[] = [
  {
    what: "logins that only resemble an admin (alice2, al1ce)",
    edit: (d) => (d.config["secure-org:members"] = ["alice2", "al1ce"]),
  },
  {
    what: "an admin in a team spelled the same way",
    edit: (d) => (d.config[key.teams][1].members = ["carol", "dave", "alice"]),
  },
];

// ---------------------------------------------------------------------------------------------

describe("hardening: round 3, table-driven (issue 27)", function () {
  this.timeout(300_000);
  for (const [title, cases] of [
    ["class 1: repository names", [...class1, ...class1Lookalikes]],
    ["class 2: derived names", class2],
    ["class 3: '.' in a pin", class3],
    ["class 6: shard stacks", class6],
    ["class 7: login case", class7],
  ] as const)
    describe(title, () => {
      for (const c of cases)
        it(`refuses ${c.what}`, async () => {
          const run = await planEdited(c.edit, "prod", [...(c.args ?? [])]);
          assertRefused(run, c.path, ...c.says);
        });
    });

  describe("controls", () => {
    for (const c of [...class2Controls, ...class3Controls, ...class7Controls])
      it(`accepts ${c.what}`, async () => assertAccepted(await planEdited(c.edit)));
  });
});
