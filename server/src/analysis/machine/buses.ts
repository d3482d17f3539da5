// PCI bus names in -device bus=: qdev_device_add looks the bus up (qbus_find) when it creates the
// device, so only the machine's root bus (pci.0 on pc, pcie.0 on q35) and the child buses of
// devices created before it exist; a bridge or root port's bus is named after its id. Other bus
// kinds (ide.0, usb.0, scsi0.0, …) are not modelled and never reported.
import type { Prop, QemuOption } from '../types';
import { propsOf } from '../options/lookup';

const PCI_BUS_NAME = /^pcie?\.\d+$/;

export interface MissingBus {
  option: QemuOption;
  prop: Prop;
}

/** The bus= values written like a PCI bus name (pci.N, pcie.N) that no bus of that name has when the device is created. */
export function missingPciBuses(deviceOptions: readonly QemuOption[], family: 'pc' | 'q35'): MissingBus[] {
  const known = new Set([family === 'q35' ? 'pcie.0' : 'pci.0']);
  const out: MissingBus[] = [];
  for (const option of deviceOptions) {
    const props = propsOf(option);
    const bus = props.get('bus');
    if (bus && !bus.unknown && PCI_BUS_NAME.test(bus.value) && !known.has(bus.value)) out.push({ option, prop: bus });
    const id = props.get('id');
    if (id && !id.unknown) known.add(id.value);
  }
  return out;
}
