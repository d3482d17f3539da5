// A result's layers (options, machine, layout, unplaced devices) are made when first read
// (analysis/invocationResult.ts). Once made, the cache moves them with the result, own spans and
// all, instead of making them again (an outline reads every command's layers after each edit),
// and they stay right when it patches an inert argument's text: the next read sees what a fresh
// analysis of the new text gives.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, AnalysisCache, initShellParser } from '../../../server/src/analysis/index';
import { defaultSettings } from '../../../server/src/analysis/types';
import { assertSameAsFresh, observable } from './sameAsFresh';

before(() => initShellParser());

const SCRIPT = [
  'IMG=/var/lib/images',
  'g0() {',
  '  local disk=$IMG/a.qcow2',
  '  qemu-system-x86_64 -m 2G -object memory-backend-ram,id=m0,size=2G -numa node,memdev=m0 \\',
  '    -device pc-dimm,memdev=none -name g0 -drive file="$disk",if=virtio',
  '}',
  'qemu-system-x86_64 -m 4G -object memory-backend-ram,id=m1,size=4G -numa node,memdev=m1',
  '',
].join('\n');

test('layers read before the cache moves or patches a result still match a fresh analysis of the new text', () => {
  const cache = new AnalysisCache();
  let text = SCRIPT;
  const step = (next: string) => {
    text = next;
    const a = analyze(text, defaultSettings, undefined, cache);
    assertSameAsFresh(a); // reads every layer of every command, so the next edit finds them made
    a.tree.delete();
    return cache.stats;
  };
  step(text);
  // Every command moves down by the inserted line.
  assert.deepEqual(step('# moved\n' + text), { fresh: 0, patched: 0, reused: 2 });
  // An edit of IMG changes only inert arguments (-name, -drive file=) of the first command.
  const patched = step(text.replace('IMG=/var/lib/images', 'IMG=/srv/lib/imagez'));
  assert.deepEqual(patched, { fresh: 0, patched: 1, reused: 1 });
  // Both at once: moved and patched.
  assert.deepEqual(step('#\n' + text.replace('IMG=/srv/lib/imagez', 'IMG=/x')), {
    fresh: 0,
    patched: 1,
    reused: 1,
  });
});

test('layers made before an edit are moved with their command, not made again', () => {
  const cache = new AnalysisCache();
  let text = SCRIPT;
  analyze(text, defaultSettings, undefined, cache).tree.delete();
  // A first move, before any layer is made: the cache collects the spans it moves then.
  text = '#\n' + text;
  const once = analyze(text, defaultSettings, undefined, cache);
  const before = once.invocations.map((r) => observable(once) && r.options);
  once.tree.delete();
  // Made after that collection, the layers have spans the next move must find too.
  text = '# one more line\n' + text;
  const moved = analyze(text, defaultSettings, undefined, cache);
  assert.deepEqual(cache.stats, { fresh: 0, patched: 0, reused: 2 });
  moved.invocations.forEach((r, i) => assert.equal(r.options, before[i], `command ${i} kept its options`));
  assertSameAsFresh(moved);
  moved.tree.delete();
});
