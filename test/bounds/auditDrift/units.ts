/**
 * The audit's small pure helpers, each called directly with exact expectations: Go durations,
 * ESC documents (imports, logins, qualified names), audit log targets and event names, webhook
 * event selections, change request approvals, role descriptors, the OIDC policy pairing.
 */
import { durationSeconds, goDuration } from "../../../audit/compare/helpers";
import { accountPermissionName, accountPermissionSeverity } from "../../../audit/compare/helpers";
import { qualify, readEscDocument } from "../../../audit/compare/escDocument";
import { normalizeEvent, targetOf } from "../../../audit/compare/auditLog";
import { eventSelection, webhookScopeKey } from "../../../audit/compare/webhooks";
import { standingApprovals } from "../../../audit/compare/breakGlass";
import { flattenDescriptor } from "../../../audit/compare/roles";
import { conditionEnvironmentIds } from "../../../audit/compare/deploymentRole";
import { canonical, pairKey, ruleDelta } from "../../../audit/compare/policySet";
import { staticCredentialPaths, staticSecretPaths } from "../../../audit/compare/definitions";
import { describePolicy } from "../../../audit/compare/oidcPolicy";

export interface Unit {
  readonly what: string;
  readonly run: () => unknown;
  readonly want: unknown;
}

const flat = (d: unknown) => {
  const f = flattenDescriptor(d);
  return {
    unconditional: [...f.unconditional],
    conditions: f.conditions.map((c) => ({ pinned: c.pinned, scopes: [...c.scopes] })),
    opaque: [...f.opaque],
  };
};
const at = (iso: string) => ({ createdBy: { githubLogin: "erin" }, createdAt: iso });
const pol = (rules: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  decision: "allow",
  tokenType: "team",
  teamName: "t",
  rules,
  ...extra,
});

export const UNITS: Unit[] = [
  // Go durations.
  {
    what: "durationSeconds of each unit",
    run: () =>
      ["1h", "15m", "90s", "1.5h", "1h30m", "500ms", "250us", "100µs", "7ns", "2h0m0s"].map(
        durationSeconds,
      ),
    want: [3600, 900, 90, 5400, 5400, 0.5, 0.00025, 0.00009999999999999999, 0, 7200],
  },
  {
    what: "durationSeconds of nothing or unreadable text",
    run: () => [undefined, "", "  ", "1d", "h", "1h x", "-1h", " 1h "].map(durationSeconds),
    want: [null, null, null, null, null, null, null, 3600],
  },
  {
    what: "goDuration",
    run: () => ["1h", "15m", "1h30m", "90s", "3661s", "x"].map(goDuration),
    want: ["1h0m0s", "0h15m0s", "1h30m0s", "0h1m30s", "1h1m1s", "0h0m0s"],
  },
  {
    what: "account permission names and severities",
    run: () =>
      [0, 1, 2, 3, 4, -1, 1.5, "2", null].map((n) => [
        accountPermissionName(n),
        accountPermissionSeverity(accountPermissionName(n)),
      ]),
    want: [
      ["none", "medium"],
      ["read", "medium"],
      ["write", "high"],
      ["admin", "high"],
      ["admin", "high"],
      ["admin", "high"],
      ["admin", "high"],
      ["admin", "high"],
      ["admin", "high"],
    ],
  },
  // ESC documents.
  {
    what: "qualify",
    run: () => ["p/e", "e", "p/e@3", "e@stable", " p/e "].map(qualify),
    want: ["p/e", "default/e", "p/e", "default/e", "p/e"],
  },
  {
    what: "readEscDocument: imports (list, single, object with options, versions), implicit references, logins anywhere",
    run: () =>
      readEscDocument(
        [
          "imports:",
          "  - a/b",
          "  - c@2",
          "  - { d/e: { merge: false } }",
          "  - a/b",
          "  - 7",
          "values:",
          "  x: ${environments.p.q.v}",
          "  y: ${ environments['r']['s'] }",
          "  z: '${environments.p.q.w} ${environments.a.b}'",
          "  list:",
          "    - fn::open::gcp-login:",
          "        project: 1",
          "  nested:",
          "    fn::open::aws-login:",
          "      oidc: { roleArn: r }",
          "    fn::open::azure-login: plain",
          "    fn::open::other-login: { a: 1 }",
          "",
        ].join("\n"),
      ),
    want: {
      imports: [
        { name: "a/b", implicit: false },
        { name: "default/c", implicit: false, unqualified: true },
        { name: "d/e", implicit: false },
        { name: "p/q", implicit: true },
        { name: "r/s", implicit: true },
        { name: "a/b", implicit: true },
      ],
      logins: [
        { cloud: "gcp", path: "values.list[0].fn::open::gcp-login", args: { project: 1 } },
        {
          cloud: "aws",
          path: "values.nested.fn::open::aws-login",
          args: { oidc: { roleArn: "r" } },
        },
        { cloud: "azure", path: "values.nested.fn::open::azure-login", args: {} },
      ],
    },
  },
  {
    what: "readEscDocument: one import as a scalar, none, not a map, unreadable",
    run: () => [
      readEscDocument("imports: p/one\n"),
      readEscDocument("values: {}\n"),
      readEscDocument("- a\n"),
      readEscDocument(""),
      readEscDocument("a: [\n"),
    ],
    want: [
      { imports: [{ name: "p/one", implicit: false }], logins: [] },
      { imports: [], logins: [] },
      { imports: [], logins: [] },
      { imports: [], logins: [] },
      "unreadable",
    ],
  },
  // The audit log.
  {
    what: "normalizeEvent",
    run: () =>
      ["Environment Open", " stack-update-started ", "Stack\tUpdate  Started"].map(normalizeEvent),
    want: ["environment-open", "stack-update-started", "stack-update-started"],
  },
  {
    what: "targetOf: quoted, bare, with a longer path, not a candidate",
    run: () => {
      const c = new Set(["payments/prod", "web/prod"]);
      return [
        'Opened environment "payments/prod"',
        "Opened environment web/prod (by hand)",
        "Opened acme/payments/prod",
        'Opened "payments/prod-x"',
        "Opened prod",
        "Opened /payments/",
        "payments/prod,web/prod",
      ].map((d) => targetOf(d, c) ?? null);
    },
    want: ["payments/prod", "web/prod", "payments/prod", null, null, null, "payments/prod"],
  },
  // Webhooks.
  {
    what: "webhookScopeKey",
    run: () => [
      webhookScopeKey({ kind: "organization" }),
      webhookScopeKey({ kind: "stack", project: "p", stack: "s" }),
      webhookScopeKey({ kind: "environment", project: "p", environment: "e" }),
    ],
    want: ["org", "stack:p/s", "environment:p/e"],
  },
  {
    what: "eventSelection",
    run: () => [
      eventSelection({ filters: ["a", "b"] }, { filters: ["b", "a", "a"], groups: [] }),
      eventSelection({ filters: ["a"] }, { filters: [], groups: [] }),
      eventSelection({ filters: ["a"] }, { filters: ["a", "b"], groups: [] }),
      eventSelection({ filters: ["a", "b"] }, { filters: ["a"], groups: [] }),
      eventSelection({ filters: ["a"] }, { filters: ["a"], groups: ["g"] }),
      eventSelection({ groups: ["g"] }, { filters: [], groups: ["g", "h"] }),
      eventSelection({ groups: ["g", "h"] }, { filters: [], groups: ["g"] }),
      eventSelection({ groups: ["g"] }, { filters: ["a"], groups: ["g"] }),
      eventSelection({}, { filters: [], groups: [] }),
      eventSelection({}, { filters: ["a"], groups: [] }),
      eventSelection({ filters: [], groups: [] }, { filters: [], groups: ["g"] }),
    ],
    want: [
      "same",
      "wider",
      "wider",
      "narrower",
      "narrower",
      "wider",
      "narrower",
      "narrower",
      "same",
      "narrower",
      "narrower",
    ],
  },
  // Change request approvals.
  {
    what: "standingApprovals: in any order; withdrawn by its approver (case folded), not by another; superseded by a revision",
    run: () =>
      standingApprovals([
        { eventType: "revision_added", ...at("2026-01-01T05:00:00Z") },
        { eventType: "approved_by_user", ...at("2026-01-01T01:00:00Z") },
        {
          eventType: "unapproved_by_user",
          createdBy: { githubLogin: "bob" },
          createdAt: "2026-01-01T02:00:00Z",
        },
        {
          eventType: "unapproved_by_user",
          createdBy: { githubLogin: "ERIN" },
          createdAt: "2026-01-01T03:00:00Z",
        },
        { eventType: "approved_by_user", ...at("2026-01-01T04:00:00Z") },
        { eventType: "approved_by_user", ...at("2026-01-01T06:00:00Z") },
        {
          eventType: "approved_by_user",
          createdBy: { githubLogin: "zed" },
          createdAt: "not a date",
        },
      ]),
    want: [
      {
        by: "zed",
        at: "not a date",
        until: "2026-01-01T05:00:00Z",
        ended: "superseded by a revision",
      },
      { by: "erin", at: "2026-01-01T01:00:00Z", until: "2026-01-01T03:00:00Z", ended: "withdrawn" },
      {
        by: "erin",
        at: "2026-01-01T04:00:00Z",
        until: "2026-01-01T05:00:00Z",
        ended: "superseded by a revision",
      },
      { by: "erin", at: "2026-01-01T06:00:00Z" },
    ],
  },
  // Role descriptors.
  {
    what: "flattenDescriptor: allow, group, pinned and unpinned conditions, nested, opaque, nothing",
    run: () => [
      flat({ __type: "PermissionDescriptorAllow", permissions: ["a", 1] }),
      flat({
        __type: "PermissionDescriptorGroup",
        entries: [
          { __type: "PermissionDescriptorAllow", permissions: ["a"] },
          {
            __type: "PermissionDescriptorCondition",
            condition: {
              __type: "PermissionExpressionEqual",
              left: { __type: "PermissionExpressionEnvironment" },
              right: { __type: "PermissionLiteralExpressionEnvironment", identity: "e1" },
            },
            subNode: {
              __type: "PermissionDescriptorGroup",
              entries: [
                { __type: "PermissionDescriptorAllow", permissions: ["b"] },
                {
                  __type: "PermissionDescriptorCondition",
                  condition: {},
                  subNode: { __type: "PermissionDescriptorAllow", permissions: ["c"] },
                },
              ],
            },
          },
          {
            __type: "PermissionDescriptorCondition",
            subNode: { __type: "PermissionDescriptorAllow", permissions: ["d"] },
          },
          { __type: "PermissionDescriptorSelect" },
          null,
        ],
      }),
      flat(undefined),
      flat(null),
      flat("x"),
    ],
    want: [
      { unconditional: ["a", "1"], conditions: [], opaque: [] },
      {
        unconditional: ["a"],
        conditions: [
          { pinned: true, scopes: ["b", "c"] },
          { pinned: false, scopes: ["d"] },
        ],
        opaque: ["PermissionDescriptorSelect", "(no __type)"],
      },
      { unconditional: [], conditions: [], opaque: [] },
      { unconditional: [], conditions: [], opaque: [] },
      { unconditional: [], conditions: [], opaque: ["(no __type)"] },
    ],
  },
  {
    what: "conditionEnvironmentIds: anywhere, each once, strings only",
    run: () =>
      conditionEnvironmentIds({
        a: [{ __type: "PermissionLiteralExpressionEnvironment", identity: "e1" }, null, 3],
        b: { c: { __type: "PermissionLiteralExpressionEnvironment", identity: "e2" } },
        d: { __type: "PermissionLiteralExpressionEnvironment", identity: "e1" },
        e: { __type: "PermissionLiteralExpressionEnvironment", identity: 4 },
        f: { __type: "PermissionLiteralExpressionStack", identity: "s" },
      }),
    want: ["e1", "e2"],
  },
  // OIDC policy pairing.
  {
    what: "canonical: rules in any order, permissions sorted, absent and empty alike",
    run: () => [
      canonical(pol({ b: "2", a: "1" }) as never),
      canonical({
        decision: "allow",
        tokenType: "organization",
        authorizedPermissions: ["member", "admin"],
        rules: {},
      } as never),
      canonical({ decision: "deny", tokenType: "personal", userLogin: "u" } as never),
      canonical({
        decision: "allow",
        tokenType: "runner",
        runnerID: "r",
        authorizedPermissions: [],
        rules: {},
      } as never),
    ],
    want: [
      '["allow","team","t",null,null,[],{"a":"1","b":"2"}]',
      '["allow","organization",null,null,null,["admin","member"],{}]',
      '["deny","personal",null,"u",null,[],{}]',
      '["allow","runner",null,null,"r",[],{}]',
    ],
  },
  {
    what: "pairKey: decision, token, who and event (event_name, then pipeline_source)",
    run: () => [
      pairKey(pol({ event_name: "push" }) as never),
      pairKey(pol({ pipeline_source: "web" }, { decision: "deny", teamName: undefined }) as never),
      pairKey({
        decision: "allow",
        tokenType: "organization",
        authorizedPermissions: ["b", "a"],
        rules: {},
      } as never),
      pairKey({ decision: "allow", tokenType: "personal", userLogin: "u", rules: {} } as never),
      pairKey({ decision: "allow", tokenType: "runner", runnerID: "r" } as never),
      pairKey({ decision: "allow", tokenType: "runner" } as never),
    ],
    want: [
      '["allow","team","t","event_name=push"]',
      '["deny","team","","pipeline_source=web"]',
      '["allow","organization","a,b",null]',
      '["allow","personal","u",null]',
      '["allow","runner","r",null]',
      '["allow","runner","",null]',
    ],
  },
  {
    what: "ruleDelta: dropped, added, changed, wider (a wildcard, another value), missed, token fields",
    run: () => [
      ruleDelta(
        pol({ a: "1", b: "x*", c: "z", d: "d" }) as never,
        pol({ b: "xy", c: "q", e: "e", d: "d*" }, { teamName: "u" }) as never,
      ),
      ruleDelta(pol({ a: "1" }) as never, pol({ a: "1" }) as never),
      ruleDelta(
        { decision: "allow", tokenType: "team" } as never,
        { decision: "allow", tokenType: "team" } as never,
      ),
    ],
    want: [
      {
        dropped: ["a"],
        added: ["e"],
        changed: ["b", "c", "d"],
        wider: ["c", "d"],
        missed: ["b", "c"],
        lines: [
          'a: "1" -> null',
          'b: "x*" -> "xy"',
          'c: "z" -> "q"',
          'd: "d" -> "d*"',
          'e: null -> "e"',
        ],
        tokenFields: true,
      },
      { dropped: [], added: [], changed: [], wider: [], missed: [], lines: [], tokenFields: false },
      { dropped: [], added: [], changed: [], wider: [], missed: [], lines: [], tokenFields: false },
    ],
  },
  {
    what: "describePolicy of each token type",
    run: () => [
      describePolicy(pol({ a: "1" }, { roleID: "r1" }) as never),
      describePolicy({ decision: "deny", tokenType: "team" } as never),
      describePolicy({ decision: "allow", tokenType: "organization" } as never),
      describePolicy({
        decision: "allow",
        tokenType: "personal",
        userLogin: "u",
        rules: {},
      } as never),
      describePolicy({ decision: "allow", tokenType: "runner", runnerID: "r", rules: {} } as never),
      describePolicy({ decision: "allow", tokenType: "personal", rules: {} } as never),
    ],
    want: [
      'allow team t with custom role r1 when {"a":"1"}',
      "deny team (no team) when {}",
      "allow organization token [] when {}",
      "allow personal token u when {}",
      "allow runner token r when {}",
      "allow personal token when {}",
    ],
  },
  // Static credentials.
  {
    what: "staticCredentialPaths: every credential key spelling, values judged by shape, in lists",
    run: () =>
      staticCredentialPaths(
        [
          "values:",
          ...[
            "accessKeyId",
            "secretAccessKey",
            "sessionToken",
            "AWS_ACCESS_KEY_ID",
            "aws_secret_access_key",
            "AWS_SESSION_TOKEN",
            "awsAccessKey",
            "aws-secret-key",
            "clientSecret",
            "ARM_CLIENT_SECRET",
            "AZURE_CLIENT_SECRET",
            "azure-native:clientSecret",
            "GOOGLE_CREDENTIALS",
            "gcpCredentials",
            "GOOGLE_CLOUD_KEYFILE_JSON",
            "GOOGLE_APPLICATION_CREDENTIALS_JSON",
            "private_key",
            "apiKey",
          ].map((k) => `  ${k}: v`),
          "  seq:",
          "    - AKIAIOSFODNN7EXAMPLE",
          "    - { k: pul-0123456789abcdef0123456789abcdef01234567 }",
          "  n: 3",
          "  interp: ${a.b}",
          "  mixed: x ${a.b}",
          "",
        ].join("\n"),
      ),
    want: [
      "values.accessKeyId",
      "values.secretAccessKey",
      "values.sessionToken",
      "values.AWS_ACCESS_KEY_ID",
      "values.aws_secret_access_key",
      "values.AWS_SESSION_TOKEN",
      "values.awsAccessKey",
      "values.aws-secret-key",
      "values.clientSecret",
      "values.ARM_CLIENT_SECRET",
      "values.AZURE_CLIENT_SECRET",
      "values.azure-native:clientSecret",
      "values.GOOGLE_CREDENTIALS",
      "values.gcpCredentials",
      "values.GOOGLE_CLOUD_KEYFILE_JSON",
      "values.GOOGLE_APPLICATION_CREDENTIALS_JSON",
      "values.private_key",
      "values.seq[0]",
      "values.seq[1].k",
    ],
  },
  {
    what: "staticSecretPaths: secrets outside the known credential paths only",
    run: () =>
      staticSecretPaths(
        [
          "values:",
          "  a: { fn::secret: x }",
          "  b: { c: { fn::secret: y } }",
          "  bb: { fn::secret: z }",
          "  l: [ { fn::secret: z } ]",
          "  k: [ { fn::secret: w } ]",
          "",
        ].join("\n"),
        ["values.b", "values.k"],
      ),
    want: ["values.a", "values.bb", "values.l[0]"],
  },
  {
    what: "staticSecretPaths of unreadable YAML",
    run: () => staticSecretPaths("a: [", []),
    want: [],
  },
];
