// -numa node options → NumaNode (parse_numa_node): nodeid, memory, SPM type, cpus.
import type { QemuOption } from '../types';
import type { Backend, MemmapType, NumaNode } from './model';
import type { Reader } from './values';
import { propsOf } from './values';
import { parseUint16Range } from '../options/uint16Range';

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
    const node: NumaNode = {
      nodeid,
      memdev,
      mem,
      size,
      memmapType: 'normal',
      cpus: readCpus(option, r),
      option,
      props,
    };
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
    // A value QEMU refuses is reported by the checks; it adds no CPU here.
    const members = t !== undefined ? parseUint16Range(t) : undefined;
    if (members) for (const c of members) cpus.push(c);
  }
  return cpus;
}
