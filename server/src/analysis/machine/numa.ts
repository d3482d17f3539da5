// -numa node options → NumaNode (parse_numa_node): nodeid, memory, SPM type, cpus.
import type { QemuOption } from '../types';
import type { Backend, MemmapType, NumaNode } from './model';
import type { Reader } from './values';
import { propsOf } from './values';

export function readNumaNodes(options: QemuOption[], backends: Backend[], r: Reader): NumaNode[] {
  const nodes: NumaNode[] = [];
  for (const option of options) {
    if (option.name !== 'numa' || option.syntax !== 'qemuopts') continue;
    const props = propsOf(option);
    const type = r.text(props.get('type'));
    if (type !== 'node') continue;
    // nodeid defaults to the number of nodes declared so far.
    const nodeid = props.has('nodeid') ? r.uint(props.get('nodeid'), 0xffffn) : nodes.length;
    if (nodeid === undefined) continue;
    const memdev = r.text(props.get('memdev'));
    const mem = r.size(props.get('mem'), 'M');
    const backend = memdev !== undefined ? backends.find((b) => b.id === memdev) : undefined;
    let size = 0n;
    if (memdev !== undefined) {
      size = backend?.size ?? 0n;
      if (backend && backend.size === undefined && backend.props.get('size')?.unknown) r.incomplete = true;
    } else if (mem !== undefined) size = mem;
    const node: NumaNode = { nodeid, memdev, mem, size, memmapType: 'normal', cpus: readCpus(option, r), option, props };
    const memmap = r.text(props.get('memmap-type'));
    if (memmap === 'spm' || memmap === 'reserved' || memmap === 'normal') {
      node.memmapType = memmap as MemmapType;
      node.spmForm = 'v7';
    } else if (r.bool(props.get('spm')) === true) {
      node.memmapType = 'spm';
      node.spmForm = 'v4';
    }
    nodes.push(node);
  }
  return nodes;
}

/** cpus= accumulates over repeated keys; each value is N or A-B. */
function readCpus(option: QemuOption, r: Reader): number[] {
  const cpus: number[] = [];
  for (const p of option.props) {
    if (p.key !== 'cpus') continue;
    const t = r.text(p);
    const m = t !== undefined ? /^(\d+)(?:-(\d+))?$/.exec(t) : null;
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    // cpus is a uint16 list (a bigger value is QEMU's parse error, reported by the checks). Past
    // 2^53, c++ no longer changes c: cpus=99999999999999999999 looped until V8 aborted the process.
    if (a > 0xffff || b > 0xffff) continue;
    for (let c = a; c <= b && c - a < 4096; c++) cpus.push(c);
  }
  return cpus;
}
