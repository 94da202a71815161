/**
 * The report's smaller sections: the summary line, findings by severity (each linking to where
 * its config path shows on the page, and to the cells it is marked on), teams, projects, and the
 * notes (placeholders, generated files).
 */
import { grantDecrypts } from "../../model/access";
import { SEVERITIES } from "../../model/config";
import { h, Html, joinHtml, plural } from "./markup";
import { FindingRef, ReportView } from "./view";

export { SEVERITIES };

/** Counts a reviewer wants first. */
export function summaryCounts(view: ReportView) {
  const { report, model, accessDiff } = view.input;
  const protectedHuman = report.accessMatrix
    .filter((t) => t.protected)
    .flatMap((t) => t.rows.filter((r) => r.kind === "human"));
  // Only elevated grants count: those that decrypt secrets (model/access/decrypts.ts).
  const elevated = protectedHuman.filter(grantDecrypts);
  return {
    resources: report.summary.resources,
    humanProtected: elevated.length,
    /** Human grants on protected tiers that decrypt nothing (environment read): not counted. */
    humanProtectedReadOnly: protectedHuman.length - elevated.length,
    breakGlass: elevated.filter((r) => r.breakGlass).length,
    machineIdentities: model.identities.length,
    admins: model.members.filter((m) => m.role === "admin").map((m) => m.login),
    bySeverity: SEVERITIES.map(
      (s) => [s, report.findings.filter((f) => f.severity === s).length] as const,
    ),
    // Every change (grants, members, tokens, GitHub), or the grants of a diff without a summary.
    changes: accessDiff ? (accessDiff.summary?.total ?? accessDiff.grants.length) : undefined,
  };
}

export function summarySection(view: ReportView): Html {
  const c = summaryCounts(view);
  return h`<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h" class="sr">Summary</h2>
<ul class="summary">
<li><strong>${c.resources}</strong> resources</li>
<li><strong>${c.humanProtected}</strong> human grants on protected tiers that decrypt secrets (<strong>${c.breakGlass}</strong> break-glass; ${c.humanProtectedReadOnly} read-only not counted)</li>
<li><a href="#members"><strong>${c.admins.length}</strong> organization admins</a> (above every grant)</li>
<li><strong>${c.machineIdentities}</strong> machine identities</li>
<li>findings: ${joinHtml(
    c.bySeverity.map(
      ([s, n]) => h`<a class="tag sev-${s}" href="#findings-${s}"><strong>${n}</strong> ${s}</a>`,
    ),
    " ",
  )}</li>
${c.changes !== undefined ? h`<li><a href="#changes"><strong>${c.changes}</strong> access changes</a> since the baseline</li>` : ""}
</ul>
</section>`;
}

export function findingsSection(view: ReportView): Html {
  const all = view.findings;
  return h`<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings (${all.length})</h2>
${SEVERITIES.map((s) => {
  const list = all.filter((f) => f.finding.severity === s);
  return h`<h3 id="findings-${s}"><span class="tag sev-${s}">${s}</span> ${plural(list.length, "finding")}</h3>
${list.length ? h`<ol class="findings">${list.map((f) => findingItem(view, f))}</ol>` : h`<p class="none">None.</p>`}`;
})}
</section>`;
}

function findingItem(view: ReportView, f: FindingRef): Html {
  const target = view.targetOf.get(f);
  const path = target
    ? h`<a href="#${target.id}" title="${`shown at ${target.label}`}"><code>${f.finding.path}</code></a>`
    : h`<code>${f.finding.path}</code>`;
  const related = view.related.get(f) ?? [];
  const shown = related.slice(0, 12);
  return h`<li id="${f.id}" value="${f.n}" class="sev-${f.finding.severity}"><span class="tag sev-${f.finding.severity}">${f.finding.severity} #${f.n}</span> ${path} <code class="code">${f.finding.code}</code>
<div class="msg">${f.finding.message}</div>
${
  shown.length
    ? h`<div class="rel">Marked on: ${joinHtml(
        shown.map((r) => h`<a href="#${r.id}">${r.label}</a>`),
        ", ",
      )}${related.length > shown.length ? ` and ${related.length - shown.length} more` : ""}</div>`
    : ""
}
</li>\n`;
}

export function teamsSection(view: ReportView): Html {
  const { model } = view.input;
  const rows = model.teams.map(
    (t) =>
      h`<tr id="${view.ids.id("team", t.name)}" class="${t.kind}"><th scope="row">${t.name}</th><td><span class="badge ${t.kind}">${t.kind}</span></td><td>${t.members.length ? t.members.join(", ") : "none"}</td><td>${t.description}</td><td><code>${t.source}</code></td></tr>\n`,
  );
  return h`<section id="teams">
<div class="scroll" role="region" aria-labelledby="teams-cap" tabindex="0">
<table class="list">
<caption id="teams-cap"><h2>Teams (${model.teams.length})</h2></caption>
<thead><tr><th scope="col">team</th><th scope="col">kind</th><th scope="col">Pulumi Cloud members</th><th scope="col">description</th><th scope="col">config</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</section>`;
}

/** Organization members, admins first: the admins hold every permission, outside the heatmaps. */
export function membersSection(view: ReportView): Html {
  const members = view.input.model.members;
  const admins = members.filter((m) => m.role === "admin");
  const rows = members.map(
    (m) =>
      h`<tr class="${m.role}"><th scope="row">${m.login}</th><td>${m.role === "admin" ? h`<strong>admin</strong>: every stack and environment of every tier` : "member"}</td><td>${m.teams.length ? m.teams.join(", ") : "none"}</td><td><code>${m.source}</code></td></tr>\n`,
  );
  return h`<section id="members">
<div class="scroll" role="region" aria-labelledby="members-cap" tabindex="0">
<table class="list">
<caption id="members-cap"><h2>Organization members (${members.length}, ${plural(admins.length, "admin")})</h2></caption>
<thead><tr><th scope="col">login</th><th scope="col">role</th><th scope="col">teams</th><th scope="col">config</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</section>`;
}

export function projectsSection(view: ReportView): Html {
  const { model } = view.input;
  const projects = new Map<string, (typeof model.stacks)[number][]>();
  for (const s of model.stacks) projects.set(s.project, [...(projects.get(s.project) ?? []), s]);
  const repoOf = (project: string) =>
    model.repositories.find((r) => r.projects.includes(project))?.name ?? "";
  const rows = [...projects].map(
    ([name, stacks]) =>
      h`<tr id="${view.ids.id("project", name)}"><th scope="row">${name}</th><td>${repoOf(name)}</td><td>${joinHtml(
        stacks.map(
          (s) => `${s.tier}${s.protected ? " (protected)" : ""}: stack ${s.stack}, ${s.mode}`,
        ),
        "; ",
      )}</td><td><code>${stacks[0].source.replace(/\.tiers\..*$/, "")}</code></td></tr>\n`,
  );
  return h`<section id="projects">
<div class="scroll" role="region" aria-labelledby="projects-cap" tabindex="0">
<table class="list">
<caption id="projects-cap"><h2>Projects (${projects.size})</h2></caption>
<thead><tr><th scope="col">project</th><th scope="col">repository</th><th scope="col">tiers</th><th scope="col">config</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</section>`;
}

export function notesSection(view: ReportView): Html {
  const { report } = view.input;
  return h`<section id="notes" aria-labelledby="notes-h">
<h2 id="notes-h">Notes</h2>
<p>An offline plan: no credentials, no network. These values were only known at deploy time and
were replaced by placeholders:</p>
<ul>${report.placeholders.map((p) => h`<li>${p}</li>`)}</ul>
${report.files.length ? h`<p>Generated files:</p><ul>${report.files.map((f) => h`<li>${f.repository}: <code>${f.path}</code> (${f.bytes} bytes)</li>`)}</ul>` : ""}
</section>`;
}
