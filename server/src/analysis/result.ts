// What analyze() returns: its own module so that cache.ts (which stores InvocationAnalysis) and
// index.ts (which runs the pipeline through the cache) do not import each other.
import type { Tree } from 'web-tree-sitter';
import type { Diagnostic, Invocation, QemuOption, Settings } from './types';
import type { LineIndex } from './text';
import type { Machine } from './machine/machine';
import type { Layout } from './layout/addressMap';
import type { UnplacedDevice } from './unplaced';
import type { InvocationResult } from './invocationResult';

export interface InvocationAnalysis {
  readonly invocation: Invocation;
  /** This and the next three are made again when first read (invocationResult.ts). */
  readonly options: QemuOption[];
  readonly machine: Machine;
  readonly layout: Layout;
  /** Memory devices the layout could not place, each with QEMU's reason. */
  readonly unplaced: UnplacedDevice[];
  /** Diagnostics that belong to this invocation (also in Analysis.diagnostics). */
  readonly diagnostics: Diagnostic[];
}

export interface Analysis {
  text: string;
  lines: LineIndex;
  tree: Tree;
  settings: Settings;
  invocations: InvocationResult[];
  /** All diagnostics of the document, in document order. */
  diagnostics: Diagnostic[];
}
