// -device for memory devices → MemoryDeviceSpec, in command-line (= realization) order.
import type { QemuOption } from '../types';
import type { MemoryDeviceSpec } from './model';
import type { Reader } from './values';
import { propsOf } from './values';

export const MEMORY_DEVICE_DRIVERS = new Set(['pc-dimm', 'nvdimm', 'spm-memory', 'sp-mem', 'virtio-mem-pci', 'virtio-pmem-pci']);

export function readMemoryDevices(options: QemuOption[], r: Reader): MemoryDeviceSpec[] {
  const out: MemoryDeviceSpec[] = [];
  for (const option of options) {
    if (option.name !== 'device') continue;
    const props = propsOf(option);
    const driver = r.text(props.get('driver'));
    if (!driver || !MEMORY_DEVICE_DRIVERS.has(driver)) continue;
    const virtio = driver.startsWith('virtio-');
    const spec: MemoryDeviceSpec = {
      id: r.text(props.get('id')),
      driver,
      memdev: r.text(props.get('memdev')),
      node: r.uint(props.get('node')) ?? 0,
      addr: r.u64(props.get(virtio ? 'memaddr' : 'addr')),
      option,
      props,
    };
    if (!virtio) {
      const slot = r.int(props.get('slot'));
      if (slot !== undefined) spec.slot = slot;
    }
    if (driver === 'spm-memory') spec.spmForm = 'v8';
    if (driver === 'sp-mem') spec.spmForm = 'upstream';
    if (driver === 'nvdimm') spec.labelSize = r.size(props.get('label-size'));
    if (driver === 'virtio-mem-pci') spec.blockSize = r.size(props.get('block-size'));
    if (option.unknown) r.incomplete = true;
    out.push(spec);
  }
  return out;
}
