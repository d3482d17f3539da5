// The differential fixtures' shape, shared by the suites that compare analyze() with a recorded QEMU:
// a command line as the shell script analyze() reads, and a layout as the oracle reports it.
import type { Layout } from '../../server/src/analysis/layout/addressMap';

const quote = (s: string) => (/^[A-Za-z0-9_./,=:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function scriptFor(args: string[]): string {
  return '#!/bin/sh\nqemu-system-x86_64 \\\n' + args.map((a) => '  ' + quote(a)).join(' \\\n') + '\n';
}

const h = (n: bigint) => '0x' + n.toString(16);

/** The layout in the fixtures' shape (QMP reports virtio-mem's plugged size, not its region). */
export function asFixture(layout: Layout) {
  return {
    e820: layout.e820.map((e) => ({ start: h(e.start), length: h(e.length), type: e.type })),
    srat: layout.srat.map((e) => ({ start: h(e.start), length: h(e.length), node: e.node, flags: e.flags })),
    memoryDevices: layout.memoryDevices.map((d) => {
      const out: Record<string, unknown> = {
        id: d.id,
        type: d.type,
        start: h(d.start),
        length: h(d.length),
        node: d.node,
      };
      if (d.slot !== undefined) out.slot = d.slot;
      return out;
    }),
    reservedMemoryEnd: layout.reservedMemoryEnd === undefined ? undefined : h(layout.reservedMemoryEnd),
  };
}
