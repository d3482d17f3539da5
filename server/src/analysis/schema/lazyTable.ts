// A read-only table of QEMU's named things (devices, -object types, -numa types, QemuOpts lists)
// that builds an entry the first time it is looked up. Building every device's property map when
// the module loaded cost the language server ~40 ms of its start-up, and ~14 ms more for 10.0's
// tables (BENCHMARKS.md, round 6), while a script names a handful of devices.

export class LazyTable<T> {
  private readonly built = new Map<string, T>();
  private names: ReadonlySet<string> | undefined;

  /**
   * @param listNames every name the table has, in the order the table lists them (read on first use)
   * @param build the entry of a listed name; called once per name
   */
  constructor(
    private readonly listNames: () => Iterable<string>,
    private readonly build: (name: string) => T,
  ) {}

  private nameSet(): ReadonlySet<string> {
    return (this.names ??= new Set(this.listNames()));
  }

  get(name: string): T | undefined {
    if (this.built.has(name)) return this.built.get(name);
    if (!this.nameSet().has(name)) return undefined;
    const entry = this.build(name);
    this.built.set(name, entry);
    return entry;
  }

  keys(): IterableIterator<string> {
    return this.nameSet().values();
  }
}
