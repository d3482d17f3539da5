// Arguments as bash hands them to QEMU, each with the exact source range it came from.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wordSpan } from '../../../server/src/analysis/shell/wordSpan';
import { at, only, shell, sources, texts } from './helpers';

describe('quoting and continuations', () => {
  it('reads arguments across backslash continuations', () => {
    const text = 'qemu-system-x86_64 \\\n  -machine q35 \\\n  -m 4G\n';
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-machine', 'q35', '-m', '4G']);
    assert.deepEqual(inv.args[3].span, at(text, '4G'));
    assert.deepEqual(inv.span, at(text, text.trimEnd()));
  });

  it('a continuation inside a word joins its halves, as bash does', () => {
    const text = 'qemu-system-x86_64 -object memory-backend-ram,id=m0,\\\nsize=1G\n';
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-object', 'memory-backend-ram,id=m0,size=1G']);
    const w = inv.args[1];
    assert.deepEqual(w.span, at(text, 'memory-backend-ram,id=m0,\\\nsize=1G'));
    assert.deepEqual(wordSpan(w, w.text.indexOf('size=1G'), w.text.length), at(text, 'size=1G'));
  });

  it('removes single and double quotes and keeps exact ranges inside them', () => {
    const text = `qemu-system-x86_64 -object 'memory-backend-ram,id=m0,size=1G' -numa "node,memdev=m0"\n`;
    const [, obj, , numa] = only(text).args;
    assert.equal(obj.text, 'memory-backend-ram,id=m0,size=1G');
    assert.deepEqual(obj.span, at(text, `'memory-backend-ram,id=m0,size=1G'`));
    assert.deepEqual(wordSpan(obj, obj.text.indexOf('1G'), obj.text.indexOf('1G') + 2), at(text, '1G'));
    assert.equal(numa.text, 'node,memdev=m0');
    assert.deepEqual(wordSpan(numa, 5, 11), at(text, 'memdev'));
  });

  it('joins concatenated quoted and unquoted parts', () => {
    const text = `qemu-system-x86_64 -device pc-dimm,id="dimm 1",'memdev'=m1\n`;
    const w = only(text).args[1];
    assert.equal(w.text, 'pc-dimm,id=dimm 1,memdev=m1');
    assert.deepEqual(w.span, at(text, `pc-dimm,id="dimm 1",'memdev'=m1`));
    assert.deepEqual(wordSpan(w, w.text.indexOf('dimm 1'), w.text.indexOf('dimm 1') + 6), at(text, 'dimm 1'));
    assert.deepEqual(wordSpan(w, w.text.indexOf('memdev'), w.text.indexOf('memdev') + 6), at(text, 'memdev'));
    assert.deepEqual(wordSpan(w, w.text.indexOf('m1'), w.text.length), at(text, 'm1'));
  });

  it('removes escapes; an escaped character maps to its escape', () => {
    const text = 'qemu-system-x86_64 -name my\\ vm -device "x,id=\\"q\\"" -drive file=a\\,b\n';
    const [, name, , dev, , drive] = only(text).args;
    assert.equal(name.text, 'my vm');
    assert.deepEqual(wordSpan(name, 2, 3), at(text, '\\ '));
    assert.equal(dev.text, 'x,id="q"');
    assert.deepEqual(wordSpan(dev, 5, 6), at(text, '\\"'));
    assert.equal(drive.text, 'file=a,b');
    assert.deepEqual(wordSpan(drive, 0, 4), at(text, 'file'));
  });

  it("decodes $'...' ANSI-C strings", () => {
    const text = "qemu-system-x86_64 -name $'a\\tb\\x41\\'c' -append $'console=ttyS0'\n";
    const [, name, , append] = only(text).args;
    assert.equal(name.text, "a\tbA'c");
    assert.deepEqual(wordSpan(name, 1, 2), at(text, '\\t'));
    assert.equal(append.text, 'console=ttyS0');
    assert.deepEqual(wordSpan(append, 8, 13), at(text, 'ttyS0'));
  });

  it('keeps an empty quoted argument and drops nothing else', () => {
    const text = `qemu-system-x86_64 -name "" -append ''\n`;
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-name', '', '-append', '']);
    assert.deepEqual(sources(text, inv.args), ['-name', '""', '-append', "''"]);
  });

  it('counts UTF-16 units for emoji and CJK', () => {
    const text = 'qemu-system-x86_64 -name "虚拟机😀" -object memory-backend-ram,id=内存😀,size=1G\n';
    const [, name, , obj] = only(text).args;
    assert.equal(name.text, '虚拟机😀');
    assert.deepEqual(wordSpan(name, 3, 5), at(text, '😀'));
    const sizeAt = obj.text.indexOf('size');
    assert.deepEqual(wordSpan(obj, sizeAt, sizeAt + 4), at(text, 'size'));
  });

  it('reads CRLF line endings like LF, \\ + CRLF as a continuation', () => {
    const text = 'qemu-system-x86_64 \\\r\n  -m 4G \\\r\n  -smp 2\r\necho done\r\n';
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-m', '4G', '-smp', '2']);
    assert.deepEqual(inv.args[3].span, { start: text.indexOf('2\r'), end: text.indexOf('2\r') + 1 });
  });
});

describe('wordSpan', () => {
  it('maps sub-ranges of a non-verbatim segment to the whole reference', () => {
    const text = 'MEM=4\nqemu-system-x86_64 -m "$MEM"G\n';
    const m = only(text).args[1];
    assert.equal(m.text, '4G');
    assert.deepEqual(wordSpan(m, 0, 1), at(text, '$MEM'));
    assert.deepEqual(wordSpan(m, 1, 2), at(text, 'G'));
    assert.deepEqual(wordSpan(m, 0, 2), { start: at(text, '$MEM').start, end: at(text, 'G\n').start + 1 });
  });

  it('clamps out-of-range and reversed input and never returns start > end', () => {
    const text = 'qemu-system-x86_64 -m 4G\n';
    const w = only(text).args[1];
    assert.deepEqual(wordSpan(w, -5, 100), at(text, '4G'));
    assert.deepEqual(wordSpan(w, 2, 0), at(text, '4G'));
    assert.deepEqual(wordSpan(w, 1, 1), { start: at(text, 'G').start, end: at(text, 'G').start });
    assert.deepEqual(wordSpan(w, 2, 2), { start: at(text, '4G').end, end: at(text, '4G').end });
    assert.deepEqual(wordSpan(w, NaN, NaN), { start: at(text, '4G').start, end: at(text, '4G').start });
  });

  it('an empty word maps to its own span', () => {
    const text = 'qemu-system-x86_64 -name ""\n';
    const w = only(text).args[1];
    assert.deepEqual(wordSpan(w, 0, 0), { start: at(text, '""').start, end: at(text, '""').start });
  });
});

describe('things bash would expand that we do not guess', () => {
  it('marks globs, brace expansion and ~ unknown with one diagnostic each', () => {
    const text = 'qemu-system-x86_64 -drive file=*.img -name vm{1,2} -kernel ~/bzImage -append "a*b"\n';
    const r = shell(text);
    const [, drive, , name, , kernel, , append] = r.invocations[0].args;
    assert.equal(drive.unknown?.reason, 'pathname expansion');
    assert.deepEqual(drive.unknown?.span, at(text, 'file=*.img'));
    assert.equal(name.unknown?.reason, 'brace expansion');
    assert.equal(kernel.unknown?.reason, 'tilde expansion');
    assert.equal(append.unknown, undefined, 'quoted: no globbing');
    assert.deepEqual(
      r.diagnostics.map((d) => d.span),
      [at(text, 'file=*.img'), at(text, 'vm{1,2}'), at(text, '~/bzImage')],
    );
    assert.ok(r.diagnostics.every((d) => d.code === 'QL-shell-001' && d.severity === 'information'));
    assert.equal(
      r.diagnostics[1].message,
      '`vm{1,2}` cannot be resolved statically (brace expansion); checks that depend on it are skipped',
    );
  });

  it('escaped or quoted glob characters are plain text', () => {
    const text = 'qemu-system-x86_64 -name a\\*b -append "x?y" -cpu \'?\'\n';
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-name', 'a*b', '-append', 'x?y', '-cpu', '?']);
    assert.ok(inv.args.every((w) => !w.unknown));
  });
});
