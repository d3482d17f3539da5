// The legend under the picture. Swatches are tiny SVGs with the same classes as the ranges, so
// the theme's stylesheet paints a node the same colour in every lane and here.
import { h, s } from './dom';
import { e820TypeClass, e820TypeLabel, type MapModel } from './viewModel';
import { nodeClass, worstProblem } from './picture';
import type { Axis } from './axis';

function swatch(cls: string): SVGSVGElement {
  const svg = s('svg', { class: 'swatch', width: 22, height: 12, 'aria-hidden': 'true' });
  const g = s('g', { class: cls });
  g.appendChild(s('rect', { class: 'bar', x: 1, y: 1, width: 20, height: 10, rx: 2 }));
  svg.appendChild(g);
  return svg;
}

/** The legend of one picture: its nodes and E820 types, then only the marks it actually uses. */
export function renderLegend(m: MapModel, axis: Axis | undefined): HTMLElement[] {
  const entry = (cls: string, text: string, data: Record<string, string> = {}) =>
    h('li', data, undefined, [swatch(cls), h('span', {}, text)]);
  const list = h('ul', { class: 'legend-list' });
  for (const n of m.nodes) list.appendChild(entry(nodeClass(n), `node ${n}`, { 'data-node': String(n) }));
  for (const t of m.e820Types)
    list.appendChild(entry(`kind-e820 e820-${e820TypeClass(t)}`, `E820 ${e820TypeLabel(t)}`));
  const items = m.lanes.flatMap((l) => l.items);
  if (items.some((i) => i.sratFlags !== undefined && i.sratFlags & 2))
    list.appendChild(entry('kind-srat node-0 hotplug', 'SRAT hotpluggable (outlined)'));
  if (items.some((i) => i.kind === 'devmem')) list.appendChild(entry('devmem', 'device-memory region'));
  if (m.markers.some((k) => k.kind === 'pci-hole'))
    list.appendChild(entry('marker marker-pci-hole', 'PCI hole (below 4 GiB)'));
  if (m.markers.some((k) => k.kind === 'amd-hole')) list.appendChild(entry('marker marker-amd-hole', 'AMD 1 TiB hole'));
  if (axis?.segments.some((sg) => sg.gap)) list.appendChild(entry('gap', 'gap, axis compressed'));
  if (items.some((i) => i.overlaps)) list.appendChild(entry('e820-reserved overlap', 'overlapping ranges'));
  if (items.some((i) => worstProblem(i)))
    list.appendChild(entry('e820-reserved diag-warning', 'range with a problem (▲)'));
  return [h('h2', {}, 'Legend'), list];
}
