// The reader's decoder parses a message with long strings (a whole document) in pieces: the value,
// or the exception, must be JSON.parse's of the whole body, whatever the escapes, the characters
// (also invalid UTF-8) and the place of the long strings; and through vscode-jsonrpc's reader, in
// chunks of any size, every message arrives as sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import {
  StreamMessageReader,
  type Message,
  type NotificationMessage,
  type RequestMessage,
} from 'vscode-languageserver/node';
import { messageDecoder, parseInPieces, parseJson } from '../../../server/src/messageDecoder';

type Outcome = { value: unknown } | { error: string };

function outcome(parse: () => unknown): Outcome {
  try {
    return { value: parse() };
  } catch (e) {
    return { error: (e as Error).constructor.name };
  }
}

function assertSameAsJsonParse(bytes: Buffer): void {
  assert.deepEqual(
    outcome(() => parseJson(bytes)),
    outcome(() => JSON.parse(bytes.toString('utf-8'))),
  );
}

/** One unit of a JSON string's contents as written: a character or an escape sequence. */
const unit = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'x', ' ', '$', '-', '=', ',', '/', '0', '9') },
  { weight: 3, arbitrary: fc.constantFrom('\\n', '\\\\', '\\"', '\\/', '\\t', '\\r', '\\b', '\\f') },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 0xffff }), fc.boolean())
      .map(([c, upper]) => `\\u${c.toString(16).padStart(4, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('\\ud83d\\ude80', '\\uD83D', '\\uDE80') },
  { weight: 2, arbitrary: fc.constantFrom('é', 'ß', '€', '🚀', '中', '\u2028') },
);

/** The contents of a long JSON string: a short pattern repeated past the piece size, ends varied. */
const longContents = fc
  .tuple(fc.array(unit, { minLength: 1, maxLength: 40 }), fc.array(unit, { maxLength: 20 }), fc.nat(3))
  .map(([pattern, tail, scale]) => {
    const p = pattern.join('');
    return p.repeat(Math.ceil(((1 + scale) * 40_000) / p.length)) + tail.join('');
  });

/** A didChange-like message around one or two long strings, as raw JSON text. */
const message = fc
  .tuple(longContents, fc.option(longContents, { nil: undefined }), fc.constantFrom('uri', 'text', '__proto__'))
  .map(
    ([a, b, key]) =>
      `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///ä \\"x\\".sh","version":7},` +
      `"contentChanges":[{"text":"${a}"}${b === undefined ? '' : `,{"${key}":"${b}","range":null}`}]}}`,
  );

test('long strings with any escapes and characters decode to what JSON.parse gives', () => {
  fc.assert(
    fc.property(message, (json) => {
      const bytes = Buffer.from(json, 'utf-8');
      assertSameAsJsonParse(bytes);
      // Decoded in pieces indeed, not by falling back to the plain parse.
      assert.deepEqual(parseInPieces(bytes), JSON.parse(json));
    }),
    { numRuns: 150 },
  );
});

test('invalid messages throw as JSON.parse does; odd places of long strings decode the same', () => {
  const long = 'ab\\\\c\\"d\\n'.repeat(8000);
  const cases = [
    `{"text":"${long}`, // never closed
    `{"text":"${long}"`, // object never closed
    `{"text":"${long}\\x"}`, // an escape JSON has not
    `{"text":"${long}\\u12"}`, // a short \u escape
    `{"text":"${long}\t"}`, // a raw control character
    `{"text":"${long}"}}`, // one brace too many
    `["${long}", "${long}"]`, // two long strings in an array
    `{"${long}": 1}`, // a long key
    `{"text":"${long}","text":"short"}`, // a long value another one replaces
    `{"text":"short","text":"${long}"}`,
    `"${long}"`, // nothing but the string
    ` \r\n{"text" : "${long}" } `,
  ];
  for (const json of cases) assertSameAsJsonParse(Buffer.from(json, 'utf-8'));
  // Invalid UTF-8 inside and next to a long string: replaced the same way.
  const bytes = Buffer.concat([
    Buffer.from('{"text":"'),
    Buffer.from(long.slice(0, 50_000)),
    Buffer.from([0xe2, 0x82, 0x41, 0xff, 0xc3]),
    Buffer.from(long.slice(0, 50_000)),
    Buffer.from([0xf0, 0x9f, 0x9a]),
    Buffer.from('"}'),
  ]);
  assertSameAsJsonParse(bytes);
});

test("through vscode-jsonrpc's reader, large and small messages arrive as sent, in chunks of any size", async () => {
  const text = '#!/bin/bash\nqemu-system-x86_64 -m "4G" \\\n  -name "gäst 🚀"\n'.repeat(3000);
  const messages: (NotificationMessage | RequestMessage)[] = [
    { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///a', text } } },
    { jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { position: { line: 1, character: 2 } } },
    {
      jsonrpc: '2.0',
      method: 'textDocument/didChange',
      params: { textDocument: { uri: 'file:///a', version: 2 }, contentChanges: [{ text: text + '\n' }] },
    },
  ];
  const framed = Buffer.concat(
    messages.map((m) => {
      const body = Buffer.from(JSON.stringify(m), 'utf-8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    }),
  );
  for (const chunk of [1 << 16, 7_777, framed.length]) {
    const input = new PassThrough();
    const reader = new StreamMessageReader(input, { contentTypeDecoder: messageDecoder });
    const received: Message[] = [];
    const all = new Promise<void>((done) => {
      reader.listen((m) => {
        received.push(m);
        if (received.length === messages.length) done();
      });
    });
    for (let i = 0; i < framed.length; i += chunk) input.write(framed.subarray(i, i + chunk));
    await all;
    assert.deepEqual(received, messages);
    reader.dispose();
    input.destroy();
  }
});
