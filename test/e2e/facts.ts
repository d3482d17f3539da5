// What every end-to-end suite (VS Code API, UI, Neovim) expects, in one place. The addresses are
// real QEMU's (QEMU 7.2 + the v8 SPM patches, read back by the oracle; the same layout is in
// test/fixtures/maps/spm-v8-pc-dimm-between.json); the messages are QEMU's own wording.

/** examples/spm-v8-spm-memory.sh: QEMU accepts it. */
export const V8_EXAMPLE = 'spm-v8-spm-memory.sh';
/** The text that starts spm0's device on its line; the hover and the inlay hint are about it. */
export const V8_SPM0 = 'spm-memory,id=spm0';
/** spm0: 4 GiB on NUMA node 2, placed first in device memory, E820 type 0xefffffff. */
export const V8_SPM0_RANGE = '[0x140000000-0x23fffffff]';
export const V8_SPM0_START = 0x140000000n;
export const V8_SPM0_SIZE = '4 GiB';
export const V8_SPM0_NODE = 'node 2';
export const SOFT_RESERVED = 'SOFT_RESERVED';

/** examples/pc-dimm-hotplug.sh: Debian's QEMU 7.2 builds exactly the map qemu-launch predicts. */
export const VERIFY_EXAMPLE = 'pc-dimm-hotplug.sh';
export const VERIFY_EXAMPLE_TEXT = 'hot-plugged DIMMs';
/** The status line of the address-map panel after "Verify with QEMU" against Debian's QEMU. */
export const VERIFY_AGREES = /agrees with QEMU 7\.2\.\d+/;

/** examples/broken-placement.sh: QEMU rejects every invocation in it. */
export const BROKEN_EXAMPLE = 'broken-placement.sh';
/** spm1 reuses spm0's backend (hostmem.c: host_memory_backend_is_mapped). */
export const BROKEN_IN_USE = "memory backend 'hbm' is already in use";
export const BROKEN_IN_USE_AT = 'id=spm1,memdev=hbm';
/** The v7 SPM node that starts below 4 GiB and ends above it. */
export const BROKEN_SPANS_4G = /spans across 4GB boundary/;

/**
 * One mistake with one fix: an SPM device but no maxmem, so QEMU has no device memory to place it
 * in. Applying the server's maxmem fix must leave a script QEMU accepts (no error or warning).
 */
export const FIXABLE_SCRIPT = [
  'qemu-system-x86_64 \\',
  '  -machine q35 \\',
  '  -m 4G \\',
  '  -object memory-backend-ram,id=m0,size=4G \\',
  '  -numa node,nodeid=0,memdev=m0 \\',
  '  -numa node,nodeid=1 \\',
  '  -object memory-backend-ram,id=h0,size=2G \\',
  '  -device spm-memory,id=spm0,memdev=h0,node=1',
  '',
].join('\n');
/** QEMU's message (hw/mem/memory-device.c, current wording) for FIXABLE_SCRIPT. */
export const FIXABLE_MESSAGE = /memory devices.*maxmem/;
/** The quick fix's title names what it adds. */
export const FIXABLE_FIX_TITLE = /maxmem/;

/** 0-based line and character of the first occurrence of `needle` in `text`. */
export function positionIn(text: string, needle: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`the text no longer contains "${needle}"; update test/e2e/facts.ts`);
  return { line, character: lines[line].indexOf(needle) };
}

/** Hex as a person reads it in hints that group digits (`0x1_4000_0000`): without the underscores. */
export function ungroupHex(text: string): string {
  return text.replace(/(?<=0x[0-9a-f_]*)_/gi, '');
}
