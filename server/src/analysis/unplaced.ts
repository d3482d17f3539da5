// The memory devices QEMU would not place, and why: every view of the map (map text and JSON,
// hover, inlay hints, webview) lists them, so a device the line asks for never just goes missing
// from the tables. The reason is QEMU's message for the device, as the checks report it.
import type { Diagnostic } from './types';
import type { Machine, MemoryDeviceSpec } from './machine/machine';
import type { Layout } from './layout/addressMap';
import { memoryDeviceKind } from './layout/placement';

export interface UnplacedDevice {
  /** qdev id ('' when none). */
  id: string;
  /** QMP kind, as in the placed devices' table: dimm, nvdimm, virtio-mem, ... */
  type: string;
  spec: MemoryDeviceSpec;
  /** The error QEMU stops at for this device; null when the line is refused before it is realized. */
  reason: { code: string; message: string } | null;
}

export function unplacedDevices(
  machine: Machine,
  layout: Layout,
  diagnostics: readonly Diagnostic[],
): UnplacedDevice[] {
  const placed = new Set(layout.memoryDevices.map((d) => d.spec));
  const out: UnplacedDevice[] = [];
  for (const spec of machine.devices) {
    const type = memoryDeviceKind(spec.driver);
    if (!type || placed.has(spec)) continue;
    out.push({ id: spec.id ?? '', type, spec, reason: reasonFor(spec, diagnostics) });
  }
  return out;
}

/** The first error (in the text's order) on the device's own option, as QEMU realizes it. */
function reasonFor(spec: MemoryDeviceSpec, diagnostics: readonly Diagnostic[]): UnplacedDevice['reason'] {
  const { start, end } = spec.option.span;
  let first: Diagnostic | undefined;
  for (const d of diagnostics) {
    if (d.severity !== 'error' || d.span.start < start || d.span.end > end) continue;
    if (!first || d.span.start < first.span.start) first = d;
  }
  return first ? { code: first.code, message: first.message } : null;
}
