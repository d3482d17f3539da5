// Declared memory devices → the MemoryDeviceSpec the layout places, in command-line
// (= realization) order, with their QOM child names.
import type { QemuOption } from '../types';
import type { DeclaredDevice, MemoryDeviceSpec } from './machine';
import type { Reader } from './values';
import { propsOf } from '../options/lookup';

/** qdev_set_id: a device with an id becomes /machine/peripheral/ID, one without device[N]. */
export function qomChildren(options: QemuOption[]): {
  peripheral: string[];
  anon: string[];
  names: Map<QemuOption, string>;
} {
  const peripheral: string[] = [];
  const anon: string[] = [];
  const names = new Map<QemuOption, string>();
  for (const option of options) {
    if (option.name !== 'device') continue;
    const id = propsOf(option).get('id');
    if (id && !id.unknown) {
      peripheral.push(id.value);
      names.set(option, id.value);
    } else {
      const name = `device[${anon.length}]`;
      anon.push(name);
      names.set(option, name);
    }
  }
  return { peripheral, anon, names };
}

export function placeableDevices(
  declared: readonly DeclaredDevice[],
  names: Map<QemuOption, string>,
  r: Reader,
): MemoryDeviceSpec[] {
  const out: MemoryDeviceSpec[] = [];
  for (const { option, driver } of declared) {
    const props = propsOf(option);
    const virtio = driver.startsWith('virtio-');
    const spec: MemoryDeviceSpec = {
      id: r.text(props.get('id')),
      driver,
      memdev: r.text(props.get('memdev')),
      node: r.uint(props.get('node')) ?? 0,
      addr: r.u64(props.get(virtio ? 'memaddr' : 'addr')),
      qomName: names.get(option),
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
