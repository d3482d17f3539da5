// Draws the map model as one SVG: marker bands (PCI hole, AMD hole, 4 GiB), compressed gaps, one
// lane per table/device, and an axis of hex addresses. Ranges are focusable groups carrying their
// key; main.ts attaches hover, click and keyboard handling by delegation.
import { buildAxis, type Axis } from './axis';
import { s } from './dom';
import { e820TypeClass, hex, humanSize, kindName, rangeText, type MapModel, type RangeItem } from './viewModel';
import { SRAT_HOTPLUGGABLE, SRAT_NON_VOLATILE } from '../../server/src/analysis/layout/addressMap';

export const NODE_COLOURS = 8;
const LEFT = 150;
const RIGHT = 24;
const TOP = 40;
const ROW = 22;
const ROW_GAP = 4;
const LANE_GAP = 12;
const AXIS = 96;
const MIN_BAR = 3;

export interface Picture {
  svg: SVGSVGElement;
  axis: Axis;
  /** Range groups in lane order, each lane's items in address order (keyboard navigation). */
  order: { lane: string; items: RangeItem[] }[];
}

export function nodeClass(node: number): string {
  return `node-${node % NODE_COLOURS}`;
}

/** Errors and warnings mark a range; information and hints only appear in its hover text. */
export function worstProblem(item: RangeItem): 'error' | 'warning' | undefined {
  if (item.diagnostics.some((d) => d.severity === 'error')) return 'error';
  if (item.diagnostics.some((d) => d.severity === 'warning')) return 'warning';
  return undefined;
}

const problemCount = (item: RangeItem) =>
  item.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').length;

export function rangeClasses(item: RangeItem): string {
  const c = ['range', `kind-${item.kind}`];
  if (item.kind === 'e820') c.push(`e820-${e820TypeClass(item.e820Type!)}`);
  else if (item.kind === 'devmem') c.push('devmem');
  else if (item.node !== undefined) c.push(nodeClass(item.node));
  if (item.sratFlags !== undefined && item.sratFlags & SRAT_HOTPLUGGABLE) c.push('hotplug');
  if (item.sratFlags !== undefined && item.sratFlags & SRAT_NON_VOLATILE) c.push('nonvolatile');
  if (item.memmapType && item.memmapType !== 'normal') c.push(`memmap-${item.memmapType.replace(/[^a-z0-9-]/gi, '')}`);
  if (item.overlaps) c.push('overlap');
  const worst = worstProblem(item);
  if (worst) c.push(`diag-${worst}`);
  return c.join(' ');
}

export function drawPicture(model: MapModel, width: number, title: string): Picture {
  const all = model.lanes.flatMap((l) => l.items);
  const marks: bigint[] = [];
  for (const m of model.markers) marks.push(m.start, m.end);
  const axis = buildAxis(all, marks, LEFT, width - RIGHT);

  let y = TOP;
  const laneY: number[] = [];
  for (const lane of model.lanes) {
    laneY.push(y);
    y += lane.rows * (ROW + ROW_GAP) - ROW_GAP + LANE_GAP;
  }
  const lanesBottom = y - LANE_GAP;
  const height = lanesBottom + AXIS;

  const svg = s('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    class: 'map',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': title,
  });
  svg.appendChild(s('title', {}, title));
  svg.appendChild(
    s(
      'desc',
      {},
      `${all.length} ranges in ${model.lanes.length} lanes; the tables below list the same entries as text.`,
    ),
  );
  svg.appendChild(s('rect', { class: 'background', x: 0, y: 0, width, height }));

  // Gaps first so everything else draws over them.
  const gaps = s('g', { class: 'gaps', 'aria-hidden': 'true' });
  for (const seg of axis.segments) {
    if (!seg.gap) continue;
    gaps.appendChild(
      s('rect', {
        class: 'gap',
        x: seg.x0,
        y: TOP - 6,
        width: Math.max(0, seg.x1 - seg.x0),
        height: lanesBottom - TOP + 12,
      }),
    );
    const mid = (seg.x0 + seg.x1) / 2;
    gaps.appendChild(s('path', { class: 'gap-break', d: `M${mid - 4},${lanesBottom + 10} l4,-8 l4,8` }));
  }
  svg.appendChild(gaps);

  const markers = s('g', { class: 'markers' });
  let labelRow = 0;
  for (const m of model.markers) {
    const x0 = axis.x(m.start);
    const x1 = axis.x(m.end);
    const g = s('g', { class: `marker marker-${m.kind}`, 'data-marker': m.kind });
    // A label that would run off the right edge is right-aligned instead.
    const label = (x: number, y: number) =>
      x + m.label.length * 6 > width - 4
        ? s('text', { x: Math.min(width - 4, Math.max(x1, x0) - 3), y, 'text-anchor': 'end' }, m.label)
        : s('text', { x: x + 3, y }, m.label);
    if (m.start === m.end) {
      g.appendChild(s('line', { x1: x0, x2: x0, y1: TOP - 22, y2: lanesBottom + 6 }));
      g.appendChild(label(x0, TOP - 24));
    } else {
      g.appendChild(s('rect', { x: x0, y: TOP - 8, width: Math.max(1, x1 - x0), height: lanesBottom - TOP + 14 }));
      g.appendChild(label(x0, TOP - 12 - 12 * (labelRow++ % 2)));
    }
    const t = s('title', {}, `${m.label}: ${m.start === m.end ? hex(m.start) : rangeText(m.start, m.end)}`);
    g.appendChild(t);
    markers.appendChild(g);
  }
  svg.appendChild(markers);

  const order: Picture['order'] = [];
  model.lanes.forEach((lane, li) => {
    const g = s('g', { class: 'lane', 'data-lane': lane.id, role: 'list', 'aria-label': `${lane.title} lane` });
    const top = laneY[li];
    const laneTitle = s('text', { class: 'lane-title', x: 8, y: top + ROW / 2 + 4 }, lane.title);
    g.appendChild(laneTitle);
    g.appendChild(
      s('line', {
        class: 'lane-rule',
        x1: LEFT,
        x2: width - RIGHT,
        y1: top + lane.rows * (ROW + ROW_GAP) - ROW_GAP / 2,
        y2: top + lane.rows * (ROW + ROW_GAP) - ROW_GAP / 2,
      }),
    );
    const items = [...lane.items].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.index - b.index));
    for (const item of items) g.appendChild(drawRange(item, axis, top + item.row * (ROW + ROW_GAP)));
    order.push({ lane: lane.id, items });
    svg.appendChild(g);
  });

  svg.appendChild(drawAxis(axis, lanesBottom + 14));
  return { svg, axis, order };
}

function drawRange(item: RangeItem, axis: Axis, y: number): SVGGElement {
  const x0 = axis.x(item.start);
  const x1 = axis.x(item.end);
  const w = Math.max(MIN_BAR, x1 - x0);
  const g = s('g', {
    class: rangeClasses(item),
    tabindex: -1,
    role: 'listitem',
    'aria-label':
      `${kindName(item)}, ${rangeText(item.start, item.end)}, ${humanSize(item.length)}, line ${item.line}` +
      (problemCount(item) ? `, ${problemCount(item)} problem${problemCount(item) > 1 ? 's' : ''}` : ''),
    'data-key': item.key,
    'data-start': hex(item.start),
    'data-end': hex(item.end),
    'data-line': item.line,
  });
  g.appendChild(s('rect', { class: 'bar', x: x0, y, width: w, height: ROW, rx: 2 }));
  const label = [item.label, item.shortLabel].find((l) => l && l.length * 6.6 + 8 <= w);
  if (label) g.appendChild(s('text', { class: 'bar-label', x: x0 + 4, y: y + ROW / 2 + 4 }, label));
  if (worstProblem(item)) {
    g.appendChild(s('path', { class: 'diag-marker', d: `M${x0},${y - 1} l5,-8 l5,8 z` }));
  }
  return g;
}

function drawAxis(axis: Axis, y: number): SVGGElement {
  const g = s('g', { class: 'axis', 'aria-hidden': 'true' });
  g.appendChild(
    s('line', { class: 'axis-line', x1: axis.segments[0]?.x0 ?? 0, x2: axis.segments.at(-1)?.x1 ?? 0, y1: y, y2: y }),
  );
  let last = -Infinity;
  for (const cut of axis.cuts) {
    const x = axis.x(cut);
    g.appendChild(s('line', { class: 'tick', x1: x, x2: x, y1: y, y2: y + 4 }));
    if (x - last < 13) continue;
    last = x;
    g.appendChild(
      s(
        'text',
        {
          class: 'tick-label',
          x,
          y: y + 10,
          transform: `rotate(-45 ${x} ${y + 10})`,
          'text-anchor': 'end',
          'data-address': hex(cut),
        },
        hex(cut),
      ),
    );
  }
  return g;
}
