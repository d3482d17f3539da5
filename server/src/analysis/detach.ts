// V8 represents a long substring as a view of the string it was cut from, so one word kept in a
// cache would keep the whole document text of its version alive: a cache holding results from
// many versions would hold many copies of a 10,000-line script. Caches keep detached copies.

/** The same string, not sharing storage with a larger one (short strings are copied anyway). */
export function detach(s: string): string {
  if (s.length < 13) return s;
  // Concatenation then slicing makes V8 flatten into a fresh buffer the slice then points into.
  return ` ${s}`.slice(1);
}
