// One command's analysis as analyze() keeps it: the invocation and its diagnostics, with the
// layers in between (options, machine, layout, unplaced devices) made again when first read.
// Those layers are a pure function of the invocation and the settings, and only the features
// (hover, inlay hints, the map, ids) read them after the checks have run. Kept for every command,
// they were ~40 % of what the first analysis of a large script leaves behind (~6 MB on 10,000
// lines), and everything kept costs twice on the cold path: copied by each young-generation
// collection until promoted, and a page fault for every 4 KB of old generation it fills.
import type { Diagnostic, Invocation, QemuOption, Settings, Word } from './types';
import type { InvocationAnalysis } from './result';
import type { Machine } from './machine/machine';
import type { Layout } from './layout/addressMap';
import { parseOptions } from './options/parse';
import { buildMachine } from './machine/build';
import { computeLayout } from './layout/compute';
import { unplacedDevices, type UnplacedDevice } from './unplaced';
import { inertArguments } from './inertOptions';

/** The layers between the words and the diagnostics. */
export interface Layers {
  options: QemuOption[];
  machine: Machine;
  layout: Layout;
}

export class InvocationResult implements InvocationAnalysis {
  #settings: Settings;
  #layers: (Layers & { unplaced?: UnplacedDevice[] }) | undefined;
  /** The argument words no layer reads the text of (inertOptions.ts), found while the options were at hand. */
  #inert: ReadonlySet<Word>;

  /** `layers` are the ones the checks ran on: only their inert arguments are kept. */
  constructor(
    readonly invocation: Invocation,
    readonly diagnostics: Diagnostic[],
    settings: Settings,
    layers: Layers,
  ) {
    this.#settings = settings;
    this.#inert = inertArguments(layers.options);
  }

  get options(): QemuOption[] {
    return this.layers().options;
  }

  get machine(): Machine {
    return this.layers().machine;
  }

  get layout(): Layout {
    return this.layers().layout;
  }

  get unplaced(): UnplacedDevice[] {
    const layers = this.layers();
    return (layers.unplaced ??= unplacedDevices(layers.machine, layers.layout, this.diagnostics));
  }

  /** Argument words whose text no layer reads: the cache patches new text into them (cache.ts). */
  inertWords(): ReadonlySet<Word> {
    return this.#inert;
  }

  /**
   * Drops the layers made from the words where they were: the cache moves the words' spans in
   * place, and the layers' own spans (an option's key and value, made from a word's) would not
   * move with them. Patching an inert argument's text needs nothing: the layers hold that word
   * itself and never read its text (inertOptions.ts).
   */
  forgetLayers(): void {
    this.#layers = undefined;
  }

  private layers(): Layers & { unplaced?: UnplacedDevice[] } {
    return (this.#layers ??= layersOf(this.invocation, this.#settings));
  }
}

/** options → machine → layout for one command, with what the option parser and the machine builder reported. */
export function layersOf(invocation: Invocation, settings: Settings): Layers & { diagnostics: Diagnostic[] } {
  const parsed = parseOptions(invocation, settings);
  const built = buildMachine(parsed.options, settings);
  return {
    options: parsed.options,
    machine: built.machine,
    layout: computeLayout(built.machine),
    diagnostics: [...parsed.diagnostics, ...built.diagnostics],
  };
}
