// Memory backend rules (backends/hostmem*.c): mandatory id/size/mem-path, size 0, duplicate ids,
// prealloc/reserve, host NUMA policy, rom/readonly, align, hugetlb page multiples. Who uses a
// backend (twice, or not at all) is backendUse.ts.
import { filePageMultiple } from '../versions';
import type { Diagnostic, Prop } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import { humanSize } from '../format';
import type { DeclaredBackend } from '../machine/machine';
import { nodeSize } from '../machine/declarations';
import { insertProp, removeProp, sizeArg } from './edits';
import { allProps, headSpan, knownValue, lastProp } from '../options/lookup';
import { boolValue, sizeValue } from '../options/values';
import { parseUint16Ranges } from '../options/uint16Range';

export function checkBackends(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  for (const b of f.backends) out.push(...checkOne(ctx, b, f.backends));
  out.push(...checkDuplicateIds(ctx));
  return out;
}

function freshId(all: readonly DeclaredBackend[]): string {
  const ids = new Set(all.map((b) => b.id));
  for (let i = 0; ; i++) if (!ids.has(`mem${i}`)) return `mem${i}`;
}

function checkOne(ctx: CheckContext, b: DeclaredBackend, all: readonly DeclaredBackend[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const o = b.option;
  const head = headSpan(o);
  if (!b.idProp) {
    const id = freshId(all);
    const e = insertProp(o, 'id', id);
    out.push(
      diag('QL-backend-001', 'error', head, "Parameter 'id' is missing", {
        fixes: [e && { title: `Add id=${id}`, edits: [e] }],
      }),
    );
  }
  if (!b.sizeProp) {
    out.push(diag('QL-backend-002', 'error', head, "Parameter 'size' is missing", { fixes: [sizeFix(ctx, b)] }));
  } else if (b.size === 0n) {
    out.push(
      diag('QL-backend-003', 'error', b.sizeProp.valueSpan, `property 'size' of ${b.qomType} doesn't take value '0'`),
    );
  }
  if (b.qomType === 'memory-backend-file' && !lastProp(o, 'mem-path')) {
    out.push(diag('QL-backend-004', 'error', head, "Parameter 'mem-path' is missing"));
  }
  // QEMU 8.x+ (verified on 10.0.2; 7.2 accepts): a file backend's size must be a whole number of pages
  // (4 KiB on the host page size this models; a hugetlbfs mem-path needs more, which QEMU reports at open).
  if (
    b.qomType === 'memory-backend-file' &&
    b.sizeProp &&
    b.size !== undefined &&
    b.size > 0n &&
    b.size % 4096n !== 0n &&
    filePageMultiple(ctx.machine.qemu)
  ) {
    out.push(
      diag(
        'QL-backend-017',
        'error',
        b.sizeProp.valueSpan,
        `backend '${b.qomType}' memory size must be multiple of 4 KiB`,
      ),
    );
  }
  // backends/hostmem.c: the check runs when either property is set, so the error belongs to the pair.
  const prealloc = lastProp(o, 'prealloc');
  const reserve = lastProp(o, 'reserve');
  if (boolValue(prealloc) === true && boolValue(reserve) === false) {
    const later = prealloc!.span.start > reserve!.span.start ? prealloc! : reserve!;
    const other = later === prealloc ? reserve! : prealloc!;
    const e = removeProp(o, reserve!);
    out.push(
      diag('QL-backend-005', 'error', later.span, "'prealloc=on' and 'reserve=off' are incompatible", {
        related: [{ span: other.span, message: `${other.key}=${other.value}` }],
        fixes: [e && { title: 'Remove reserve=off', edits: [e] }],
      }),
    );
  }
  out.push(...checkPolicy(b));
  out.push(...checkRom(b));
  out.push(...checkAlign(b));
  const threads = lastProp(o, 'prealloc-threads');
  if (threads && !threads.unknown && /^0+$/.test(threads.value)) {
    out.push(
      diag(
        'QL-backend-016',
        'error',
        threads.valueSpan,
        `property 'prealloc-threads' of ${b.qomType} doesn't take value '0'`,
      ),
    );
  }
  // backends/hostmem-memfd.c: memfd with an explicit huge page size maps whole pages only.
  if (
    b.qomType === 'memory-backend-memfd' &&
    boolValue(lastProp(o, 'hugetlb')) === true &&
    b.size !== undefined &&
    b.sizeProp
  ) {
    const hs = knownValue(o, 'hugetlbsize');
    const page = hs !== undefined ? sizeValue(hs) : undefined;
    if (page && page > 0n && b.size % page !== 0n) {
      out.push(
        diag(
          'QL-backend-006',
          'error',
          b.sizeProp.valueSpan,
          `backend '${b.qomType}' memory size must be multiple of ${humanSize(page)}`,
          {
            related: [{ span: lastProp(o, 'hugetlbsize')!.valueSpan, message: `huge page size ${humanSize(page)}` }],
          },
        ),
      );
    }
  }
  return out;
}

/** For a node's backend the size is what the RAM still lacks; for anything else it is unknown. */
function sizeFix(ctx: CheckContext, b: DeclaredBackend) {
  const f = ctx.machine.declared;
  const c = ctx.machine.memory;
  const node = b.id !== undefined ? f.nodes.find((n) => n.memdevProp?.value === b.id) : undefined;
  if (!node || c.unknown) return undefined;
  const others = f.nodes.filter((n) => n !== node).map((n) => nodeSize(f, n));
  if (others.some((s) => s === undefined)) return undefined;
  const rest = c.ram - others.reduce((a, x) => a! + x!, 0n)!;
  const e = rest > 0n ? insertProp(b.option, 'size', sizeArg(rest)) : undefined;
  return e && { title: `Add size=${sizeArg(rest)} (the RAM node ${node.nodeid ?? '?'} still needs)`, edits: [e] };
}

/** backends/hostmem.c: host-nodes and policy go together (QEMU on Linux has CONFIG_NUMA). */
function checkPolicy(b: DeclaredBackend): Diagnostic[] {
  const o = b.option;
  const out: Diagnostic[] = [];
  const hostNodes = allProps(o, 'host-nodes');
  const policy = lastProp(o, 'policy');
  if (hostNodes.some((p) => p.unknown) || policy?.unknown) return out;
  const nodes = parseUint16Ranges(hostNodes.map((p) => p.value));
  if (nodes) {
    const bad = nodes.find((n) => n >= 128);
    if (bad !== undefined) {
      const p = hostNodes.find((h) => (parseUint16Ranges([h.value]) ?? []).includes(bad))!;
      out.push(diag('QL-backend-007', 'error', p.valueSpan, `Invalid host-nodes value: ${bad}`));
      return out;
    }
  }
  const policyValue = policy?.value ?? 'default';
  if (hostNodes.length > 0 && policyValue === 'default') {
    const e = insertProp(o, 'policy', 'bind');
    out.push(
      diag(
        'QL-backend-008',
        'error',
        hostNodes[0].keySpan,
        'host-nodes must be empty for policy default, or you should explicitly specify a policy other than default',
        {
          related: policy ? [{ span: policy.span, message: 'policy default' }] : [],
          fixes: [!policy && e ? { title: 'Add policy=bind', edits: [e] } : undefined],
        },
      ),
    );
  } else if (hostNodes.length === 0 && policy && policyValue !== 'default') {
    out.push(diag('QL-backend-009', 'error', policy.valueSpan, `host-nodes must be set for policy ${policyValue}`));
  }
  return out;
}

/**
 * memory-backend-file align= (file_ram_alloc): a multiple of the page size of mem-path — at
 * least 4 KiB, which is all that is known statically — and a power of two, checked in that order.
 */
function checkAlign(b: DeclaredBackend): Diagnostic[] {
  if (b.qomType !== 'memory-backend-file') return [];
  const p = lastProp(b.option, 'align');
  const align = p && !p.unknown ? sizeValue(p.value) : undefined;
  if (!p || align === undefined || align === 0n) return [];
  if (align % 4096n !== 0n) {
    return [
      diag(
        'QL-backend-014',
        'error',
        p.valueSpan,
        `alignment 0x${align.toString(16)} must be multiples of page size 0x1000`,
      ),
    ];
  }
  if ((align & (align - 1n)) !== 0n) {
    return [diag('QL-backend-015', 'error', p.valueSpan, `alignment 0x${align.toString(16)} must be a power of two`)];
  }
  return [];
}

/** backends/hostmem-file.c: memory-backend-file rom=/readonly= combinations. */
function checkRom(b: DeclaredBackend): Diagnostic[] {
  if (b.qomType !== 'memory-backend-file') return [];
  const o = b.option;
  const rom = lastProp(o, 'rom');
  if (!rom || rom.unknown) return [];
  const romOn = boolValue(rom);
  const readonly = boolValue(lastProp(o, 'readonly')) ?? false;
  const share = boolValue(lastProp(o, 'share')) ?? false;
  if (romOn === true && !readonly) {
    const e = insertProp(o, 'readonly', 'on');
    return [
      diag('QL-backend-010', 'error', rom.span, "property 'rom' = 'on' is not supported with 'readonly' = 'off'", {
        fixes: [!lastProp(o, 'readonly') && e ? { title: 'Add readonly=on', edits: [e] } : undefined],
      }),
    ];
  }
  if (romOn === false && readonly && share) {
    return [
      diag(
        'QL-backend-010',
        'error',
        rom.span,
        "property 'rom' = 'off' is incompatible with 'readonly' = 'on' and 'share' = 'on'",
      ),
    ];
  }
  return [];
}

/** -object ids are unique across all objects. Two key=value ones: QemuOpts refuses the second when it
 *  parses it. With a JSON one among them, QemuOpts never sees it and the second object fails to become
 *  a child of /objects (7.2.22 and 10.0.2 alike). */
function checkDuplicateIds(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, { id: Prop; json: boolean }>();
  for (const o of ctx.machine.declared.objectOptions) {
    const id = lastProp(o, 'id');
    if (!id || id.unknown) continue;
    const json = o.syntax === 'json';
    const first = seen.get(id.value);
    if (first) {
      const message =
        first.json || json
          ? `attempt to add duplicate property '${id.value}' to object (type 'container')`
          : `Duplicate ID '${id.value}' for object`;
      out.push(
        diag('QL-backend-011', 'error', id.valueSpan, message, {
          related: [{ span: first.id.valueSpan, message: `'${id.value}' is first defined here` }],
        }),
      );
    } else seen.set(id.value, { id, json });
  }
  return out;
}
