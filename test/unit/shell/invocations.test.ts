// Which commands are QEMU invocations: program names, prefixes, and the look-alikes that are not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at, only, shell, sources, texts } from './helpers';

describe('QEMU program words', () => {
  for (const name of [
    'qemu-system-x86_64',
    'qemu-system-i386',
    'qemu-kvm',
    '/usr/libexec/qemu-kvm',
    '/opt/qemu/bin/qemu-system-x86_64',
    './build/qemu-system-x86_64',
  ]) {
    it(`finds ${name}`, () => {
      const text = `${name} -m 1G\n`;
      const inv = only(text);
      assert.equal(inv.program.text, name);
      assert.deepEqual(inv.program.span, at(text, name));
      assert.deepEqual(texts(inv.args), ['-m', '1G']);
      assert.deepEqual(inv.span, at(text, `${name} -m 1G`));
    });
  }

  it('ignores other programs and names that only contain qemu', () => {
    const text =
      'qemu-img create x.img 1G\nqemu-system-x86_64-wrapper -m 1\nqemu-system-aarch64 -m 1\nmy-qemu-kvm -m 1\n';
    assert.equal(shell(text).invocations.length, 0);
  });

  it('finds the program through a variable', () => {
    const text = 'QEMU=qemu-system-x86_64\n"$QEMU" -m 2G\n';
    const inv = only(text);
    assert.equal(inv.program.text, 'qemu-system-x86_64');
    assert.deepEqual(inv.program.span, at(text, '"$QEMU"'));
    assert.deepEqual(texts(inv.args), ['-m', '2G']);
  });

  it('finds the program through ${VAR:-default} when VAR is not assigned', () => {
    const text = '${QEMU:-qemu-system-x86_64} -m 2G\n';
    const inv = only(text);
    assert.equal(inv.program.text, 'qemu-system-x86_64');
    assert.deepEqual(inv.program.span, at(text, '${QEMU:-qemu-system-x86_64}'));
  });

  it('finds the program through $QEMU_BIN assigned with a default', () => {
    const text = 'QEMU_BIN=${QEMU_BIN:-/usr/bin/qemu-system-x86_64}\n$QEMU_BIN -m 2G\n';
    const inv = only(text);
    assert.equal(inv.program.text, '/usr/bin/qemu-system-x86_64');
    assert.deepEqual(inv.program.span, at(text, '$QEMU_BIN'));
  });

  it('a variable assigned elsewhere to something else is not QEMU', () => {
    assert.equal(shell('QEMU=echo\n$QEMU -m 1\n').invocations.length, 0);
    assert.equal(shell('$QEMU -m 1\n').invocations.length, 0, 'an unknown command word is not guessed');
  });
});

describe('prefixes', () => {
  const cases: [string, string][] = [
    ['exec qemu-system-x86_64 -m 1', 'exec'],
    ['sudo qemu-system-x86_64 -m 1', 'sudo'],
    ['sudo -E -u admin qemu-system-x86_64 -m 1', 'sudo with options'],
    ['sudo -Eu admin qemu-system-x86_64 -m 1', 'sudo with clustered options'],
    ['sudo --user=admin VAR=1 qemu-system-x86_64 -m 1', 'sudo with long option and env'],
    ['taskset -c 0-3 qemu-system-x86_64 -m 1', 'taskset -c'],
    ['taskset 0x3 qemu-system-x86_64 -m 1', 'taskset mask'],
    ['numactl --cpunodebind=0 --membind=0 qemu-system-x86_64 -m 1', 'numactl long'],
    ['numactl --cpunodebind 0 --membind 0 qemu-system-x86_64 -m 1', 'numactl long, separate values'],
    ['numactl -N 0 -m 0 qemu-system-x86_64 -m 1', 'numactl short'],
    ['numactl -N0 -m0 -l qemu-system-x86_64 -m 1', 'numactl glued'],
    ['env VAR=x OTHER=y qemu-system-x86_64 -m 1', 'env'],
    ['env -i -u HOME VAR=x qemu-system-x86_64 -m 1', 'env with options'],
    ['time qemu-system-x86_64 -m 1', 'time'],
    ['time -p qemu-system-x86_64 -m 1', 'time -p'],
    ['nice -n 5 qemu-system-x86_64 -m 1', 'nice -n'],
    ['nice -5 qemu-system-x86_64 -m 1', 'nice -5'],
    ['ionice -c 2 -n 7 qemu-system-x86_64 -m 1', 'ionice'],
    ['chrt -f 10 qemu-system-x86_64 -m 1', 'chrt'],
    ['nohup qemu-system-x86_64 -m 1', 'nohup'],
    ['command qemu-system-x86_64 -m 1', 'command'],
    ['timeout 600 qemu-system-x86_64 -m 1', 'timeout'],
    ['timeout -k 5 --signal=TERM 10m qemu-system-x86_64 -m 1', 'timeout with options'],
    ['chrt --rr 20 qemu-system-x86_64 -m 1', 'chrt with a long policy'],
    ['ionice -c2 -n7 qemu-system-x86_64 -m 1', 'ionice glued'],
    ['nice --adjustment=5 qemu-system-x86_64 -m 1', 'nice long'],
    ['stdbuf -oL qemu-system-x86_64 -m 1', 'stdbuf'],
    ['setsid -f qemu-system-x86_64 -m 1', 'setsid'],
    ['exec -a vm1 qemu-system-x86_64 -m 1', 'exec -a'],
    ['/usr/bin/sudo -n /usr/bin/numactl --membind 1 qemu-system-x86_64 -m 1', 'prefixes by path'],
    ['sudo -- qemu-system-x86_64 -m 1', 'sudo --'],
    ['numactl --cpunod=0 qemu-system-x86_64 -m 1', 'an abbreviated long option'],
    ['VAR=x OTHER="a b" qemu-system-x86_64 -m 1', 'leading assignments'],
    ['exec sudo -E numactl -N 0 -m 0 taskset -c 0-3 nice -n 5 qemu-system-x86_64 -m 1', 'a combination'],
    ['VAR=1 exec env A=b sudo qemu-system-x86_64 -m 1', 'assignments then prefixes'],
  ];
  for (const [line, what] of cases) {
    it(`sees through ${what}`, () => {
      const text = `${line}\n`;
      const inv = only(text);
      assert.equal(inv.program.text, 'qemu-system-x86_64');
      assert.deepEqual(inv.program.span, at(text, 'qemu-system-x86_64'));
      assert.deepEqual(texts(inv.args), ['-m', '1']);
      assert.deepEqual(inv.span, at(text, line), 'the invocation covers the prefixes');
    });
  }

  it('a prefix stored in a variable is split and seen through', () => {
    const text = 'RUN="sudo -E numactl -N 1"\n$RUN qemu-system-x86_64 -m 1\n';
    const inv = only(text);
    assert.deepEqual(inv.program.span, at(text, 'qemu-system-x86_64'));
  });

  it('an unknown word among the prefix options does not hide QEMU written after it', () => {
    const text = 'numactl $NUMA_OPTS qemu-system-x86_64 -m 1\n$WRAPPER qemu-kvm -m 2\n';
    const r = shell(text);
    assert.deepEqual(
      r.invocations.map((i) => i.program.span),
      [at(text, 'qemu-system-x86_64'), at(text, 'qemu-kvm')],
    );
    assert.deepEqual(r.diagnostics, [], 'words before the program are not QEMU arguments');
  });

  it('forms that run nothing are not invocations', () => {
    for (const line of [
      'which qemu-system-x86_64',
      'command -v qemu-system-x86_64',
      'type qemu-system-x86_64',
      'taskset -p 0x3 1234',
      'sudo -l qemu-system-x86_64',
      'echo qemu-system-x86_64 -m 1',
      'ls -l /usr/bin/qemu-system-x86_64',
      'numactl --hardware',
      'ionice -p 1234',
      'chrt -p 5 1234',
      'exec >log 2>&1',
      'env -S "qemu-system-x86_64 -m 1"',
    ]) {
      assert.equal(shell(`${line}\n`).invocations.length, 0, line);
    }
  });
});

describe('not invocations', () => {
  it('comments, strings and heredocs are never commands or arguments', () => {
    const text = [
      '# qemu-system-x86_64 -m 1',
      'echo "qemu-system-x86_64 -m 2"',
      "echo 'qemu-system-x86_64 -m 3'",
      'cat <<EOF',
      'qemu-system-x86_64 -m 4',
      'EOF',
      'cat <<-"EOF" > run.sh',
      '\tqemu-system-x86_64 -m 5 $(date)',
      '\tEOF',
      'bash -c "qemu-system-x86_64 -m 6"',
      'qemu-system-x86_64 -m 7 # -m 8',
      '',
    ].join('\n');
    const r = shell(text);
    assert.equal(r.invocations.length, 1);
    assert.deepEqual(texts(r.invocations[0].args), ['-m', '7']);
    assert.deepEqual(r.invocations[0].span, at(text, 'qemu-system-x86_64 -m 7'));
    assert.deepEqual(r.diagnostics, []);
  });

  it('a heredoc fed to QEMU is not part of its arguments', () => {
    const text = 'qemu-system-x86_64 -m 1 -monitor stdio <<EOF\ninfo mtree\nEOF\n';
    assert.deepEqual(texts(only(text).args), ['-m', '1', '-monitor', 'stdio']);
  });
});

describe('invocations in any statement', () => {
  it('finds invocations in functions, if/elif/else, loops, case, subshells, pipelines, lists and groups', () => {
    const text = [
      'start() { qemu-system-x86_64 -name a; }',
      'if true; then qemu-system-x86_64 -name b; elif false; then qemu-system-x86_64 -name c; else qemu-system-x86_64 -name d; fi',
      'for i in 1 2; do qemu-system-x86_64 -name e; done',
      'while false; do qemu-system-x86_64 -name f; done',
      'until true; do qemu-system-x86_64 -name g; done',
      'case "$1" in start) qemu-system-x86_64 -name h ;; *) exit 1 ;; esac',
      '( qemu-system-x86_64 -name i )',
      'qemu-system-x86_64 -name j | tee log',
      'true && qemu-system-x86_64 -name k || qemu-system-x86_64 -name l',
      '{ qemu-system-x86_64 -name m; }',
      '! qemu-system-x86_64 -name n &',
      'pid=$(qemu-system-x86_64 -name o -daemonize)',
      '',
    ].join('\n');
    const r = shell(text);
    assert.deepEqual(
      r.invocations.map((i) => i.args[1].text),
      'abcdefghijklmno'.split(''),
    );
    for (const inv of r.invocations) {
      const name = inv.args[1].text;
      const nameAt = at(text, `-name ${name}`).start + '-name '.length;
      assert.deepEqual(inv.args[1].span, { start: nameAt, end: nameAt + 1 });
      assert.equal(text.slice(inv.span.start, inv.span.start + 18), 'qemu-system-x86_64');
    }
  });

  it('an invocation followed by redirections keeps the arguments after them', () => {
    const text = 'qemu-system-x86_64 -m 1 >log 2>&1 -smp 2 </dev/null -nographic\n';
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-m', '1', '-smp', '2', '-nographic']);
    assert.deepEqual(sources(text, inv.args).slice(2), ['-smp', '2', '-nographic']);
    assert.deepEqual(inv.span, at(text, text.trimEnd()));
  });
});

describe('more program forms', () => {
  it('a program and its options kept in an array', () => {
    const text = 'QEMU=(sudo qemu-system-x86_64 -enable-kvm)\n"${QEMU[@]}" -m 1G\n';
    const inv = only(text);
    assert.deepEqual(inv.program.span, at(text, 'qemu-system-x86_64'));
    assert.deepEqual(texts(inv.args), ['-enable-kvm', '-m', '1G']);
  });

  it('a command after a heredoc in a pipeline is an invocation; the heredoc body is not', () => {
    const text = 'cat <<EOF | qemu-system-x86_64 -m 1G -monitor stdio\nqemu-system-x86_64 -m 2G\nEOF\n';
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-m', '1G', '-monitor', 'stdio']);
    assert.deepEqual(inv.span, at(text, 'qemu-system-x86_64 -m 1G -monitor stdio'));
  });

  it('function keyword form and $"..." strings', () => {
    const text = 'function start {\n  qemu-system-x86_64 -name $"vm"\n}\n';
    const inv = only(text);
    assert.deepEqual(texts(inv.args), ['-name', 'vm']);
    assert.deepEqual(inv.args[1].span, at(text, '$"vm"'));
  });

  it('a command inside $(...) in the arguments is not mistaken for the invocation', () => {
    const text = 'qemu-system-x86_64 -smp $(nproc) -m 1G\n';
    const r = shell(text);
    assert.equal(r.invocations.length, 1);
    assert.deepEqual(r.invocations[0].span, at(text, text.trimEnd()));
  });
});
