// What every check sees: one QEMU invocation, parsed, modelled and laid out.
import type { Diagnostic, Invocation, QemuOption, Settings } from '../types';
import type { Machine } from '../machine/machine';
import type { Layout } from '../layout/addressMap';

export interface CheckContext {
  invocation: Invocation;
  options: QemuOption[];
  machine: Machine;
  layout: Layout;
  settings: Settings;
  /**
   * The document text. Only fixes that add a whole new line need it (to copy the
   * neighbouring lines' indentation and `\` continuation); without it they fall back to
   * inserting the new option on the same line.
   */
  text?: string;
}

/** A rule family: pure function of the context, order-independent. */
export type Check = (ctx: CheckContext) => Diagnostic[];
