// The address-map webview: receives InvocationMapJson from the extension (shape-checked), draws it
// with picture.ts and tables.ts, and posts back only {command:'ready'|'reveal'|'export'|'copy'}.
// State (the last map, zoom, scroll, focused range) is kept with setState so a reload or a
// hidden-and-shown panel comes back as it was.
import { h } from './dom';
import { buildModel, describe, humanSize, type MapModel, type RangeItem } from './viewModel';
import { drawPicture, type Picture } from './picture';
import { renderTables, tablesMarkdown } from './tables';
import { standaloneSvg } from './exportSvg';
import { renderLegend } from './legend';
import { nextRange } from './keyboard';
import { restoreState, ZOOMS, type State } from './state';
import { isToWebview, type FromWebview, type InvocationMapJson, type VerifyMarks } from './protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: State): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const state = restoreState(vscode.getState());

// The page skeleton is built once; updates replace only what changed inside it, so the panel
// neither flickers nor loses its scroll position.
const title = h('h1', { class: 'title' }, 'QEMU address map');
const meta = h('p', { class: 'meta' });
const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
// "agrees with QEMU 7.2.22" / "N differences with QEMU X" after Verify with QEMU, with its notes.
const verifyStatus = h('p', { class: 'verify-status', role: 'status', 'aria-live': 'polite', hidden: '' });
const verifyDetails = h('ul', { class: 'verify-details', hidden: '' });
// A line QEMU refuses still gets its picture (it shows what the line asks for), under a banner
// that says no guest gets this map.
const refusedBanner = h('p', { class: 'refused', role: 'alert', hidden: '' });
const diagList = h('ul', { class: 'diagnostics', 'aria-label': 'Problems of this invocation' });
const diagSummary = h('summary');
// Long lists fold away so the picture stays near the top; short ones start open.
const diagBox = h('details', { class: 'diagnostics-box' }, undefined, [diagSummary, diagList]);
const zoomOut = h('button', { type: 'button', class: 'zoom-out', title: 'Zoom out', 'aria-label': 'Zoom out' }, '−');
const zoomLabel = h('span', { class: 'zoom-level', 'aria-live': 'polite' });
const zoomIn = h('button', { type: 'button', class: 'zoom-in', title: 'Zoom in', 'aria-label': 'Zoom in' }, '+');
const copyButton = h('button', { type: 'button', class: 'copy-tables' }, 'Copy tables');
const exportSvgButton = h('button', { type: 'button', class: 'export-svg' }, 'Export SVG…');
const exportMdButton = h('button', { type: 'button', class: 'export-markdown' }, 'Export Markdown…');
const verifyButton = h(
  'button',
  { type: 'button', class: 'verify', title: 'Run your QEMU on this command (no guest) and compare its map' },
  'Verify with QEMU',
);
const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Map tools' }, undefined, [
  zoomOut,
  zoomLabel,
  zoomIn,
  copyButton,
  exportSvgButton,
  exportMdButton,
  verifyButton,
]);
const scroller = h('div', { class: 'picture', tabindex: -1 });
const legend = h('div', { class: 'legend', 'aria-label': 'Legend' });
const tables = h('section', { class: 'tables-section', 'aria-label': 'Tables' });
const tooltip = h('div', { class: 'tooltip', id: 'tooltip', role: 'tooltip', hidden: '' });
document.body.append(
  title,
  meta,
  verifyStatus,
  verifyDetails,
  refusedBanner,
  status,
  diagBox,
  toolbar,
  scroller,
  legend,
  tables,
  tooltip,
);

let picture: Picture | undefined;
let model: MapModel | undefined;
let items = new Map<string, RangeItem>();
let drawnWidth = 0;

function save(): void {
  vscode.setState(state);
}

function pictureWidth(): number {
  return Math.round(Math.max(480, scroller.clientWidth || 640) * state.zoom);
}

/** The marks of the invocation shown now (marks of another one, or of an older map, are not shown). */
function currentMarks(): VerifyMarks | undefined {
  return state.marks && state.map && state.marks.line === state.map.line ? state.marks : undefined;
}

function renderVerify(): void {
  const marks = currentMarks();
  verifyStatus.hidden = !marks;
  verifyStatus.textContent = marks?.headline ?? '';
  verifyStatus.className = `verify-status verify-${marks?.status ?? 'none'}`;
  verifyDetails.hidden = !marks?.details.length;
  verifyDetails.replaceChildren(...(marks?.details ?? []).map((d) => h('li', {}, d)));
  verifyButton.toggleAttribute('disabled', marks?.status === 'running');
}

function render(): void {
  zoomLabel.textContent = `${Math.round(state.zoom * 100)}%`;
  renderVerify();
  const map = state.map;
  if (!map) {
    picture = undefined;
    model = undefined;
    items = new Map();
    title.textContent = 'QEMU address map';
    meta.textContent = '';
    refusedBanner.hidden = true;
    document.body.classList.remove('refused-map');
    status.textContent = state.message ?? 'Put the cursor on a qemu-system-x86_64 command line.';
    diagList.replaceChildren();
    diagBox.hidden = true;
    scroller.replaceChildren();
    legend.replaceChildren();
    tables.replaceChildren();
    document.body.classList.add('no-map');
    return;
  }
  document.body.classList.remove('no-map');
  const where = state.source ? `${state.source.label}:${map.line}` : `line ${map.line}`;
  title.textContent = map.refused ? `Address map — ${where} (QEMU would refuse this line)` : `Address map — ${where}`;
  refusedBanner.hidden = !map.refused;
  refusedBanner.textContent = map.refused
    ? `QEMU would refuse this command line (line ${map.refused.line}: ${map.refused.code} ${map.refused.message.split('\n')[0]}). The map shows what the line asks for; no guest gets it.`
    : '';
  document.body.classList.toggle('refused-map', !!map.refused);
  meta.textContent =
    `machine ${map.machine}, ${humanSize(BigInt(map.ramSize))} RAM (${humanSize(BigInt(map.below4g))} below 4 GiB, ` +
    `${humanSize(BigInt(map.above4g))} from ${map.above4gStart}), CPU vendor ${map.cpuVendor}${map.vendorAssumed ? ' (assumed)' : ''}` +
    (map.acpi === false ? '; ACPI off (acpi=off): QEMU builds no ACPI tables, no SRAT' : '') +
    (map.unplaced?.length
      ? `; ${map.unplaced.length} memory device${map.unplaced.length === 1 ? '' : 's'} not placed (QEMU refuses ${map.unplaced.length === 1 ? 'it' : 'them'}: see the table below)`
      : '');
  status.textContent =
    state.message ?? (map.incomplete ? 'Part of the command line could not be resolved: the map may be wrong.' : '');

  model = buildModel(map);
  items = new Map(model.lanes.flatMap((l) => l.items).map((i) => [i.key, i]));
  renderDiagnostics(map, model);
  // A live update keeps where the view is now; a fresh page (reload) goes back to the saved spot.
  const scrollLeft = scroller.firstChild ? scroller.scrollLeft : state.scrollLeft;
  const hadFocus = scroller.contains(document.activeElement);
  drawnWidth = pictureWidth();
  picture = drawPicture(model, drawnWidth, `Guest physical address map of ${where}`);
  scroller.replaceChildren(picture.svg);
  scroller.scrollLeft = scrollLeft;
  state.scrollLeft = scroller.scrollLeft;
  setRoving(
    state.focusKey && items.has(state.focusKey)
      ? state.focusKey
      : picture.order.find((l) => l.items.length)?.items[0]?.key,
    hadFocus,
  );
  legend.replaceChildren(...renderLegend(model, picture.axis));
  tables.replaceChildren(renderTables(map, currentMarks()));
  tooltip.hidden = true;
}

function renderDiagnostics(map: InvocationMapJson, m: MapModel): void {
  const count = (sev: string) => map.diagnostics.filter((d) => d.severity === sev).length;
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('information') + count('hint'), 'note'],
  ].filter(([n]) => n) as [number, string][];
  diagSummary.textContent = parts.map(([n, what]) => `${n} ${what}${n > 1 ? 's' : ''}`).join(', ');
  diagBox.hidden = map.diagnostics.length === 0;
  if (diagBox.dataset.line !== String(map.line)) {
    // Open/closed is the user's choice for one invocation; a new invocation starts afresh.
    diagBox.open = map.diagnostics.length <= 4 && count('error') + count('warning') > 0;
    diagBox.dataset.line = String(map.line);
  }
  diagList.replaceChildren(
    ...map.diagnostics.map((d) => {
      const button = h(
        'button',
        { type: 'button', class: `diagnostic severity-${d.severity}`, 'data-line': d.line },
        `${d.severity} ${d.code} (line ${d.line}): ${d.message}`,
      );
      return h('li', { class: m.looseDiagnostics.includes(d) ? 'loose' : undefined }, undefined, [button]);
    }),
  );
}

// --- keyboard, hover, click ---------------------------------------------------------------

function rangeOf(target: EventTarget | null): SVGGElement | undefined {
  const el = target instanceof Element ? target.closest('g.range[data-key]') : null;
  return el && scroller.contains(el) ? (el as SVGGElement) : undefined;
}

function elementFor(key: string): SVGGElement | undefined {
  return Array.from(scroller.querySelectorAll<SVGGElement>('g.range[data-key]')).find(
    (g) => g.getAttribute('data-key') === key,
  );
}

function setRoving(key: string | undefined, focus: boolean): void {
  for (const g of Array.from(scroller.querySelectorAll('g.range[data-key]'))) g.setAttribute('tabindex', '-1');
  if (!key) return;
  const g = elementFor(key);
  if (!g) return;
  g.setAttribute('tabindex', '0');
  if (focus) g.focus();
}

function showTooltip(g: SVGGElement, at?: { x: number; y: number }): void {
  const item = items.get(g.getAttribute('data-key') ?? '');
  if (!item || !state.map) return;
  tooltip.replaceChildren(
    ...describe(item, state.map).map((line, i) => h('div', { class: i === 0 ? 'tooltip-range' : undefined }, line)),
  );
  tooltip.hidden = false;
  const box = g.getBoundingClientRect();
  const x = at ? at.x + 14 : box.left;
  const y = at ? at.y + 16 : box.bottom + 6;
  const w = tooltip.offsetWidth;
  tooltip.style.left = `${Math.max(4, Math.min(x, window.innerWidth - w - 4))}px`;
  tooltip.style.top = `${y}px`;
  g.setAttribute('aria-describedby', 'tooltip');
  highlightRow(item.key, true);
}

function hideTooltip(g?: SVGGElement): void {
  tooltip.hidden = true;
  if (g) {
    g.removeAttribute('aria-describedby');
    highlightRow(g.getAttribute('data-key') ?? '', false);
  }
}

function highlightRow(key: string, on: boolean): void {
  for (const row of Array.from(tables.querySelectorAll('tr[data-key]')))
    if (row.getAttribute('data-key') === key) row.classList.toggle('highlight', on);
  elementFor(key)?.classList.toggle('highlight', on);
}

function reveal(line: number): void {
  if (Number.isSafeInteger(line) && line >= 1) vscode.postMessage({ command: 'reveal', line });
}

scroller.addEventListener('mouseover', (e) => {
  const g = rangeOf(e.target);
  if (g) showTooltip(g, { x: e.clientX, y: e.clientY });
});
scroller.addEventListener('mousemove', (e) => {
  const g = rangeOf(e.target);
  if (g && !tooltip.hidden) showTooltip(g, { x: e.clientX, y: e.clientY });
});
scroller.addEventListener('mouseout', (e) => {
  const g = rangeOf(e.target);
  if (g && !g.contains(e.relatedTarget as Node | null)) hideTooltip(g);
});
scroller.addEventListener('focusin', (e) => {
  const g = rangeOf(e.target);
  if (!g) return;
  state.focusKey = g.getAttribute('data-key') ?? undefined;
  setRoving(state.focusKey, false);
  save();
  showTooltip(g);
});
scroller.addEventListener('focusout', (e) => hideTooltip(rangeOf(e.target)));
scroller.addEventListener('click', (e) => {
  const g = rangeOf(e.target);
  if (!g) return;
  g.focus();
  reveal(Number(g.getAttribute('data-line')));
});
scroller.addEventListener('keydown', (e) => {
  const g = rangeOf(e.target);
  if (!g) return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    reveal(Number(g.getAttribute('data-line')));
    return;
  }
  if (e.key === '+' || e.key === '=' || e.key === '-') {
    e.preventDefault();
    const i = ZOOMS.indexOf(state.zoom) + (e.key === '-' ? -1 : 1);
    setZoom(ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, i))]);
    return;
  }
  const nextKey = picture ? nextRange(picture.order, g.getAttribute('data-key') ?? '', e.key) : undefined;
  const next = nextKey ? elementFor(nextKey) : undefined;
  if (next) {
    e.preventDefault();
    next.focus();
    next.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }
});
scroller.addEventListener('scroll', () => {
  state.scrollLeft = scroller.scrollLeft;
  save();
});

tables.addEventListener('mouseover', (e) => {
  const row = e.target instanceof Element ? e.target.closest('tr[data-key]') : null;
  if (row) highlightRow(row.getAttribute('data-key') ?? '', true);
});
tables.addEventListener('mouseout', (e) => {
  const row = e.target instanceof Element ? e.target.closest('tr[data-key]') : null;
  if (row) highlightRow(row.getAttribute('data-key') ?? '', false);
});
// A table row stands for a drawn range: clicking it reveals the same script line.
tables.addEventListener('click', (e) => {
  const row = e.target instanceof Element ? e.target.closest('tr[data-key]') : null;
  const item = row ? items.get(row.getAttribute('data-key') ?? '') : undefined;
  // Selecting text to copy must not jump to the editor.
  if (item && !window.getSelection()?.toString()) reveal(item.line);
});
diagList.addEventListener('click', (e) => {
  const button = e.target instanceof Element ? e.target.closest('button[data-line]') : null;
  if (button) reveal(Number(button.getAttribute('data-line')));
});

function setZoom(zoom: number): void {
  // Keep the address at the centre of the view in the centre after zooming.
  const centre = (scroller.scrollLeft + scroller.clientWidth / 2) / Math.max(1, drawnWidth);
  state.zoom = zoom;
  render();
  scroller.scrollLeft = centre * drawnWidth - scroller.clientWidth / 2;
  state.scrollLeft = scroller.scrollLeft;
  save();
}
zoomIn.addEventListener('click', () => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(state.zoom) + 1)]));
zoomOut.addEventListener('click', () => setZoom(ZOOMS[Math.max(0, ZOOMS.indexOf(state.zoom) - 1)]));

function heading(): string {
  const map = state.map!;
  return `Address map of ${state.source?.label ?? 'script'} line ${map.line} (${map.machine})`;
}
copyButton.addEventListener('click', () => {
  if (state.map) vscode.postMessage({ command: 'copy', text: tablesMarkdown(state.map, heading()) });
});
exportMdButton.addEventListener('click', () => {
  if (state.map)
    vscode.postMessage({ command: 'export', format: 'markdown', content: tablesMarkdown(state.map, heading()) });
});
verifyButton.addEventListener('click', () => vscode.postMessage({ command: 'verify' }));
exportSvgButton.addEventListener('click', () => {
  if (picture) vscode.postMessage({ command: 'export', format: 'svg', content: standaloneSvg(picture.svg) });
});

window.addEventListener('message', (e: MessageEvent) => {
  const msg: unknown = e.data;
  if (!isToWebview(msg)) {
    // Nothing from a message that failed the shape check is drawn. Only a broken map is worth
    // saying so; anything else posted to the window is not for us.
    const command = typeof msg === 'object' && msg !== null ? (msg as { command?: unknown }).command : undefined;
    if (command === 'update' || command === 'empty')
      status.textContent = 'Ignored a message that is not an address map.';
    return;
  }
  if (msg.command === 'verified') {
    state.marks = msg.marks ?? undefined;
    save();
    render();
    return;
  }
  if (msg.command === 'update') {
    const sameInvocation = state.source?.uri === msg.source.uri && state.map?.line === msg.map.line;
    if (!sameInvocation) state.focusKey = undefined;
    // What QEMU said was about the map as it was: an edit that changes it makes the marks stale.
    if (state.marks?.status !== 'running' && (!sameInvocation || JSON.stringify(state.map) !== JSON.stringify(msg.map)))
      state.marks = undefined;
    state.source = msg.source;
    state.map = msg.map;
    state.message = undefined;
  } else {
    state.source = msg.source ?? state.source;
    state.map = undefined;
    state.marks = undefined;
    state.message = msg.message;
  }
  save();
  render();
});

let resizePending = false;
new ResizeObserver(() => {
  if (resizePending) return;
  resizePending = true;
  requestAnimationFrame(() => {
    resizePending = false;
    if (state.map && pictureWidth() !== drawnWidth) render();
  });
}).observe(scroller);

render();
vscode.postMessage({ command: 'ready' });
