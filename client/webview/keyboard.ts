// Arrow-key movement between ranges: ←/→ along a lane in address order, ↑/↓ to the range of the
// neighbouring lane that holds (or follows) the current start address, Home/End to a lane's ends.
import type { Picture } from './picture';
import type { RangeItem } from './viewModel';

export function nextRange(order: Picture['order'], currentKey: string, key: string): string | undefined {
  const lanes = order.filter((l) => l.items.length);
  const li = lanes.findIndex((l) => l.items.some((i) => i.key === currentKey));
  if (li < 0) return undefined;
  const lane = lanes[li];
  const ii = lane.items.findIndex((i) => i.key === currentKey);
  let next: RangeItem | undefined;
  if (key === 'ArrowRight') next = lane.items[ii + 1];
  else if (key === 'ArrowLeft') next = lane.items[ii - 1];
  else if (key === 'Home') next = lane.items[0];
  else if (key === 'End') next = lane.items.at(-1);
  else if (key === 'ArrowDown' || key === 'ArrowUp') {
    const other = lanes[li + (key === 'ArrowDown' ? 1 : -1)];
    if (other) {
      // The range in the next lane that holds (or is nearest to) the current start address.
      const at = lane.items[ii].start;
      next =
        other.items.find((i) => i.start <= at && at < i.end) ??
        other.items.find((i) => i.start >= at) ??
        other.items.at(-1);
    }
  }
  return next?.key;
}
