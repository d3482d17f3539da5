// Who maps a memory backend (host_memory_backend_is_mapped, backends/hostmem.c): the machine, NUMA nodes, memory devices. A backend mapped
// twice is refused with the second consumer's own message; one mapped by nobody is a hint.
import type { Diagnostic, Prop } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import type { Declarations, DeclaredBackend } from '../machine/machine';
import { insertOptionBefore, sizeArg } from './edits';
import { lastMachineProp } from '../machine/declarations';

export function checkBackendUse(ctx: CheckContext): Diagnostic[] {
  return [...checkConsumers(ctx), ...checkUnused(ctx)];
}

/** A backend nobody maps still reserves (or, with prealloc, allocates) host memory. */
function checkUnused(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  if (ctx.machine.declared.mayHideOptions) return [];
  if (f.anyValueUnresolved) return []; // an unresolved value might name any backend
  const named = new Set(f.backendRefs.map((r) => r.prop.value));
  return f.backends
    .filter((b) => b.id !== undefined && b.idProp && !named.has(b.id) && f.backendById.get(b.id) === b)
    .map((b) =>
      diag(
        'QL-backend-013',
        'hint',
        b.idProp!.valueSpan,
        `memory backend '${b.id}' is not used by the machine, a NUMA node or a device; QEMU still creates it`,
        { tags: ['unnecessary'] },
      ),
    );
}

/** Give the second consumer its own RAM backend of the same size (file backends would share a file: no fix). */
function ownBackendFix(ctx: CheckContext, f: Declarations, backend: DeclaredBackend, memdev: Prop) {
  if (backend.qomType !== 'memory-backend-ram' || backend.size === undefined || memdev.unknown) return undefined;
  const consumer = f.backendRefs.find((r) => r.prop === memdev)?.option;
  if (!consumer || consumer.name === 'machine') return undefined;
  let id = `${backend.id}-2`;
  for (let i = 3; f.objectIds.has(id); i++) id = `${backend.id}-${i}`;
  const line = `-object memory-backend-ram,id=${id},size=${sizeArg(backend.size)}`;
  return {
    title: `Give it its own backend: ${line}`,
    edits: [insertOptionBefore(ctx, consumer, line), { span: memdev.valueSpan, newText: id }],
  };
}

/** Per-consumer "busy" messages (host_memory_backend_is_mapped, backends/hostmem.c); spm-memory's is the v8 patch's, sp-mem's its
 *  merged realize's (hw/mem/sp-mem.c, last revision; the first revision of the series had no busy check). */
function busyMessage(driver: string, id: string): string {
  switch (driver) {
    case 'virtio-mem-pci':
      return `'memdev' property specifies a busy memdev: ${id}`;
    case 'spm-memory':
    case 'sp-mem':
      return `memory backend '${id}' is already in use`;
    default:
      return `can't use already busy memdev: ${id}`;
  }
}

/**
 * A backend can be mapped once. QEMU consumes the machine's backend and the NUMA nodes'
 * backends at machine init (nodes in nodeid order), then each -device in command-line
 * order; the second consumer is the one that fails.
 */
function checkConsumers(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  type Consumer = { prop: Prop; what: string; message: (id: string) => string };
  const consumers: Consumer[] = [];
  const machineMemdev = lastMachineProp(f, 'memory-backend');
  if (machineMemdev)
    consumers.push({
      prop: machineMemdev,
      what: 'the machine RAM',
      message: (id) => `memory backend ${id} can't be used multiple times.`,
    });
  // With a machine RAM backend, -numa memdev is refused outright (QL-mem-012): not a second consumer.
  const nodes = machineMemdev
    ? []
    : f.nodes.filter((n) => n.memdevProp).sort((a, b) => (a.nodeid ?? 0) - (b.nodeid ?? 0));
  for (const n of nodes)
    consumers.push({
      prop: n.memdevProp!,
      what: `NUMA node ${n.nodeid ?? '?'}`,
      message: (id) => `memory backend ${id} can't be used multiple times.`,
    });
  for (const d of f.devices) {
    if (d.memdevProp)
      consumers.push({
        prop: d.memdevProp,
        what: `${d.driver}${d.id ? ` '${d.id}'` : ''}`,
        message: (id) => busyMessage(d.driver, id),
      });
  }
  const first = new Map<string, Consumer>();
  for (const c of consumers) {
    if (c.prop.unknown || !f.backendById.has(c.prop.value)) continue;
    const prev = first.get(c.prop.value);
    if (!prev) {
      first.set(c.prop.value, c);
      continue;
    }
    const backend = f.backendById.get(c.prop.value)!;
    out.push(
      diag('QL-backend-012', 'error', c.prop.valueSpan, c.message(c.prop.value), {
        fixes: [ownBackendFix(ctx, f, backend, c.prop)],
        related: [
          { span: prev.prop.valueSpan, message: `already used by ${prev.what}` },
          backend.idProp && {
            span: backend.idProp.valueSpan,
            message: `memory backend '${backend.id}' is defined here`,
          },
        ],
      }),
    );
  }
  return out;
}
