/**
 * A two-column graph as plain SVG, laid out here (no library, no script): workflow contexts on the
 * left, the identities they obtain on the right with what each holds, an arrow per token. Text is
 * wrapped to the column width assuming a monospace font (the page's CSS sets one for the graph).
 */
import { h, Html } from "./markup";

export interface LeftNode {
  readonly lines: readonly string[];
  /** A short line under the label, e.g. "legacy and immutable sub · denied". */
  readonly meta: string;
  /** CSS class: `ok`, `denied` or `bad`. */
  readonly cls: string;
}

export interface RightNode {
  readonly title: string;
  readonly sub: string;
  readonly holds: readonly string[];
  readonly cls: string;
}

export interface Edge {
  readonly from: number;
  readonly to: number;
  /** `ok` or `bad` (a token the context should not obtain). */
  readonly cls: string;
}

const CHAR = 7.25;
const LINE = 16;
const PAD = 8;
const GAP_Y = 8;
const LEFT_W = 430;
const RIGHT_X = LEFT_W + 130;
const RIGHT_W = 440;
export const LEFT_CHARS = Math.floor((LEFT_W - 2 * PAD) / CHAR);
export const RIGHT_CHARS = Math.floor((RIGHT_W - 2 * PAD) / CHAR);
/** Holdings lines shown per identity before "and N more". */
const MAX_HOLDS = 8;

/** Splits text into lines of at most `max` characters, at spaces where it can. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > max) {
      if (line) lines.push(line);
      lines.push(w.slice(0, max));
      w = w.slice(max);
      line = "";
    }
    if (!w) continue;
    if (!line) line = w;
    else if (line.length + 1 + w.length <= max) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

interface Box {
  readonly y: number;
  readonly height: number;
}

const mid = (b: Box) => b.y + b.height / 2;

export function renderGraph(
  left: readonly LeftNode[],
  right: readonly RightNode[],
  edges: readonly Edge[],
  label: string,
): Html {
  const leftBoxes = stack(left.map((n) => boxHeight(n.lines.length + 1)));
  const rightLines = right.map((n) => wrappedHolds(n).length + 2);
  const rightBoxes = placeRight(right, rightLines, leftBoxes, edges);
  const height = Math.max(0, ...[...leftBoxes, ...rightBoxes].map((b) => b.y + b.height)) + GAP_Y;
  const width = right.length ? RIGHT_X + RIGHT_W + 2 : LEFT_W + 2;
  return h`<svg class="graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}">
${edges.map((e) => edgePath(leftBoxes[e.from], rightBoxes[e.to], e.cls))}
${left.map((n, i) => nodeBox(1, leftBoxes[i], LEFT_W, `ctx ${n.cls}`, [...n.lines], n.meta))}
${right.map((n, i) => nodeBox(RIGHT_X, rightBoxes[i], RIGHT_W, `idn ${n.cls}`, [n.title, n.sub, ...wrappedHolds(n)], ""))}
</svg>`;
}

const boxHeight = (lines: number) => lines * LINE + 2 * PAD - 4;

function stack(heights: readonly number[]): Box[] {
  let y = 1;
  return heights.map((height) => {
    const box = { y, height };
    y += height + GAP_Y;
    return box;
  });
}

/** Each identity as close as it can be to the middle of the contexts that obtain it. */
function placeRight(
  right: readonly RightNode[],
  lines: readonly number[],
  leftBoxes: readonly Box[],
  edges: readonly Edge[],
): Box[] {
  const desired = right.map((_, i) => {
    const from = edges.filter((e) => e.to === i).map((e) => mid(leftBoxes[e.from]));
    return from.length ? from.reduce((a, b) => a + b, 0) / from.length : Infinity;
  });
  const order = right.map((_, i) => i).sort((a, b) => desired[a] - desired[b] || a - b);
  const boxes: Box[] = new Array<Box>(right.length);
  let bottom = 1 - GAP_Y * 2;
  for (const i of order) {
    const height = boxHeight(lines[i]);
    const want = Number.isFinite(desired[i]) ? desired[i] - height / 2 : bottom + GAP_Y * 2;
    const y = Math.max(1, want, bottom + GAP_Y * 2);
    boxes[i] = { y, height };
    bottom = y + height;
  }
  return boxes;
}

function wrappedHolds(n: RightNode): string[] {
  const lines = n.holds.flatMap((t) => wrap(`• ${t}`, RIGHT_CHARS));
  if (lines.length <= MAX_HOLDS) return lines;
  return [...lines.slice(0, MAX_HOLDS - 1), `… and ${lines.length - MAX_HOLDS + 1} more lines`];
}

function nodeBox(
  x: number,
  box: Box,
  width: number,
  cls: string,
  lines: readonly string[],
  meta: string,
): Html {
  const all = meta ? [...lines, meta] : lines;
  return h`<g class="${cls}"><rect x="${x}" y="${box.y}" width="${width}" height="${box.height}" rx="4"/>${all.map(
    (t, i) =>
      h`<text x="${x + PAD}" y="${box.y + PAD + 8 + i * LINE}" class="${i === 0 ? "t1" : meta && i === all.length - 1 ? "meta" : "t"}">${t}</text>`,
  )}</g>\n`;
}

function edgePath(from: Box, to: Box, cls: string): Html {
  const x1 = LEFT_W + 1;
  const x2 = RIGHT_X - 2;
  const y1 = mid(from);
  const y2 = mid(to);
  const cx = (x1 + x2) / 2;
  const d = `M${x1} ${y1.toFixed(1)}C${cx} ${y1.toFixed(1)} ${cx} ${y2.toFixed(1)} ${x2} ${y2.toFixed(1)}`;
  return h`<path class="edge ${cls}" d="${d}" marker-end="url(#arrow-${cls === "bad" ? "bad" : "ok"})"/>\n`;
}
