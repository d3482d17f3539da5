// Arrays: each element passed to QEMU is its own word with the range of that element in the
// array literal, so a diagnostic on an element lands where the element is written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wordSpan } from '../../../server/src/analysis/shell/wordSpan';
import { at, only, shell, sources, texts } from './helpers';

const Q = 'qemu-system-x86_64';

describe('arrays', () => {
  it('"${args[@]}": one word per element, each with its own range', () => {
    const text = `args=(-machine q35 -object 'memory-backend-ram,id=m0,size=2G')\n${Q} "\${args[@]}" -m 2G\n`;
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-machine', 'q35', '-object', 'memory-backend-ram,id=m0,size=2G', '-m', '2G']);
    assert.deepEqual(sources(text, inv.args), [
      '-machine',
      'q35',
      '-object',
      `'memory-backend-ram,id=m0,size=2G'`,
      '-m',
      '2G',
    ]);
    const obj = inv.args[3];
    assert.deepEqual(wordSpan(obj, obj.text.indexOf('2G'), obj.text.length), at(text, '2G'));
  });

  it('args+=(...) appends, args[i]=x sets an element, multi-line literals with comments', () => {
    const text = [
      'args=(',
      '  -machine q35   # the machine',
      '  -m 4G',
      ')',
      'args+=(-smp "2")',
      'args[1]=pc',
      'args[${#args[@]}]=-nographic',
      `${Q} "\${args[@]}"`,
      '',
    ].join('\n');
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-machine', 'pc', '-m', '4G', '-smp', '2', '-nographic']);
    assert.deepEqual(inv.args[1].span, at(text, 'pc'));
    assert.deepEqual(inv.args[5].span, at(text, '"2"'));
    assert.deepEqual(inv.args[6].span, at(text, '-nographic'));
  });

  it('${args[*]} unquoted and ${args[@]} unquoted split; "${args[*]}" joins', () => {
    const text = `a=("-m 1" x)\n${Q} \${a[*]} "\${a[*]}"\n`;
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-m', '1', 'x', '-m 1 x']);
    // A piece of an element is not the element: the word is where it is used, its text maps exactly.
    assert.deepEqual(inv.args[0].span, at(text, '${a[*]}'));
    assert.deepEqual(wordSpan(inv.args[0], 0, 2), at(text, '-m'));
    assert.deepEqual(inv.args[2].span, at(text, 'x'));
    assert.deepEqual(inv.args[3].span, at(text, '"${a[*]}"'));
  });

  it('elements carry their own expansions and unknowns', () => {
    const text = `MEM=4G\nargs=(-m "$MEM" -smp $(nproc))\n${Q} "\${args[@]}"\n`;
    const r = shell(text);
    const args = r.invocations[0].args;
    assert.deepEqual(texts(args), ['-m', '4G', '-smp', '$(nproc)']);
    assert.deepEqual(args[1].span, at(text, '"$MEM"'));
    assert.deepEqual(args[3].unknown?.span, at(text, '$(nproc)'));
    assert.deepEqual(
      r.diagnostics.map((d) => d.span),
      [at(text, '$(nproc)')],
    );
  });

  it('an empty array gives no words; "" elements stay', () => {
    const text = `e=()\nf=("" x)\n${Q} "\${e[@]}" -name "\${f[@]}"\n`;
    assert.deepEqual(texts(only(text).args), ['-name', '', 'x']);
  });

  it('prefix and suffix text attach to the first and last element', () => {
    const text = `a=(x y)\n${Q} -name "pre\${a[@]}post"\n`;
    assert.deepEqual(texts(only(text).args), ['-name', 'prex', 'ypost']);
  });

  it('single elements, counts and indexed literals', () => {
    const text = `a=(zero one two)\nb=([3]=three [0]=nil)\n${Q} \${a[1]} \${a[-1]} \${#a[@]} "\${b[@]}"\n`;
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['one', 'two', '3', 'nil', 'three']);
    assert.deepEqual(inv.args[0].span, at(text, 'one'));
    assert.deepEqual(inv.args[4].span, at(text, 'three'));
  });

  it('arrays built in a function are seen by an invocation later in it', () => {
    const text = `run() {\n  local -a opts=(-m 1G)\n  opts+=(-smp 2)\n  exec ${Q} "\${opts[@]}"\n}\nrun\n`;
    assert.deepEqual(texts(only(text).args), ['-m', '1G', '-smp', '2']);
  });

  it('associative arrays and unknown indices are unknown, not guessed', () => {
    const text = `declare -A m=([a]=1)\nb[$RANDOM]=x\n${Q} "\${m[@]}" "\${b[@]}"\n`;
    const r = shell(text);
    assert.ok(r.invocations[0].args.every((w) => w.unknown));
    assert.equal(r.diagnostics.length, 2);
  });

  it('a for loop over known values is read once per value, as bash runs it', () => {
    const text = `args=(-m 4G)\nfor n in 0 {1..2}; do\n  args+=(-numa node,nodeid=$n)\ndone\n${Q} "\${args[@]}"\n`;
    const args = only(text).args;
    assert.deepEqual(texts(args), [
      '-m',
      '4G',
      '-numa',
      'node,nodeid=0',
      '-numa',
      'node,nodeid=1',
      '-numa',
      'node,nodeid=2',
    ]);
    // Every element is where it is written, its value where it comes from.
    assert.deepEqual(args[3].span, at(text, 'node,nodeid=$n'));
    assert.deepEqual(wordSpan(args[3], 12, 13), at(text, '$n'));
    assert.deepEqual(wordSpan(args[3], 0, 4), at(text, 'node'));
  });

  it('what a loop builds on itself is unknown when the loop cannot be followed', () => {
    const text = `args=(-m 4G)\nfor n in $(seq 0 1); do\n  args+=(-numa node,nodeid=$n)\ndone\nX=a\nwhile read -r l; do X="$X,$l"; Y=fixed; done\n${Q} "\${args[@]}" -name "$X" -uuid $Y\n`;
    const r = shell(text);
    const args = r.invocations[0].args;
    assert.ok(args[0].unknown);
    assert.match(args[0].unknown?.reason ?? '', /args is assigned in a loop/);
    assert.ok(args[2].unknown, 'X builds on itself in a loop');
    assert.equal(args[4].text, 'fixed', 'a plain assignment in a loop is the same on every pass');
  });

  it('a loop that launches QEMU is not unrolled: one invocation, loop variable unknown', () => {
    const text = `for n in 0 1; do\n  ${Q} -name vm$n\ndone\n`;
    const r = shell(text);
    assert.equal(r.invocations.length, 1);
    assert.ok(r.invocations[0].args[1].unknown);
  });

  it('an array copied into another keeps the original element ranges', () => {
    const text = `a=(-m 1G)\nb=("\${a[@]}" -smp 2)\n${Q} "\${b[@]}"\n`;
    const inv = only(text);
    assert.deepEqual(sources(text, inv.args), ['-m', '1G', '-smp', '2']);
    assert.deepEqual(inv.args[1].span, at(text, '1G'));
  });
});
