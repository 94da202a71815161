/**
 * The trust section: per pipeline (and the scheduled audit), a graph from the workflow contexts the
 * OIDC simulator tried to the tokens they obtain and what each token's identity holds, with the
 * denied contexts greyed out; the same as text lists for screen readers and print; then the
 * machine identities table.
 */
import { AUDIT_CONTEXT_LABEL, ContextRow } from "../../model/oidc";
import { renderGraph, LEFT_CHARS, LeftNode, RightNode, wrap, Edge } from "./graph";
import { h, Html, joinHtml, plural } from "./markup";
import { ReportView } from "./view";

/** Contexts that differ only in the `sub` format and agree on every token, merged. */
export interface ContextNode {
  readonly label: string;
  readonly formats: string[];
  readonly tokens: readonly string[];
  readonly unexpected: readonly string[];
}

export function mergeContexts(rows: readonly ContextRow[]): ContextNode[] {
  const out: ContextNode[] = [];
  const byKey = new Map<string, ContextNode>();
  for (const r of rows) {
    const m = /^(.*) \[([a-z]+) sub\]$/.exec(r.context);
    const label = m ? m[1] : r.context;
    const key = [label, [...r.tokens].sort().join(" "), [...r.expected].sort().join(" ")].join(
      "\n",
    );
    const hit = byKey.get(key);
    if (hit) {
      if (m) hit.formats.push(m[2]);
      continue;
    }
    const node = {
      label,
      formats: m ? [m[2]] : [],
      tokens: r.tokens,
      unexpected: r.tokens.filter((t) => !r.expected.includes(t)),
    };
    byKey.set(key, node);
    out.push(node);
  }
  return out;
}

const formatsText = (n: ContextNode) =>
  n.formats.length === 0 ? "" : `${n.formats.join(" and ")} sub`;

export function trustSection(view: ReportView): Html {
  const { report } = view.input;
  const groups = new Map<string, ContextRow[]>();
  for (const c of report.oidc.contexts)
    groups.set(c.pipeline, [...(groups.get(c.pipeline) ?? []), c]);
  const obtaining = report.oidc.contexts.filter((c) => c.tokens.length).length;
  const noExchange = report.pipelines.filter((p) => !groups.has(p.key));
  return h`<section id="trust" aria-labelledby="trust-h">
<h2 id="trust-h">OIDC trust: which workflow context obtains which token</h2>
<p>Issuer <code>${report.oidc.issuer}</code>, tokens live at most ${report.oidc.maxExpirationSeconds} s.
The simulator tried ${plural(report.oidc.contexts.length, "workflow context")} (each in both GitHub
<code>sub</code> formats); ${obtaining} obtain a token, ${report.oidc.contexts.length - obtaining}
are denied (greyed out). Contexts that differ only in the <code>sub</code> format are drawn once.</p>
${[...groups].map(([label, rows]) => pipelineFigure(view, label, rows))}
${noExchange.length ? noExchangeList(view, noExchange) : ""}
${identitiesTable(view)}
</section>`;
}

function pipelineFigure(view: ReportView, label: string, rows: readonly ContextRow[]): Html {
  const id = view.ids.id("pipeline", label);
  const nodes = mergeContexts(rows);
  const tokens = [...new Set(nodes.flatMap((n) => n.tokens))];
  const left: LeftNode[] = nodes.map((n) => ({
    lines: wrap(n.label, LEFT_CHARS),
    meta: [
      formatsText(n),
      n.unexpected.length
        ? `UNEXPECTED: obtains ${n.unexpected.join(", ")}`
        : n.tokens.length
          ? `obtains ${plural(n.tokens.length, "token")}`
          : "denied",
    ]
      .filter(Boolean)
      .join(" · "),
    cls: n.unexpected.length ? "bad" : n.tokens.length ? "ok" : "denied",
  }));
  const right: RightNode[] = tokens.map((t) => ({
    title: t,
    sub: identityText(view, t),
    holds: holdings(view, t),
    cls: nodes.some((n) => n.unexpected.includes(t)) ? "bad" : "ok",
  }));
  const edges: Edge[] = nodes.flatMap((n, from) =>
    n.tokens.map((t) => ({
      from,
      to: tokens.indexOf(t),
      cls: n.unexpected.includes(t) ? "bad" : "ok",
    })),
  );
  const allowed = nodes.filter((n) => n.tokens.length);
  const denied = nodes.filter((n) => !n.tokens.length);
  const graphLabel =
    `Trust graph of ${label}: ${plural(nodes.length, "context")} tried, ` +
    `${allowed.length} obtain a token, ${denied.length} denied. The lists below say the same in text.`;
  return h`<figure class="trust" id="${id}" aria-labelledby="${id}-h">
<figcaption><h3 id="${id}-h">${label === AUDIT_CONTEXT_LABEL ? "Scheduled audit" : `Pipeline ${label}`}</h3> ${pipelineFacts(view, label)}</figcaption>
<div class="scroll" role="region" aria-label="${`trust graph of ${label}`}" tabindex="0">${renderGraph(left, right, edges, graphLabel)}</div>
<p class="lists-h">Obtain a token (${allowed.length}):</p>
<ul class="obtains">${allowed.map(
    (n) =>
      h`<li${n.unexpected.length ? h` class="bad"` : ""}>${n.label} <small>${formatsText(n)}</small> → ${joinHtml(
        n.tokens.map((t) => identityLink(view, t)),
        ", ",
      )}${n.unexpected.length ? h` <strong>unexpected: ${n.unexpected.join(", ")}</strong>` : ""}</li>`,
  )}</ul>
<details><summary>${plural(denied.length, "context")} denied</summary>
<ul class="denied">${denied.map((n) => h`<li>${n.label} <small>${formatsText(n)}</small></li>`)}</ul>
</details>
</figure>`;
}

function pipelineFacts(view: ReportView, label: string): Html | string {
  const { model, report } = view.input;
  const p = report.pipelines.find((x) => x.key === label);
  if (p)
    return h`<span class="facts">${p.mode} · ${p.repository}@${p.branch}${p.protected ? " · protected" : ""}${p.approvers.length ? ` · ${p.requiredApprovals} approval(s) of ${p.approvers.join(", ")}` : ""}${p.workflow ? h` · <code>${p.workflow}</code>` : ""}</span>`;
  if (label === AUDIT_CONTEXT_LABEL && model.audit)
    return h`<span class="facts">${model.audit.repository}@${model.audit.branch} · cron <code>${model.audit.cron}</code> · <code>${model.audit.workflowPath}</code></span>`;
  return "";
}

function identityText(view: ReportView, token: string): string {
  const i = view.identityByToken.get(token);
  if (!i) return "not a declared identity";
  if (i.tokenType === "organization") return `organization admin token · ${i.project}/${i.tier}`;
  return `${i.purpose} identity · ${i.purpose === "audit" ? "every protected tier" : `${i.project}/${i.tier}`}`;
}

/** What the identity behind a token holds: its team's grants by tier and level, or its `may`. */
export function holdings(view: ReportView, token: string): string[] {
  const identity = view.identityByToken.get(token);
  if (identity?.tokenType === "organization") return [...identity.may];
  const team = token.startsWith("team:") ? token.slice("team:".length) : undefined;
  const grants = (team && view.grantsByTeam.get(team)) || [];
  if (!grants.length) return identity ? [...identity.may] : ["no grants"];
  const groups = new Map<string, string[]>();
  for (const g of grants) {
    const key = `tier ${g.tier}: stack ${g.stackPermission}, env ${g.environmentPermission} on`;
    groups.set(key, [...(groups.get(key) ?? []), g.project]);
  }
  return [...groups].map(([key, projects]) => {
    const shown = projects.slice(0, 5).join(", ");
    return projects.length > 5
      ? `${key} ${shown} and ${projects.length - 5} more`
      : `${key} ${shown}`;
  });
}

/** A link to the identity's row in the identities table; plain text for an undeclared token. */
function identityLink(view: ReportView, token: string): Html {
  if (!view.identityByToken.has(token)) return h`<code>${token}</code>`;
  return h`<a href="#${view.ids.id("identity", token)}">${token}</a>`;
}

function noExchangeList(view: ReportView, pipelines: ViewPipelines): Html {
  return h`<h3 id="no-exchange">Pipelines without an OIDC exchange</h3>
<ul class="no-exchange">${pipelines.map(
    (p) =>
      h`<li id="${view.ids.id("pipeline", p.key)}"><b>${p.key}</b>: ${p.mode} from ${p.repository}@${p.branch}; deploys as ${p.deployIdentity ?? "nothing"}${p.previewIdentity ? `, previews as ${p.previewIdentity}` : ""}</li>`,
  )}</ul>`;
}

type ViewPipelines = ReportView["input"]["report"]["pipelines"];

function identitiesTable(view: ReportView): Html {
  const { model, report } = view.input;
  const reachedBy = new Map<string, Set<string>>();
  for (const c of report.oidc.contexts)
    for (const t of c.tokens) reachedBy.set(t, (reachedBy.get(t) ?? new Set()).add(c.pipeline));
  const rows = [...view.identityByToken].map(([token, i]) => {
    const from = [...(reachedBy.get(token) ?? [])];
    return h`<tr id="${view.ids.id("identity", token)}"><th scope="row">${token}</th><td>${i.purpose}</td><td>${i.repository}@${i.branch}${i.githubEnvironment ? ` in environment ${i.githubEnvironment}` : ""}; events ${i.events.join(", ")}</td><td>${
      from.length
        ? joinHtml(
            from.map((p) => h`<a href="#${view.ids.id("pipeline", p)}">${p}</a>`),
            ", ",
          )
        : "no context"
    }</td><td>${joinHtml(holdings(view, token), "; ")}</td></tr>\n`;
  });
  return h`<div class="scroll" role="region" aria-labelledby="identities-cap" tabindex="0">
<table class="list" id="identities">
<caption id="identities-cap">Machine identities (${model.identities.length}): who may obtain each token and what it holds</caption>
<thead><tr><th scope="col">token</th><th scope="col">purpose</th><th scope="col">obtainable from</th><th scope="col">obtained in</th><th scope="col">holds</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
}
