// What the three argument parsers (QemuOpts, keyval, JSON) hand to parse.ts: key/value pieces
// with offsets into the argument word's text, and problems with offsets of their own. parse.ts
// maps the offsets to document spans through wordSpan, once.

export interface RawProp {
  key: string;
  value: string;
  implied: boolean;
  flag?: 'on' | 'off';
  json?: unknown;
  /** Offsets into the word's text. For an implied key, the key range is the value range. */
  keyFrom: number;
  keyTo: number;
  valueFrom: number;
  valueTo: number;
  from: number;
  to: number;
}

export interface RawProblem {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'information';
  code: string;
  message: string;
  /** Replacement for text[from, to) that QEMU's own message suggests. */
  replacement?: { title: string; newText: string };
}

export interface Split {
  props: RawProp[];
  problems: RawProblem[];
}
