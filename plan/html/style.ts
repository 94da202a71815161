/**
 * The report's one stylesheet: light and dark (prefers-color-scheme), print (landscape, colours
 * kept, nothing clipped by scroll boxes), sticky heatmap headers, and the trust graph's SVG. The
 * page's Content-Security-Policy allows exactly this text by its SHA-256, so it must stay a
 * constant (nothing interpolated).
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;
--focus:#0969da;--link:#0550ae;--ok:#1a7f37;--bad:#cf222e;
--l0b:#eef1f4;--l0f:#57606a;--l1b:#dbeafe;--l1f:#1e3a8a;--l2b:#fef3c7;--l2f:#713f12;--l3b:#fed7aa;--l3f:#7c2d12;--l4b:#fecaca;--l4f:#7f1d1d;
--h1:#f5f9ff;--h2:#fffbeb;--h3:#fff4ea;--h4:#fff1f1;
--high:#b91c1c;--medium:#c2410c;--low:#a16207;--info:#475569;--bgl:#7c3aed;--chg:#0550ae}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#3d444d;--panel:#161b22;
--focus:#4493f8;--link:#79c0ff;--ok:#3fb950;--bad:#ff7b72;
--l0b:#21262d;--l0f:#8d96a0;--l1b:#172554;--l1f:#bfdbfe;--l2b:#422006;--l2f:#fde68a;--l3b:#431407;--l3f:#fdba74;--l4b:#450a0a;--l4f:#fecaca;
--h1:#111a2e;--h2:#1c1508;--h3:#1f1208;--h4:#220b0b;
--high:#f87171;--medium:#fb923c;--low:#facc15;--info:#94a3b8;--bgl:#c4b5fd;--chg:#79c0ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{padding:0 1.5rem 3rem;max-width:100%}
header{padding:1rem 1.5rem .5rem;border-bottom:1px solid var(--line)}
h1{font-size:1.4rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .6rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
a{color:var(--link)}code{font:12px ui-monospace,"DejaVu Sans Mono",monospace}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.4rem}.skip:focus{left:.5rem}
nav ul{list-style:none;margin:.4rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
.meta{color:var(--muted);margin:0}
ul.summary{list-style:none;padding:.6rem .8rem;margin:1rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1.6rem;background:var(--panel);border:1px solid var(--line);border-radius:6px}
.scroll{overflow:auto;max-width:100%;border:1px solid var(--line);border-radius:6px;margin:.4rem 0 1rem}
.tier .scroll{max-height:85vh}
.large .tier,.large figure.trust{content-visibility:auto;contain-intrinsic-size:auto 500px}
table{border-collapse:separate;border-spacing:0}
caption{text-align:left;font-weight:600;padding:.5rem .6rem;caption-side:top}
caption h2{margin:0;font-size:1.2rem;display:inline}
th,td{border-bottom:1px solid var(--line);border-right:1px solid var(--line);padding:.3rem .45rem;vertical-align:top;text-align:left}
thead th{background:var(--panel);position:sticky;top:0;z-index:2}
table.heat{table-layout:fixed;width:1px}
.heat .tag,.heat .p{white-space:normal}
.heat th[scope=row]{position:sticky;left:0;z-index:1;background:var(--bg);width:12rem;min-width:12rem;font-weight:600}
.heat thead th.corner{left:0;z-index:3;width:12rem}
.heat thead th{width:7rem;min-width:7rem}
.heat thead th .proj{display:block;font-weight:700;overflow-wrap:anywhere}
.heat thead th .sub{display:block;font-weight:400;font-size:11px;color:var(--muted)}
.heat td{font-size:12px;overflow-wrap:anywhere}
.heat td.n{color:var(--l0f);background:var(--bg)}
.heat td.n span{position:sticky;left:12.5rem}
tr.machine th[scope=row]{font-style:italic;background:repeating-linear-gradient(135deg,var(--panel) 0 6px,var(--bg) 6px 12px)}
.team-name{overflow-wrap:anywhere}
.c.h1{background:var(--h1)}.c.h2{background:var(--h2)}.c.h3{background:var(--h3)}.c.h4{background:var(--h4)}
.c.alarm{box-shadow:inset 0 0 0 2px var(--bad)}
.c.bg{box-shadow:inset 0 0 0 2px var(--bgl)}
.c.chg{outline:3px double var(--chg);outline-offset:-4px}
.e+.e{margin-top:.3rem;padding-top:.3rem;border-top:1px dotted var(--line)}
.who{display:block;font-size:11px;color:var(--muted);overflow-wrap:anywhere}
.p{display:inline-block;margin:1px 3px 1px 0;padding:0 .35rem;border-radius:3px;white-space:nowrap}
.l0{background:var(--l0b);color:var(--l0f)}.l1{background:var(--l1b);color:var(--l1f)}.l2{background:var(--l2b);color:var(--l2f)}
.l3{background:var(--l3b);color:var(--l3f);font-weight:600}.l4{background:var(--l4b);color:var(--l4f);font-weight:700}
.badge{display:inline-block;font-size:10px;font-style:normal;font-weight:600;text-transform:uppercase;letter-spacing:.04em;padding:0 .3rem;border-radius:3px;vertical-align:1px}
.badge.human{background:var(--fg);color:var(--bg)}
.badge.machine{border:1px dashed var(--muted);color:var(--muted)}
.badge.prot{background:var(--bad);color:var(--bg)}
.tag{display:inline-block;font-size:11px;font-weight:600;padding:0 .3rem;margin:1px 2px 1px 0;border-radius:3px;border:1px solid currentColor;text-decoration:none;white-space:nowrap}
.tag.bg{color:var(--bgl)}.tag.chg{color:var(--chg);white-space:normal}
.sev-high{color:var(--high)}.sev-medium{color:var(--medium)}.sev-low{color:var(--low)}.sev-info{color:var(--info)}
ol.findings{padding-left:1.6rem}ol.findings li{margin:.5rem 0;color:var(--fg)}
.findings .msg{margin:.15rem 0}.findings .rel{font-size:12px;color:var(--muted)}
.code{color:var(--muted)}
.none{color:var(--muted)}
.legend{font-size:13px;color:var(--muted);max-width:70rem}
.admins{max-width:70rem;padding:.4rem .6rem;border-left:4px solid var(--bad);background:var(--panel)}
table.list{width:100%}table.list td,table.list th{font-size:13px}
tr.removed th,tr.removed td{opacity:.75}
figure.trust{margin:1.2rem 0 2rem}
figcaption h3{display:inline;margin-right:.5rem}.facts{color:var(--muted);font-size:13px}
svg.defs{position:absolute;width:0;height:0}
svg.graph{display:block;font:12px ui-monospace,"DejaVu Sans Mono",monospace;max-width:none}
svg.graph text{fill:var(--fg)}svg.graph text.t1{font-weight:700}svg.graph text.meta{fill:var(--muted);font-size:11px}
svg.graph rect{fill:var(--panel);stroke:var(--line);stroke-width:1}
svg.graph .ctx.ok rect{stroke:var(--ok);stroke-width:1.5}
svg.graph .ctx.denied rect{fill:var(--bg);stroke-dasharray:4 3}
svg.graph .ctx.denied text{fill:var(--muted);font-weight:400}
svg.graph .bad rect{stroke:var(--bad);stroke-width:2.5}
svg.graph .idn rect{fill:var(--h1)}
.edge{fill:none;stroke:var(--ok);stroke-width:1.6}.edge.bad{stroke:var(--bad);stroke-width:2.5;stroke-dasharray:7 3}
.arrow-ok{fill:var(--ok)}.arrow-bad{fill:var(--bad)}
.lists-h{margin:.4rem 0 0;font-weight:600}
ul.obtains li.bad{color:var(--bad)}ul.denied{color:var(--muted)}
.chg-added,.chg-raised{color:var(--bad)}.chg-removed,.chg-lowered{color:var(--ok)}
@media print{
@page{size:A4 landscape;margin:10mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:10px}
nav,.skip{display:none}
main,header{padding:0}
.scroll,.tier .scroll{overflow:visible;max-height:none;border:0}
.large .tier,.large figure.trust{content-visibility:visible}
thead th,.heat th[scope=row]{position:static}
svg.graph{max-width:100%;height:auto}
thead{display:table-header-group}
tr,li{break-inside:avoid}
h2,h3{break-after:avoid}
a{color:inherit;text-decoration:none}
}
`;
