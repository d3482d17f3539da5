// Variables: values from the script's own assignments substituted with the reference's range;
// everything else marked unknown with one information diagnostic per word.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wordSpan } from '../../../server/src/analysis/shell/wordSpan';
import { at, only, shell, texts } from './helpers';

const Q = 'qemu-system-x86_64';

describe('substitution', () => {
  it('substitutes $VAR, ${VAR}, "$VAR" with the range of the reference', () => {
    const text = `MEM=4G\nCPUS=2\n${Q} -m $MEM -smp "\${CPUS}" -name vm-$CPUS\n`;
    const [, m, , smp, , name] = only(text).args;
    assert.equal(m.text, '4G');
    assert.deepEqual(m.span, at(text, '$MEM'));
    assert.deepEqual(m.segments, [{ from: 0, to: 2, src: at(text, '$MEM'), verbatim: false }]);
    assert.equal(smp.text, '2');
    assert.deepEqual(smp.span, at(text, '"${CPUS}"'));
    assert.equal(name.text, 'vm-2');
    assert.deepEqual(wordSpan(name, 0, 3), at(text, 'vm-'));
    assert.deepEqual(wordSpan(name, 3, 4), at(text, '$CPUS'));
  });

  it('concatenation: -m "$MEM"G', () => {
    const text = `MEM=8\n${Q} -m "$MEM"G\n`;
    const m = only(text).args[1];
    assert.equal(m.text, '8G');
    assert.deepEqual(m.span, at(text, '"$MEM"G'));
  });

  it('reads values from export, local, readonly, declare and typeset', () => {
    const text = `export A=1\nreadonly B=2\ndeclare C=3\ntypeset D=4\nf() {\n  local E=5\n  ${Q} -a $A -b $B -c $C -d $D -e $E\n}\n`;
    assert.deepEqual(texts(only(text).args), ['-a', '1', '-b', '2', '-c', '3', '-d', '4', '-e', '5']);
  });

  it('uses the last assignment textually before the use', () => {
    const text = `M=1G\n${Q} -m $M\nM=2G\n${Q} -m $M\nif x; then M=3G; else M=4G; fi\n${Q} -m $M\n`;
    const r = shell(text);
    assert.deepEqual(
      r.invocations.map((i) => i.args[1].text),
      ['1G', '2G', '4G'],
    );
  });

  it('a function body sees the assignments before it in the file, not those before the call', () => {
    const text = `M=1G\nstart() { ${Q} -m $M; }\nM=2G\nstart\n`;
    assert.equal(only(text).args[1].text, '1G');
  });

  it('local assignments end with the function body', () => {
    const text = `M=1G\nf() { local M=9G; }\n${Q} -m $M\n`;
    assert.equal(only(text).args[1].text, '1G');
  });

  it('a prefix assignment applies to that command only and not to its own arguments', () => {
    const text = `M=1G\nM=2G ${Q} -m $M\n${Q} -m $M\n`;
    const r = shell(text);
    assert.deepEqual(
      r.invocations.map((i) => i.args[1].text),
      ['1G', '1G'],
    );
  });

  it('${VAR:-default}, ${VAR-default}, ${VAR:=default}, ${VAR:+alt}', () => {
    const text = [
      'SET=x',
      'EMPTY=',
      ': ${ASSIGNED:=7G}',
      `${Q} -a \${SET:-d} -b \${EMPTY:-d} -c \${EMPTY-d} -d \${NEVER:-d} -e \${SET:+alt} -f \${EMPTY:+alt}x -g $ASSIGNED -h \${NEW:=n} -i $NEW`,
      '',
    ].join('\n');
    const args = only(text).args;
    assert.deepEqual(texts(args), [
      '-a',
      'x',
      '-b',
      'd',
      '-c',
      '-d',
      'd',
      '-e',
      'alt',
      '-f',
      'x',
      '-g',
      '7G',
      '-h',
      'n',
      '-i',
      'n',
    ]);
    // A default keeps its own characters: it is written right there.
    assert.deepEqual(args[6].span, at(text, '${NEVER:-d}'));
    assert.deepEqual(args[6].segments[0].src, {
      start: at(text, '${NEVER:-d}').start + 9,
      end: at(text, '${NEVER:-d}').start + 10,
    });
  });

  it('unquoted expansions are split into words, quoted ones are not', () => {
    const text = `OPTS="-smp 2  -cpu host"\n${Q} $OPTS "$OPTS"\n`;
    const args = only(text).args;
    assert.deepEqual(texts(args), ['-smp', '2', '-cpu', 'host', '-smp 2  -cpu host']);
    for (const w of args.slice(0, 4)) assert.deepEqual(w.span, at(text, '$OPTS'));
    assert.deepEqual(args[4].span, at(text, '"$OPTS"'));
  });

  it('an unset or empty unquoted variable vanishes; a quoted one is an empty word', () => {
    const text = `E=\nunset U\n${Q} $E -m 1 $U "$E"\n`;
    assert.deepEqual(texts(only(text).args), ['-m', '1', '']);
  });

  it('pattern removal and case changes with literal patterns', () => {
    const text = `V=memory-backend-ram.img\n${Q} -a \${V%.img} -b \${V#memory-} -c \${#V} -d \${V^^}\n`;
    assert.deepEqual(texts(only(text).args), [
      '-a',
      'memory-backend-ram',
      '-b',
      'backend-ram.img',
      '-c',
      '22',
      '-d',
      'MEMORY-BACKEND-RAM.IMG',
    ]);
  });
});

describe('unknown values', () => {
  it('marks $(...), backticks, $1, "$@", arithmetic and unassigned variables unknown, one diagnostic each', () => {
    const text = `${Q} -smp $(nproc) -m \`free\` -name "$1" "$@" -a $((1+2)) -b $HOME -c "x$NOPE"y\n`;
    const r = shell(text);
    const args = r.invocations[0].args;
    const unknown = args.filter((w) => w.unknown);
    assert.deepEqual(
      unknown.map((w) => w.unknown?.span),
      [
        at(text, '$(nproc)'),
        at(text, '`free`'),
        at(text, '$1'),
        at(text, '$@'),
        at(text, '$((1+2))'),
        at(text, '$HOME'),
        at(text, '$NOPE'),
      ],
    );
    assert.deepEqual(
      r.diagnostics.map((d) => d.span),
      unknown.map((w) => w.unknown?.span),
    );
    assert.equal(
      r.diagnostics[0].message,
      '`$(nproc)` cannot be resolved statically (command substitution); checks that depend on it are skipped',
    );
    assert.ok(r.diagnostics.every((d) => d.code === 'QL-shell-001' && d.severity === 'information'));
    // The unknown text stays as written; its segment says so.
    const smp = args[1];
    assert.equal(smp.text, '$(nproc)');
    assert.equal(smp.segments[0].unknown, true);
    // "$@" is one unknown word.
    assert.equal(args.filter((w) => w.text === '$@').length, 1);
  });

  it('a variable assigned from something unknown is unknown where it is used', () => {
    const text = `CPUS=$(nproc)\n${Q} -smp $CPUS\n`;
    const r = shell(text);
    assert.deepEqual(r.invocations[0].args[1].unknown?.span, at(text, '$CPUS'));
    assert.equal(r.diagnostics.length, 1);
    assert.match(
      r.diagnostics[0].message,
      /^`\$CPUS` cannot be resolved statically \(CPUS is assigned from `\$\(nproc\)`\)/,
    );
  });

  it('one diagnostic per word even with several unknown parts', () => {
    const text = `${Q} -object memory-backend-ram,id=$ID,size=$SIZE\n`;
    const r = shell(text);
    assert.equal(r.diagnostics.length, 1);
    const w = r.invocations[0].args[1];
    assert.deepEqual(w.unknown?.span, { start: at(text, '$ID').start, end: at(text, '$SIZE').end });
    assert.deepEqual(
      w.segments.filter((s) => s.unknown).map((s) => s.src),
      [at(text, '$ID'), at(text, '$SIZE')],
    );
    assert.equal(
      r.diagnostics[0].message,
      '`$ID` (and 1 more) cannot be resolved statically (ID is not assigned in this script); checks that depend on it are skipped',
    );
  });

  it('loop variables, read, let and arithmetic make a variable unknown from there on', () => {
    const text = `A=1 B=1 C=1 D=1 E=1\nfor A in "$@"; do :; done\nread -r B\nlet C=C+1\n((D++))\nmapfile -t E < f\n${Q} -a $A -b $B -c $C -d $D -e $E\n`;
    const args = only(text).args;
    assert.deepEqual(
      args.filter((w) => w.unknown).map((w) => w.text),
      ['$A', '$B', '$C', '$D', '$E'],
    );
  });

  it('after a for loop over known values the variable holds the last one, as in bash', () => {
    const text = `for A in 1 2; do :; done\n${Q} -a $A\n`;
    assert.equal(only(text).args[1].text, '2');
  });

  it('${VAR:+x} of a variable never assigned is unknown: the environment may set it', () => {
    const text = `${Q} -a \${NEVER:+x}\n`;
    assert.ok(only(text).args[1].unknown);
  });
});

describe('cycles and limits', () => {
  it('cyclic and self-referential assignments terminate', () => {
    const text = `A=$B\nB=$A\nX=foo\nX="$X,bar"\nX="$X,baz"\n${Q} -a "$A" -b "$B" -x "$X"\n`;
    const args = only(text).args;
    assert.ok(args[1].unknown, 'A comes from B, which was never assigned before');
    assert.ok(args[3].unknown);
    assert.equal(args[5].text, 'foo,bar,baz');
  });

  it('exponential growth stops at the size limit and becomes unknown', () => {
    const lines = ['X=0123456789abcdef'];
    for (let i = 0; i < 40; i++) lines.push('X="$X$X"');
    lines.push(`${Q} -name "$X"`);
    const text = `${lines.join('\n')}\n`;
    const name = only(text).args[1];
    assert.ok(name.unknown);
    assert.ok(name.text.length < 1 << 21);
  });

  it('deeply nested defaults are bounded', () => {
    let e = 'x';
    for (let i = 0; i < 200; i++) e = `\${V${i}:-${e}}`;
    const text = `${Q} -name ${e}\n`;
    const r = shell(text);
    assert.equal(r.invocations.length, 1);
    assert.ok(r.invocations[0].args[1].unknown);
  });
});

describe('scopes and more expansions', () => {
  it('assignments inside ( ... ) and $( ... ) do not outlive them', () => {
    const text = `M=1G\n( M=2G; ${Q} -m $M )\nX=$(M=3G; echo)\na=(x)\n( a+=(y) )\n${Q} -m $M "\${a[@]}"\n`;
    const r = shell(text);
    assert.deepEqual(
      r.invocations.map((i) => texts(i.args)),
      [
        ['-m', '2G'],
        ['-m', '1G', 'x'],
      ],
    );
  });

  it('substrings and array slices', () => {
    const text = `V=memory\na=(zero one two three)\n${Q} \${V:0:3} \${V:3} \${V: -2} "\${a[@]:1:2}" \${a[@]:3}\n`;
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['mem', 'ory', 'ry', 'one', 'two', 'three']);
    assert.deepEqual(inv.args[3].span, at(text, 'one'));
  });

  it('an array element used as a scalar keeps its own source', () => {
    const text = `a=(-m 4G)\n${Q} -m "\${a[1]}"\n`;
    const w = only(text).args[1];
    assert.equal(w.text, '4G');
    assert.deepEqual(w.span, at(text, '4G'));
  });
});
