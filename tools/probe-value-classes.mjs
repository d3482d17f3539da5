// How QEMU's own parser reads each kind of -device property value, asked of the binary.
//
// A qdev property's type name does not say which values its setter takes: `addr` of a PCI
// device reports "int32", yet its setter (set_pci_devfn) takes "06.0" or "0x1.0x2" as well as
// an integer, and a JSON string as well as a JSON number. Every distinct (type, description)
// pair of the device properties is one setter ("value class"); for each, one device that has
// it is given a fixed battery of values in the keyval form (`-device D,P=V`) and the JSON form
// (`-device {"driver":"D","P":V}`), and QEMU's verdict is recorded: null when it took the
// value, else its message with the device, property and value replaced by {driver}, {name}
// and {value}. server/src/analysis/options/valueGrammar.ts picks, per class and form, the
// grammar that reproduces every recorded verdict; test/unit/options/valueClasses.test.ts
// proves it does.
//
// Whether QEMU took a value is seen without starting a guest: a second `-device` of a model
// that does not exist follows the probed one, and reaching its error means the probed device
// was created and realized. A device whose realize fails for a reason of its own (a missing
// backend) still shows the verdict: a refused value is named in the message, a taken one is not.

/** keyval values: booleans, integers at each width's edges, sizes, PCI addresses, words. */
export const KEYVAL_BATTERY = [
  'on',
  'off',
  'yes',
  'false',
  '0',
  '1',
  '6',
  '0x10',
  '010',
  '-1',
  '-2',
  '255',
  '256',
  '65535',
  '65536',
  '4294967295',
  '4294967296',
  '18446744073709551615',
  '18446744073709551616',
  '1M',
  '2K',
  '1.5',
  '06',
  '06.0',
  '0x1.0x2',
  '1f.7',
  '1F.07',
  '20.0',
  '0.8',
  '6.',
  '6.0x',
  'x',
  'auto',
  'none',
];

/** JSON values, as JSON text. */
export const JSON_BATTERY = [
  'true',
  '0',
  '6',
  '-1',
  '-2',
  '255',
  '256',
  '65536',
  '4294967296',
  '6.5',
  '"on"',
  '"6"',
  '"06.0"',
  '"0x1.0x2"',
  '"20.0"',
  '"x"',
  '"1M"',
];

const SENTINEL = 'zz-probe-sentinel';

/** A property with a type a user can write: links, children and the like take object paths. */
function scalarType(type) {
  return !/^(link|child)</.test(type);
}

export function classKey(type, description) {
  return `${type}\u0000${description ?? ''}`;
}

function template(message, driver, name, value) {
  // Only quoted occurrences: a value such as "1" must not turn "between -1 and 255" into a template.
  return message
    .split(`'${driver}.${name}'`)
    .join("'{driver}.{name}'")
    .split(`'${name}'`)
    .join("'{name}'")
    .split(`'${value}'`)
    .join("'{value}'");
}

/**
 * @param devices the schema's devices ({name: {bus, properties: [{name, type, description}]}})
 * @param runAsync (args) => Promise<{out}> running the QEMU binary
 */
export async function probeValueClasses(devices, runAsync, pool) {
  const base = ['-S', '-display', 'none', '-nodefaults', '-machine', 'pc'];
  const firstError = (out) => {
    // "qemu-system-x86_64: -device ARG: MESSAGE"; warnings come first and are not verdicts.
    const line = out.split('\n').find((l) => l.startsWith('qemu-system-') && !/: warning: /.test(l));
    return line ?? '';
  };
  const messageOf = (line, arg) => {
    const head = `: -device ${arg}: `;
    const i = line.indexOf(head);
    return i >= 0 ? line.slice(i + head.length) : line.replace(/^[^:]+: /, '');
  };

  // Classes and, for each, the devices that have it (bus-less and PCI devices first: the
  // default pc machine has both).
  const classes = new Map();
  for (const [driver, d] of Object.entries(devices)) {
    for (const p of d.properties ?? []) {
      if (!scalarType(p.type)) continue;
      const key = classKey(p.type, p.description);
      let c = classes.get(key);
      if (!c) classes.set(key, (c = { type: p.type, description: p.description ?? '', candidates: [] }));
      c.candidates.push({ driver, property: p.name, bus: d.bus });
    }
  }
  const busRank = (bus) => (bus === undefined ? 0 : bus === 'PCI' ? 1 : 2);

  /**
   * A device probes well when it alone is realized on the plain pc machine ('ok'); one whose
   * realize fails for a reason of its own still had its properties set ('realize-fails'); one
   * without its bus never gets that far ('no-bus').
   */
  const status = new Map();
  async function statusOf(driver) {
    if (!status.has(driver)) {
      const line = firstError((await runAsync([...base, '-device', driver, '-device', SENTINEL], 10000)).out);
      status.set(
        driver,
        line.includes(`'${SENTINEL}'`) ? 'ok' : /\bbus\b/i.test(line) || !line ? 'no-bus' : 'realize-fails',
      );
    }
    return status.get(driver);
  }

  const out = [];
  for (const c of [...classes.values()].sort((a, b) =>
    classKey(a.type, a.description) < classKey(b.type, b.description) ? -1 : 1,
  )) {
    const sorted = c.candidates
      .slice()
      .sort((a, b) => busRank(a.bus) - busRank(b.bus) || (a.driver < b.driver ? -1 : a.driver > b.driver ? 1 : 0));
    let chosen;
    for (const wanted of ['ok', 'realize-fails']) {
      for (const cand of sorted.slice(0, 8)) {
        if ((await statusOf(cand.driver)) === wanted) {
          chosen = cand;
          break;
        }
      }
      if (chosen) break;
    }
    if (!chosen) continue;
    const { driver, property } = chosen;
    // The setter refused the value when QEMU names the property; a later failure of the
    // device's realize (slot in use, video memory too small) is not about the value's form.
    const verdict = (line, arg, value) => {
      if (line.includes(`'${SENTINEL}'`)) return null;
      const msg = messageOf(line, arg);
      const named = msg.includes(`'${property}'`) || msg.includes(`.${property}'`) || msg.includes(`.${property} `);
      return named ? template(msg, driver, property, value) : null;
    };
    /**
     * QEMU's first error line. A run that printed none is retried; one that never does died
     * in the device's realize (ipmi-bmc-sim,fruareasize=0 divides by zero), after the setter
     * took the value: '' reads as taken.
     */
    const ask = async (args) => {
      for (let i = 0; i < 3; i++) {
        const line = firstError((await runAsync(args, 10000)).out);
        if (line) return line;
      }
      return '';
    };
    const keyval = {};
    const json = {};
    await pool(KEYVAL_BATTERY, 8, async (v) => {
      const arg = `${driver},${property}=${v}`;
      keyval[v] = verdict(await ask([...base, '-device', arg, '-device', SENTINEL]), arg, v);
    });
    await pool(JSON_BATTERY, 8, async (v) => {
      const arg = `{"driver":${JSON.stringify(driver)},${JSON.stringify(property)}:${v}}`;
      const sentinel = JSON.stringify({ driver: SENTINEL });
      const value = v.startsWith('"') ? JSON.parse(v) : v;
      json[v] = verdict(await ask([...base, '-device', arg, '-device', sentinel]), arg, value);
    });
    const ordered = (battery, rec) => Object.fromEntries(battery.map((v) => [v, rec[v]]));
    out.push({
      type: c.type,
      description: c.description,
      driver,
      property,
      keyval: ordered(KEYVAL_BATTERY, keyval),
      json: ordered(JSON_BATTERY, json),
    });
  }
  return out;
}
