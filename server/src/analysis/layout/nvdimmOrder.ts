// nvdimm_build_srat lists NVDIMMs as object_child_foreach finds them under /machine: the
// peripheral container (devices with an id) before peripheral-anon (observed on 7.2 for pc and
// q35), each in its hash-table order.
import type { Machine } from '../machine/machine';
import type { PlacedDevice } from './addressMap';
import { qomChildOrder } from './qomOrder';

export function nvdimmWalkOrder(machine: Machine, nvdimms: PlacedDevice[]): PlacedDevice[] {
  const children = machine.qomChildren;
  if (!children || nvdimms.length < 2) return nvdimms;
  const walk = [...qomChildOrder(children.peripheral), ...qomChildOrder(children.anon)];
  const rank = (d: PlacedDevice) => {
    const i = d.spec.qomName !== undefined ? walk.indexOf(d.spec.qomName) : -1;
    return i < 0 ? walk.length : i;
  };
  return [...nvdimms].sort((a, b) => rank(a) - rank(b));
}
