// Which grammar QEMU's setter applies to a -device property value, decided from QEMU's own
// answers. A property's type name does not say it: `addr` of a PCI device reports "int32" but
// its setter (set_pci_devfn) takes "06.0", "0x1.0x2" and JSON strings as well as integers.
// tools/probe-value-classes.mjs recorded, per setter (type + description), QEMU's verdict on a
// battery of keyval and JSON values; here each candidate grammar is run on the same battery and
// the first that reproduces every verdict, message for message, is the one used. A setter no
// candidate reproduces is not checked at all: silence beats a wrong error.
// test/unit/options/valueClasses.test.ts proves the choice for every recorded class.
import type { Prop } from '../types';
import type { PropInfo, ValueClass } from '../schema/index';

export type ValueForm = 'keyval' | 'json';

/** A value's problem in QEMU's words, or undefined when QEMU takes it. */
export type Verdict = (p: Pick<Prop, 'value' | 'json'>, name: string, driver: string) => string | undefined;

/** The type-name reading the checker applies without a recorded class (checks/properties.ts). */
export type DeclaredCheck = (
  p: Pick<Prop, 'value' | 'json'>,
  info: PropInfo,
  form: ValueForm,
  name: string,
) => string | undefined;

export interface Grammar {
  /** 'declared' (read from the type name), 'pci-devfn', 'reference'. */
  name: string;
  check: Verdict;
}

function fill(template: string, driver: string, name: string, value: string): string {
  return template.split('{driver}').join(driver).split('{name}').join(name).split('{value}').join(value);
}

/** The battery entry's value as the option parser hands it over. */
export function batteryProp(text: string, form: ValueForm): Pick<Prop, 'value' | 'json'> {
  if (form === 'keyval') return { value: text };
  const json: unknown = JSON.parse(text);
  return { value: typeof json === 'string' ? json : text, json };
}

/**
 * sscanf's %x (glibc): blanks, a sign, an optional 0x whose 0 counts as a digit, hex digits.
 * Returns the value (negative numbers wrap as unsigned int) and where it stopped, or undefined.
 */
function scanHex(s: string, at: number): { value: bigint; end: number } | undefined {
  let i = at;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') negative = s[i++] === '-';
  let digits = 0;
  let value = 0n;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    i += 2;
    digits = 1;
  }
  while (i < s.length && /[0-9a-fA-F]/.test(s[i])) {
    value = value * 16n + BigInt(parseInt(s[i], 16));
    i++;
    digits++;
  }
  if (!digits) return undefined;
  return { value: negative ? (1n << 32n) - (value % (1n << 32n)) : value, end: i };
}

/** set_pci_devfn's reading of "slot[.function]" (hw/core/qdev-properties-system.c). */
export function pciDevfn(s: string): number | undefined {
  let slot = scanHex(s, 0);
  let fn: { value: bigint; end: number } | undefined;
  let end: number;
  if (slot && s[slot.end] === '.' && (fn = scanHex(s, slot.end + 1))) end = fn.end;
  else {
    fn = { value: 0n, end: 0 };
    slot = scanHex(s, 0);
    if (!slot) return undefined;
    end = slot.end;
  }
  if (end !== s.length || fn.value > 7n || slot.value > 31n) return undefined;
  return Number(slot.value) * 8 + Number(fn.value);
}

/** A recorded message of the class, by battery entry; undefined when QEMU took that entry. */
function recorded(c: ValueClass, form: ValueForm, entry: string): string | undefined {
  return (form === 'keyval' ? c.keyval : c.json)[entry] ?? undefined;
}

/**
 * "slot[.function]" strings, or in JSON an integer devfn from -1 to 255 (set_pci_devfn). Its
 * messages are the ones QEMU gave for the battery entries that show each way of failing.
 */
function pciDevfnGrammar(c: ValueClass, form: ValueForm): Grammar | undefined {
  const syntax = recorded(c, form, form === 'keyval' ? 'x' : '"x"');
  if (!syntax) return undefined;
  if (form === 'keyval')
    return {
      name: 'pci-devfn',
      check: (p, name, driver) => (pciDevfn(p.value) === undefined ? fill(syntax, driver, name, p.value) : undefined),
    };
  const range = recorded(c, form, '256');
  const wide = recorded(c, form, '4294967296');
  const fraction = recorded(c, form, '6.5');
  const other = recorded(c, form, 'true');
  if (!range || !wide || !fraction || !other) return undefined;
  return {
    name: 'pci-devfn',
    check: (p, name, driver) => {
      const j = p.json;
      if (typeof j === 'string') return pciDevfn(j) === undefined ? fill(syntax, driver, name, j) : undefined;
      if (typeof j === 'number') {
        if (!/^-?\d+$/.test(p.value)) return fill(fraction, driver, name, p.value);
        const n = BigInt(p.value);
        if (n < -(1n << 31n) || n >= 1n << 31n) return fill(wide, driver, name, p.value);
        return n < -1n || n > 255n ? fill(range, driver, name, p.value) : undefined;
      }
      return fill(other, driver, name, p.value);
    },
  };
}

/**
 * The id of another object (chardev, netdev, drive, audiodev): in JSON a string. Whether the
 * id exists is a question about the rest of the command line, not about the value's form; in
 * the battery (where nothing exists) QEMU said "can't find value" to every string.
 */
function referenceGrammar(c: ValueClass, form: ValueForm): Grammar | undefined {
  const missing = recorded(c, form, form === 'keyval' ? 'x' : '"x"');
  if (!missing || !missing.includes("can't find value")) return undefined;
  const notString = form === 'json' ? recorded(c, form, 'true') : undefined;
  if (form === 'json' && !notString) return undefined;
  return {
    name: 'reference',
    check: (p, name, driver) =>
      form === 'json' && typeof p.json !== 'string' ? fill(notString!, driver, name, p.value) : undefined,
  };
}

/** The verdict a reference grammar gives in the battery's world, where no object exists. */
function inBattery(g: Grammar, c: ValueClass, form: ValueForm): Verdict {
  if (g.name !== 'reference') return g.check;
  const missing = recorded(c, form, form === 'keyval' ? 'x' : '"x"')!;
  return (p, name, driver) => g.check(p, name, driver) ?? fill(missing, driver, name, p.value);
}

/** Whether a grammar gives QEMU's verdict, word for word, on every entry of the battery. */
export function reproduces(g: Grammar, c: ValueClass, form: ValueForm): boolean {
  const check = inBattery(g, c, form);
  for (const [entry, message] of Object.entries(form === 'keyval' ? c.keyval : c.json)) {
    const p = batteryProp(entry, form);
    const want = message === null ? undefined : fill(message, c.driver, c.property, p.value);
    if (check(p, c.property, c.driver) !== want) return false;
  }
  return true;
}

/** Per class and form, the name of the grammar that reproduced QEMU (null: none did). */
const chosen = new Map<string, string | null>();

function candidates(info: PropInfo, c: ValueClass, form: ValueForm, declared: DeclaredCheck): (Grammar | undefined)[] {
  return [
    { name: 'declared', check: (p, name) => declared(p, info, form, name) },
    pciDevfnGrammar(c, form),
    referenceGrammar(c, form),
  ];
}

/** The grammars built for a property (its PropInfo is one object per process: schema/index.ts). */
const built = new WeakMap<PropInfo, { declared: DeclaredCheck; keyval?: Grammar | null; json?: Grammar | null }>();

/**
 * The grammar that reproduces QEMU on the class's battery, or null when none does. The choice
 * is remembered per class; the grammar itself is built around the caller's declared check once
 * per property and form (every -device value of a generated script asks again).
 */
export function grammarFor(info: PropInfo, c: ValueClass, form: ValueForm, declared: DeclaredCheck): Grammar | null {
  let memo = built.get(info);
  if (!memo || memo.declared !== declared || info.valueClass !== c) {
    memo = { declared };
    if (info.valueClass === c) built.set(info, memo);
  }
  const known = memo[form];
  if (known !== undefined) return known;
  const key = `${c.type}\0${c.description}\0${form}`;
  const all = candidates(info, c, form, declared);
  let name = chosen.get(key);
  if (name === undefined) {
    name = all.find((g): g is Grammar => !!g && reproduces(g, c, form))?.name ?? null;
    chosen.set(key, name);
  }
  return (memo[form] = all.find((g): g is Grammar => !!g && g.name === name) ?? null);
}
