// Layout tables as plain JSON (hex strings), the shape the fixtures are written in.
import type { Layout } from '../../../server/src/analysis/layout/addressMap';

const h = (n: bigint) => '0x' + n.toString(16);

export function e820Json(layout: Layout) {
  return layout.e820.map((e) => ({ start: h(e.start), length: h(e.length), type: e.type }));
}

export function sratJson(layout: Layout) {
  return layout.srat.map((e) => ({ start: h(e.start), length: h(e.length), node: e.node, flags: e.flags }));
}

export function devicesJson(layout: Layout) {
  return layout.memoryDevices.map((d) => ({
    id: d.id,
    type: d.type,
    start: h(d.start),
    length: h(d.length),
    node: d.node,
  }));
}
