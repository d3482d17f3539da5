// Declared -numa nodes → the NumaNode the layout places (parse_numa_node): nodeid, memory, SPM
// type, cpus. A node whose nodeid QEMU refuses is left out (the checks report it).
import type { QemuOption } from '../types';
import type { Backend, DeclaredNode, NumaNode } from './machine';
import type { Reader } from './values';
import { propsOf } from '../options/lookup';
import { parseUint16Range } from '../options/uint16Range';

export function placeableNodes(declared: readonly DeclaredNode[], backends: Backend[], r: Reader): NumaNode[] {
  const nodes: NumaNode[] = [];
  for (const decl of declared) {
    const { option } = decl;
    if (option.syntax !== 'qemuopts') continue;
    const props = propsOf(option);
    // nodeid defaults to the number of nodes declared so far.
    const nodeid = decl.nodeidProp ? r.uint(decl.nodeidProp, 0xffffn) : nodes.length;
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
    // An unresolved SPM setting makes the map incomplete.
    r.text(props.get('memmap-type'));
    r.text(props.get('spm'));
    // A key the target QEMU does not have (spmForm) makes QEMU refuse the line: not drawn as SPM.
    const spm = decl.spm;
    if (spm?.exists && (spm.type === 'spm' || spm.type === 'reserved' || spm.type === 'normal')) {
      node.memmapType = spm.type;
      node.spmForm = spm.form;
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
