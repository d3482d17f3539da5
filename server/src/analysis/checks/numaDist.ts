// -numa dist (hw/core/numa.c parse_numa_distance): each option, then validate_numa_distance over the table.
import type { Diagnostic } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import { insertOptionAfter, insertOptionBefore, mergeInserts, replaceValue } from './edits';
import { lastProp } from '../options/lookup';
import { propNumber as num } from '../options/values';
import { MAX_NODES } from './numa';

/** parse_numa_distance: -numa dist, per option and then the completeness of the whole table. */
export function checkDist(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  const dists = ctx.machine.declared.numaDist;
  if (!dists.length || f.nodes.some((n) => n.nodeid === undefined)) return out;
  const present = new Set(f.nodes.map((n) => n.nodeid!));
  const table = new Map<string, number>();
  const guessed = new Set<string>();
  let bad = false;
  for (const o of dists) {
    const srcP = lastProp(o, 'src');
    const dstP = lastProp(o, 'dst');
    const valP = lastProp(o, 'val');
    const src = num(srcP);
    const dst = num(dstP);
    const val = num(valP);
    if (src === undefined || dst === undefined || val === undefined) {
      bad = true;
      continue;
    }
    if (src === null || dst === null || val === null) {
      bad = true;
      continue;
    } // "Parameter '...' is missing": the property checker's
    const range = src >= MAX_NODES ? srcP! : dst >= MAX_NODES ? dstP! : undefined;
    if (range) {
      out.push(
        diag(
          'QL-numa-012',
          'error',
          range.valueSpan,
          `Parameter '${range.key}' expects an integer between 0 and ${MAX_NODES - 1}`,
        ),
      );
      bad = true;
      continue;
    }
    if (!present.has(src) || !present.has(dst)) {
      const which = !present.has(src) ? srcP! : dstP!;
      const id = Number(which.value);
      const declare =
        id === present.size && f.nodes.length === present.size
          ? {
              title: `Declare -numa node,nodeid=${id}`,
              // After the last node; with no node at all (id 0), before this dist option.
              edits: [
                f.nodes.length
                  ? insertOptionAfter(ctx, f.nodes[f.nodes.length - 1].option, `-numa node,nodeid=${id}`)
                  : insertOptionBefore(ctx, o, `-numa node,nodeid=${id}`),
              ],
            }
          : undefined;
      out.push(
        diag(
          'QL-numa-013',
          'error',
          which.valueSpan,
          "Source/Destination NUMA node is missing. Please use '-numa node' option to declare it first.",
          { fixes: [declare] },
        ),
      );
      continue; // the table is still judged for the declared nodes
    }
    // A refused distance is still meant for its pair: keep the pair (value unknown) so the
    // completeness rules below report only what is really missing, all at once.
    if (val < 10) {
      const e = replaceValue(valP!, src === dst ? '10' : '20');
      out.push(
        diag(
          'QL-numa-014',
          'error',
          valP!.valueSpan,
          `NUMA distance (${val}) is invalid, it shouldn't be less than 10.`,
          { fixes: [e && { title: `Set val=${src === dst ? 10 : 20}`, edits: [e] }] },
        ),
      );
      if (src !== dst) guessed.add(`${src},${dst}`);
      continue;
    }
    if (src === dst && val !== 10) {
      const e = replaceValue(valP!, '10');
      out.push(
        diag('QL-numa-015', 'error', valP!.valueSpan, `Local distance of node ${src} should be 10.`, {
          fixes: [e && { title: 'Set val=10', edits: [e] }],
        }),
      );
      continue;
    }
    table.set(`${src},${dst}`, val);
  }
  if (bad) return out;
  // validate_numa_distance(): a missing direction is mirrored unless the table is asymmetric.
  const ids = [...present].sort((a, b) => a - b);
  let symmetric = true;
  for (const a of ids)
    for (const b of ids) {
      const ab = table.get(`${a},${b}`);
      const ba = table.get(`${b},${a}`);
      if (a !== b && ab !== undefined && ba !== undefined && ab !== ba) symmetric = false;
    }
  const anchor = lastProp(dists[dists.length - 1], 'type')?.valueSpan ?? dists[dists.length - 1].nameSpan;
  const missing: [number, number][] = [];
  let oneSided = false;
  for (const a of ids)
    for (const b of ids) {
      if (a >= b) continue;
      const ab = table.get(`${a},${b}`);
      const ba = table.get(`${b},${a}`);
      const given = (x: number, y: number) => table.has(`${x},${y}`) || guessed.has(`${x},${y}`);
      if (!given(a, b) && !given(b, a)) missing.push([a, b]);
      else if (ab === undefined || ba === undefined) oneSided = oneSided || !(given(a, b) && given(b, a));
    }
  // validate_numa_distance: the missing-pair check exits before the asymmetry check.
  if (!missing.length && !symmetric && oneSided) {
    out.push(
      diag(
        'QL-numa-017',
        'error',
        anchor,
        'At least one asymmetrical pair of distances is given, please provide distances for both directions of all node pairs.',
      ),
    );
  }
  if (missing.length) {
    // QEMU names the first missing pair; the fix declares every missing pair (distance 20).
    const [a, b] = missing[0];
    const text = missing.map(([x, y]) => `-numa dist,src=${x},dst=${y},val=20`);
    out.push(
      diag(
        'QL-numa-016',
        'error',
        anchor,
        `The distance between node ${a} and ${b} is missing, at least one distance value between each nodes should be provided.`,
        {
          fixes: [
            {
              title: `Add ${text.join(' ')}`,
              edits: mergeInserts(text.map((x) => insertOptionBefore(ctx, dists[0], x))),
            },
          ],
        },
      ),
    );
  }
  return out;
}
