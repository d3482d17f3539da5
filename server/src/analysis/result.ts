// What analyze() returns: its own module so that cache.ts (which stores InvocationAnalysis) and
// index.ts (which runs the pipeline through the cache) do not import each other.
import type { Tree } from 'web-tree-sitter';
import type { Diagnostic, Invocation, QemuOption, Settings } from './types';
import type { LineIndex } from './text';
import type { Machine } from './machine/machine';
import type { Layout } from './layout/addressMap';
import type { UnplacedDevice } from './unplaced';

export interface InvocationAnalysis {
  invocation: Invocation;
  options: QemuOption[];
  machine: Machine;
  layout: Layout;
  /** Memory devices the layout could not place, each with QEMU's reason. */
  unplaced: UnplacedDevice[];
  /** Diagnostics that belong to this invocation (also in Analysis.diagnostics). */
  diagnostics: Diagnostic[];
}

export interface Analysis {
  text: string;
  lines: LineIndex;
  tree: Tree;
  settings: Settings;
  invocations: InvocationAnalysis[];
  /** All diagnostics of the document, in document order. */
  diagnostics: Diagnostic[];
}
