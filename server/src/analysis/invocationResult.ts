// One command's analysis as analyze() keeps it: the invocation and its diagnostics, with the
// layers in between (options, machine, layout, unplaced devices) made again when first read, and
// kept from then on. Those layers are a pure function of the invocation and the settings, and
// after the checks only what shows a command reads them (hover, inlay hints, the outline, ids,
// the map and verify). Kept for every command, they were ~40 % of what the first analysis of a
// large script leaves behind (~6 MB on 10,000 lines), and everything kept costs twice on the cold
// path: copied by each young-generation collection until promoted, and a page fault for every
// 4 KB of old generation it fills. The edit cache moves made layers with the rest of the result
// (cache.ts).
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
  #layers: MadeLayers | undefined;
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
   * The layers if a read made them, else undefined (made nothing). Their spans move with the
   * result's (cache.ts); an inert argument patched in needs nothing, since the layers hold that
   * word itself and never read its text (inertOptions.ts).
   */
  madeLayers(): Layers | undefined {
    return this.#layers;
  }

  private layers(): MadeLayers {
    if (this.#layers) return this.#layers;
    const { options, machine, layout } = layersOf(this.invocation, this.#settings);
    return (this.#layers = { options, machine, layout });
  }
}

type MadeLayers = Layers & { unplaced?: UnplacedDevice[] };

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
