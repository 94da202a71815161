/**
 * The plan's sections for adopting an organization and reviewing access changes, in text and
 * Markdown: the mass-removal guard, the access changes against a baseline (near the top, where a
 * reviewer looks first), and per resource `import <id>` or `create` (at the end).
 */
import type { AccessDiff, GrantChange, GrantLevel, MemberChange } from "./accessDiff";
import { githubChangeGroups } from "./github";
import type { Style } from "./planShape";
import type { PlanReport } from "./reportTypes";

/** The guard's verdict and the access changes, right after the title. */
export function changeSections(report: PlanReport, style: Style): string[] {
  return [...guardSection(report, style), ...accessDiffSection(report, style)];
}

function guardSection(report: PlanReport, { heading, esc }: Style): string[] {
  const g = report.guard;
  if (!g || (g.ok && g.removals === 0)) return [];
  return [
    heading(`Mass-removal guard: ${g.ok ? "passed" : "STOPPED"}${raisedNote(g)}`),
    esc(g.message),
    "",
  ];
}

/** The heading's call-out of a limit raised in the same change that removes (issue 27, Also). */
export const raisedNote = (g: NonNullable<PlanReport["guard"]>) =>
  g.raisedFrom !== undefined
    ? ` (guard.maxRemovalPercent raised from ${g.raisedFrom}% in this same change)`
    : "";

const levelText = (l: GrantLevel | undefined) =>
  l ? `stack ${l.stackPermission}, environment ${l.environmentPermission}` : "nothing";

const grantLine = (g: GrantChange) =>
  `${g.kind} team ${g.team} on ${g.project} (tier ${g.tier}): ${levelText(g.before)} -> ${levelText(g.after)}` +
  (g.after?.breakGlass ? ` (break-glass: ${g.after.breakGlass})` : "");

/** The changes, grouped by kind, most dangerous first. */
export function changeGroups(d: AccessDiff): [string, string[]][] {
  const grants = (c: GrantChange["change"]) =>
    d.grants.filter((g) => g.change === c).map(grantLine);
  const org = d.organization;
  const members = (list: readonly MemberChange[] | undefined, c: string, service: string) =>
    (list ?? [])
      .filter((m) => m.change === c)
      .map((m) => `${m.member} ${c === "added" ? "to" : "from"} ${service} team ${m.team}`);
  return [
    ["Grants added", grants("added")],
    ["Grants raised", grants("raised")],
    ["Grants changed", grants("changed")],
    ["Grants lowered", grants("lowered")],
    ["Grants removed", grants("removed")],
    [
      "Members added",
      [...members(d.members, "added", "pulumi"), ...members(d.githubMembers, "added", "github")],
    ],
    [
      "Members removed",
      [
        ...members(d.members, "removed", "pulumi"),
        ...members(d.githubMembers, "removed", "github"),
      ],
    ],
    ...githubChangeGroups(d.github),
    ["Admins added", [...(org?.adminsAdded ?? [])]],
    ["Admins removed (demoted or gone)", [...(org?.adminsRemoved ?? [])]],
    ["Organization members added", [...(org?.membersAdded ?? [])]],
    ["Organization members removed", [...(org?.membersRemoved ?? [])]],
    [
      "Organization defaults",
      (d.defaults ?? []).map(
        (c) => `${c.setting}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`,
      ),
    ],
    [
      "OIDC tokens whose policies changed",
      (d.identities ?? []).map(
        (i) =>
          `${i.token}: ${i.before.length} -> ${i.after.length} policies` +
          [
            ...i.before.filter((p) => !i.after.includes(p)).map((p) => `; removed ${p}`),
            ...i.after.filter((p) => !i.before.includes(p)).map((p) => `; added ${p}`),
          ].join(""),
      ),
    ],
    [
      "Workflow contexts that obtain other tokens",
      (d.tokens ?? []).map(
        (t) =>
          `${t.pipeline}: ${t.context}` +
          (t.gained.length ? `; now obtains ${t.gained.join(", ")}` : "") +
          (t.lost.length ? `; no longer obtains ${t.lost.join(", ")}` : ""),
      ),
    ],
  ];
}

function accessDiffSection(report: PlanReport, { heading, item, md, esc }: Style): string[] {
  const d = report.accessDiff;
  if (!d) return [];
  const groups = changeGroups(d).filter(([, lines]) => lines.length);
  const total = groups.reduce((n, [, lines]) => n + lines.length, 0);
  const out = [heading(`Access changes against the baseline (${d.baseline}): ${total}`)];
  if (total === 0) return [...out, "none", ""];
  for (const [title, lines] of groups)
    out.push(md ? `**${title}**` : `${title}:`, ...lines.map((l) => `${item}${esc(l)}`));
  return [...out, ""];
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
