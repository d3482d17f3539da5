// Completion inside QEMU command lines: option names, the type after -device/-object/-numa/
// -machine (memory-related first), the properties of that type with their type and default,
// and values — enums and on|off, machine types, the script's own backend and node ids, sizes.
import { CompletionItemKind, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { Analysis, InvocationAnalysis } from '../analysis/index';
import { cursorContext, type CursorContext } from '../featureSupport/cursor';
import { definedIds, idOccurrences } from '../featureSupport/ids';
import { propertyDetail, schemaFor, type SchemaView } from '../featureSupport/schemaView';
import { toRange } from '../featureSupport/convert';

const COMMON_SIZES = ['512M', '1G', '2G', '4G', '8G', '16G', '32G', '64G', '128G', '256G'];
/** Keys whose value names a NUMA node defined by -numa node,nodeid=. */
const NODE_REF_KEYS = new Set(['node', 'src', 'dst', 'node-id', 'initiator', 'target']);

export function completion(analysis: Analysis, position: Position): CompletionItem[] {
  const offset = analysis.lines.offsetAt(position);
  const schema = schemaFor(analysis.settings);
  const ctx = cursorContext(analysis, offset, schema);
  if (!ctx) return [];
  // Clients only take a replace range on the cursor's line; a word that runs over several lines
  // (an unclosed $( or quote swallowing the rest) gets an empty range at the cursor instead.
  const sameLine = analysis.lines.positionAt(ctx.replace.start).line === analysis.lines.positionAt(offset).line;
  const range = toRange(
    analysis,
    sameLine && ctx.replace.start <= offset ? ctx.replace : { start: offset, end: offset },
  );
  const items =
    ctx.kind === 'optionName' ? optionNames(schema, ctx) : ctx.kind === 'optionArg' ? argument(schema, ctx) : [];
  for (const item of items) item.textEdit ??= { range, newText: item.insertText ?? item.label };
  for (const item of items) delete item.insertText;
  return items;
}

function optionNames(schema: SchemaView, ctx: CursorContext): CompletionItem[] {
  const dashes = ctx.typed.startsWith('--') ? '--' : '-';
  return schema.options().map((o) => ({
    label: `-${o.name}`,
    kind: CompletionItemKind.Keyword,
    detail: o.help || o.usage[0],
    documentation: o.usage.length
      ? { kind: MarkupKind.Markdown, value: '```\n' + o.usage.join('\n') + '\n```' }
      : undefined,
    filterText: `${dashes}${o.name}`,
    insertText: `${dashes}${o.name}`,
    sortText: (MEMORY_OPTIONS.has(o.name) ? '0' : '1') + o.name,
  }));
}

const MEMORY_OPTIONS = new Set(['m', 'machine', 'numa', 'object', 'device', 'smp', 'cpu']);

function argument(schema: SchemaView, ctx: CursorContext): CompletionItem[] {
  const option = ctx.optionName!;
  const part = ctx.part!;
  if (part.key === undefined) {
    const items: CompletionItem[] = [];
    if (part.firstPart && schema.impliedKey(option)) items.push(...firstValues(schema, ctx, option));
    items.push(...keys(schema, ctx, option));
    return items;
  }
  return values(schema, ctx, option, part.key);
}

/** What may be written without a key at the start of the argument: the type, or -m's size. */
function firstValues(schema: SchemaView, ctx: CursorContext, option: string): CompletionItem[] {
  if (option === 'm') return sizes();
  return schema.types(option).map((t) => ({
    label: t.name,
    kind: CompletionItemKind.Class,
    detail: t.help,
    tags: t.deprecated ? [1] : undefined,
    sortText: (t.memory ? '0' : '1') + t.name,
  }));
}

function keys(schema: SchemaView, ctx: CursorContext, option: string): CompletionItem[] {
  // After the implied first value, the properties of that type; with no type yet, none make sense
  // for -device/-object (QEMU needs the type first) but they do for -m, -machine, -smp, ...
  const typed = ctx.type;
  if ((option === 'device' || option === 'object' || option === 'numa') && !typed) return [];
  return schema
    .properties(option, typed)
    .filter((p) => !ctx.presentKeys.has(p.name))
    .map((p) => ({
      label: p.name,
      kind: CompletionItemKind.Property,
      detail: propertyDetail(p),
      documentation: p.help,
      insertText: `${p.name}=`,
      sortText: (IMPORTANT_KEYS.has(p.name) ? '0' : '1') + p.name,
    }));
}

const IMPORTANT_KEYS = new Set([
  'id',
  'size',
  'memdev',
  'node',
  'nodeid',
  'addr',
  'maxmem',
  'slots',
  'memmap-type',
  'cpus',
]);

function values(schema: SchemaView, ctx: CursorContext, option: string, key: string): CompletionItem[] {
  const inv = ctx.inv;
  if (key === 'memdev' || (option === 'machine' && key === 'memory-backend')) return backendIds(inv, ctx);
  if (option === 'numa' && key === 'nodeid') return freeNodeIds(inv);
  if (NODE_REF_KEYS.has(key) && (option === 'numa' || option === 'device')) {
    return definedIds(inv, 'node').map((id) => ({
      label: id,
      kind: CompletionItemKind.Reference,
      detail: 'NUMA node',
    }));
  }
  if (key === schema.impliedKey(option) && option !== 'm') return firstValues(schema, ctx, option);
  const p = schema.property(option, ctx.type, key);
  if (p?.values?.length) {
    return p.values.map((v, i) => ({
      label: v,
      kind: CompletionItemKind.EnumMember,
      detail: p.name,
      sortText: String(i).padStart(3, '0'),
    }));
  }
  if ((p && /size/.test(p.type)) || ['size', 'maxmem', 'mem'].includes(key)) return sizes();
  return [];
}

function sizes(): CompletionItem[] {
  return COMMON_SIZES.map((s, i) => ({
    label: s,
    kind: CompletionItemKind.Value,
    detail: 'size',
    sortText: String(i).padStart(3, '0'),
  }));
}

/** The script's memory backends that no node, device or machine uses yet (the one being edited aside). */
function backendIds(inv: InvocationAnalysis, ctx: CursorContext): CompletionItem[] {
  const used = new Set(
    idOccurrences(inv)
      .filter(
        (o) =>
          o.kind === 'object' && !o.definition && !(o.prop.span.start <= ctx.offset && ctx.offset <= o.prop.span.end),
      )
      .map((o) => o.name),
  );
  const backends = new Map(inv.machine.backends.map((b) => [b.id, b]));
  return definedIds(inv, 'object')
    .filter((id) => !used.has(id) && (backends.has(id) || !inv.machine.backends.length))
    .map((id) => {
      const b = backends.get(id);
      return { label: id, kind: CompletionItemKind.Reference, detail: b ? b.qomType : 'object' };
    });
}

function freeNodeIds(inv: InvocationAnalysis): CompletionItem[] {
  const used = new Set(definedIds(inv, 'node').map(Number));
  let next = 0;
  while (used.has(next)) next++;
  return [{ label: String(next), kind: CompletionItemKind.Value, detail: 'next free NUMA node id' }];
}
