/**
 * The plan's sections for adopting an organization and reviewing access changes, in text and
 * Markdown: the mass-removal guard, the access changes against a baseline (near the top, where a
 * reviewer looks first), and per resource `import <id>` or `create` (at the end).
 */
import type { GrantChange } from "./accessDiff";
import type { PlanReport, Style } from "./report";

/** The guard's verdict and the access changes, right after the title. */
export function changeSections(report: PlanReport, style: Style): string[] {
  return [...guardSection(report, style), ...accessDiffSection(report, style)];
}

function guardSection(report: PlanReport, { heading }: Style): string[] {
  const g = report.guard;
  if (!g || (g.ok && g.removals === 0)) return [];
  return [
    heading(g.ok ? "Mass-removal guard: passed" : "Mass-removal guard: STOPPED"),
    g.message,
    "",
  ];
}

const grantLine = (g: GrantChange) =>
  `${g.human ? "human" : "machine"} team ${g.team}: ${g.kind} ${g.target} (tier ${g.tier}) ${g.before} -> ${g.after}`;

function accessDiffSection(report: PlanReport, { heading, item, md }: Style): string[] {
  const d = report.accessDiff;
  if (!d) return [];
  const out = [
    heading(
      `Access changes against the baseline (${d.baseline.organization}, stack ${d.baseline.stack}): ${d.summary.total}`,
    ),
  ];
  if (d.summary.total === 0) return [...out, "none", ""];
  const group = (title: string, lines: readonly string[]) =>
    lines.length ? [md ? `**${title}**` : `${title}:`, ...lines.map((l) => `${item}${l}`)] : [];
  out.push(
    ...group("Grants removed", d.grants.removed.map(grantLine)),
    ...group("Grants lowered", d.grants.lowered.map(grantLine)),
    ...group("Grants added", d.grants.added.map(grantLine)),
    ...group("Grants raised", d.grants.raised.map(grantLine)),
    ...group(
      "Members removed",
      d.members.removed.map((m) => `${m.login} from ${m.service} team ${m.team}`),
    ),
    ...group(
      "Members added",
      d.members.added.map((m) => `${m.login} to ${m.service} team ${m.team}`),
    ),
    ...group("Admins removed (demoted or gone)", d.organization.adminsRemoved),
    ...group("Admins added", d.organization.adminsAdded),
    ...group("Organization members removed", d.organization.membersRemoved),
    ...group("Organization members added", d.organization.membersAdded),
    ...group(
      "Organization defaults",
      d.defaults.map(
        (c) => `${c.setting}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`,
      ),
    ),
    ...group(
      "OIDC tokens whose policies changed",
      d.identities.map(
        (i) =>
          `${i.token}: ${i.before.length} -> ${i.after.length} policies` +
          [
            ...i.before.filter((p) => !i.after.includes(p)).map((p) => `; removed ${p}`),
            ...i.after.filter((p) => !i.before.includes(p)).map((p) => `; added ${p}`),
          ].join(""),
      ),
    ),
    ...group(
      "Workflow contexts that obtain other tokens",
      d.contexts.map(
        (c) =>
          `${c.pipeline}: ${c.context}: ${c.before.join(", ") || "nothing"} -> ${c.after.join(", ") || "nothing"}`,
      ),
    ),
    "",
  );
  return out;
}

/** One input an import changes, shortened for a table (the JSON report has every value). */
function differenceText(d: {
  field: string;
  live: unknown;
  declared: unknown;
  replaces: boolean;
}): string {
  const short = (v: unknown) => {
    const t = JSON.stringify(v) ?? "null";
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  };
  return `${d.field} ${short(d.live)} -> ${short(d.declared)}${d.replaces ? " (replaces)" : ""}`;
}

/** Per resource `import <id>` or `create`, with what an import would change. */
export function adoptionSections(report: PlanReport, { heading, table }: Style): string[] {
  const a = report.adoption;
  if (!a) return [];
  const s = a.summary;
  const rows = a.resources.map((r) => [
    r.type
      .replace(/^pulumiservice:index:/, "pulumiservice:")
      .replace(/^github:index\/[^:]+:/, "github:"),
    r.name,
    r.action === "import" ? `import ${r.id}` : "create",
    r.differs.map(differenceText).join("; "),
  ]);
  return [
    heading(
      `Adoption (read ${a.readAt}): ${s.imports} imported, ${s.creates} created, ` +
        `${s.differing} imports differ from live, ${s.unmanaged} left unmanaged`,
    ),
    ...table(
      [
        "type",
        "name",
        "action",
        "live -> declared (an import with a difference updates after importing; older CLIs refuse it)",
      ],
      rows,
    ),
    "",
    ...(a.notImportable.length
      ? [
          heading("Not importable"),
          ...a.notImportable.map((n) => `${n.type} (${n.count}): ${n.note}`),
          "",
        ]
      : []),
    ...(a.stale.length
      ? [
          heading("Adopt record entries not applied"),
          ...a.stale.map((x) => `${x.type} ${x.name} (${x.id}): ${x.reason}`),
          "",
        ]
      : []),
    ...(a.unmanaged.length
      ? [
          heading("Left unmanaged (exists, not imported, not removed)"),
          ...a.unmanaged.map((u) => `${u.kind} ${u.name}: ${u.reason}`),
          "",
        ]
      : []),
  ];
}
