// -cpu rules that refuse the line before any memory is laid out: x86_cpu_realizefn's phys-bits checks.
// Same words in QEMU 7.2 and 10.0 (both verified live).
import type { Diagnostic } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';

export function checkCpu(ctx: CheckContext): Diagnostic[] {
  const option = ctx.machine.cpuOption;
  if (!option || option.arg?.unknown) return [];
  let physBits: (typeof option.props)[number] | undefined;
  for (const p of option.props) if (p.key === 'phys-bits' && !p.flag) physBits = p;
  if (!physBits || physBits.unknown || !/^\d+$/.test(physBits.value)) return [];
  const bits = Number(physBits.value);
  if (bits === 0) return [];
  if (!ctx.machine.longMode)
    return [diag('QL-cpu-001', 'error', physBits.span, 'phys-bits is not user-configurable in 32 bit')];
  if (bits < 32 || bits > 52)
    return [diag('QL-cpu-002', 'error', physBits.valueSpan, `phys-bits should be between 32 and 52  (but is ${bits})`)];
  return [];
}
