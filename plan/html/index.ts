/**
 * The access report: one self-contained HTML page for a security reviewer (`npm run plan --
 * --html <file>`). No script, no external font, image or request of any kind: the page's
 * Content-Security-Policy allows nothing but its own stylesheet (by hash), so even a value that
 * escaped escaping could not run or fetch anything. Sections: summary, access changes (with an
 * access diff), the heatmap per tier, findings, OIDC trust graphs, machine identities, teams,
 * projects, notes.
 */
import { createHash } from "node:crypto";
import { diffSection } from "./diff";
import { heatmapSection } from "./heatmap";
import { h, Html } from "./markup";
import {
  findingsSection,
  membersSection,
  notesSection,
  projectsSection,
  summarySection,
  teamsSection,
} from "./sections";
import { STYLE } from "./style";
import { trustSection } from "./trust";
import { buildView, HtmlInput, ReportView } from "./view";

export type { HtmlInput } from "./view";
export { summaryCounts } from "./sections";

/** The Content-Security-Policy of the page: its own stylesheet, nothing else. */
export const CONTENT_SECURITY_POLICY =
  `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; ` +
  "img-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Above this many heatmap cells plus drawn contexts, the browser renders the tiers and trust
 * graphs only when they scroll into view (`content-visibility: auto`): a 300-project org loads
 * without stalling. Smaller pages render whole, so full-page screenshots show everything.
 */
export const LARGE_PAGE_ITEMS = 2000;

const isLarge = (view: ReportView): boolean =>
  view.tiers.reduce((n, t) => n + t.rows.length * t.columns.length, 0) +
    view.input.report.oidc.contexts.length / 2 >
  LARGE_PAGE_ITEMS;

export function renderHtml(input: HtmlInput): string {
  const view = buildView(input);
  const { report } = input;
  const title = `Access report: ${report.organization} (stack ${report.stack})`;
  // The heatmap first: it names the cells the diff section links to.
  const access = heatmapSection(view);
  const changes = diffSection(view);
  const page = h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="secure-org plan (format version ${report.formatVersion})">
<title>${title}</title>
<style>${Html.trusted(STYLE)}</style>
</head>
<body${isLarge(view) ? h` class="large"` : ""}>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>${title}</h1>
<p class="meta">secure-org offline plan: who can do what once this config is deployed. Generated without credentials or network; see the notes for placeholders.</p>
${nav(view)}
</header>
<main id="main" tabindex="-1">
${arrowDefs()}
${summarySection(view)}
${changes}
${access}
${findingsSection(view)}
${trustSection(view)}
${teamsSection(view)}
${membersSection(view)}
${projectsSection(view)}
${notesSection(view)}
</main>
</body>
</html>
`;
  return page.text;
}

function nav(view: ReportView): Html {
  const links: [string, string][] = [
    ["summary", "Summary"],
    ...(view.input.accessDiff ? ([["changes", "Changes"]] as [string, string][]) : []),
    ...view.tiers.map((t): [string, string] => [t.id, `Tier ${t.name}`]),
    ["findings", `Findings (${view.findings.length})`],
    ["trust", "OIDC trust"],
    ["identities", "Machine identities"],
    ["teams", "Teams"],
    ["members", "Members"],
    ["projects", "Projects"],
    ["notes", "Notes"],
  ];
  return h`<nav aria-label="Sections"><ul>${links.map(([id, text]) => h`<li><a href="#${id}">${text}</a></li>`)}</ul></nav>`;
}

/** Arrowheads for the trust graphs, defined once for every graph on the page. */
function arrowDefs(): Html {
  const marker = (cls: string) =>
    h`<marker id="arrow-${cls}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path class="arrow-${cls}" d="M0 0L10 5L0 10z"/></marker>`;
  return h`<svg class="defs" aria-hidden="true" focusable="false"><defs>${marker("ok")}${marker("bad")}</defs></svg>`;
}
