/**
 * The access changes since the baseline (`plan --baseline`, see plan/accessDiff.ts): a section
 * listing grant, member and token changes, each grant change linking to its heatmap cell, which
 * is itself marked. Without a diff there is no section.
 */
import { GrantChange } from "../accessDiff";
import { GithubDiff, githubChangeGroups } from "../github";
import { levelText } from "./heatmap";
import { h, Html, joinHtml, plural } from "./markup";
import { ReportView } from "./view";

/** The heatmap cell showing a change, if the page has one. */
function cellOf(view: ReportView, c: GrantChange): string | undefined {
  const tier = view.tiers.find((t) => t.name === c.tier);
  const row = tier?.rows.find((r) => r.cells.get(c.project)?.some((e) => e.team === c.team));
  return tier && row ? view.ids.id("cell", `${tier.name}/${row.key}/${c.project}`) : undefined;
}

export function diffSection(view: ReportView): Html | "" {
  const diff = view.input.accessDiff;
  if (!diff) return "";
  const members = diff.members ?? [];
  const tokens = diff.tokens ?? [];
  const github = diff.github;
  const githubCount = github
    ? github.permissions.length +
      github.environments.length +
      github.rulesets.length +
      github.codeowners.length
    : 0;
  return h`<section id="changes" aria-labelledby="changes-h">
<h2 id="changes-h">Access changes since ${diff.baseline}</h2>
<p>${plural(diff.grants.length, "grant change")}, ${plural(members.length, "membership change")},
${plural(tokens.length, "workflow context")} whose tokens changed, ${plural(githubCount, "GitHub access change")}
(repository permissions, environment reviewers, rulesets, CODEOWNERS). Changed cells are outlined
in the heatmaps and say what they were.</p>
${diff.grants.length ? grantTable(view, diff.grants) : ""}
${members.length ? h`<h3>Team members</h3><ul class="changes">${members.map((m) => h`<li class="chg-${m.change}"><b>${m.change}</b>: ${m.member} ${m.change === "added" ? "to" : "from"} team ${m.team}</li>`)}</ul>` : ""}
${tokens.length ? h`<h3>Tokens workflow contexts obtain</h3><ul class="changes">${tokens.map((t) => h`<li>${t.pipeline}: ${t.context}${t.gained.length ? h` <b class="chg-raised">now obtains ${t.gained.join(", ")}</b>` : ""}${t.lost.length ? h` <b class="chg-lowered">no longer obtains ${t.lost.join(", ")}</b>` : ""}</li>`)}</ul>` : ""}
${githubChanges(github)}
</section>`;
}

/** GitHub repository permissions, environment reviewers, rulesets and CODEOWNERS that changed. */
function githubChanges(github: GithubDiff | undefined): Html | "" {
  if (!github)
    return h`<h3>GitHub access</h3><p class="none">Not compared: the baseline plan has no GitHub part.</p>`;
  const groups = githubChangeGroups(github).filter(([, lines]) => lines.length);
  if (!groups.length) return "";
  return h`<h3>GitHub access</h3>
${groups.map(([title, lines]) => h`<p class="lists-h">${title}</p><ul class="changes">${lines.map((l) => h`<li class="chg-${l.slice(0, l.indexOf(":"))}">${l}</li>`)}</ul>`)}`;
}

function grantTable(view: ReportView, grants: readonly GrantChange[]): Html {
  const rows = grants.map((c) => {
    const cell = cellOf(view, c);
    const where = `${c.project} (${c.tier})`;
    return h`<tr class="chg-${c.change}"><th scope="row">${c.change}</th><td>${c.team} <span class="badge ${c.kind}">${c.kind}</span></td><td>${cell ? h`<a href="#${cell}">${where}</a>` : where}</td><td>${levelText(c.before)}</td><td>${levelText(c.after)}</td></tr>\n`;
  });
  return h`<div class="scroll" role="region" aria-labelledby="changes-cap" tabindex="0">
<table class="list">
<caption id="changes-cap">Grant changes (${grants.length})</caption>
<thead><tr><th scope="col">change</th><th scope="col">team</th><th scope="col">project (tier)</th><th scope="col">before</th><th scope="col">after</th></tr></thead>
<tbody>
${joinHtml(rows, "")}
</tbody>
</table>
</div>`;
}
