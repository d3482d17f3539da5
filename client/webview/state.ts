// What the webview keeps with setState: enough to redraw at once after a reload or when a hidden
// panel is shown again, and for the extension's serializer to know which script it showed.
// Whatever getState returns is checked field by field: it may come from an older version.
import {
  isInvocationMapJson,
  isMapSource,
  isVerifyMarks,
  type InvocationMapJson,
  type MapSource,
  type VerifyMarks,
} from './protocol';

export const ZOOMS = [1, 1.5, 2, 3, 4, 6, 8, 12, 16];

export interface State {
  source?: MapSource;
  map?: InvocationMapJson;
  message?: string;
  zoom: number;
  scrollLeft: number;
  focusKey?: string;
  /** What Verify with QEMU found for the map shown. */
  marks?: VerifyMarks;
}

export function restoreState(raw: unknown): State {
  const st: State = { zoom: 1, scrollLeft: 0 };
  if (typeof raw !== 'object' || raw === null) return st;
  const r = raw as Record<string, unknown>;
  if (isMapSource(r.source)) st.source = r.source;
  if (isInvocationMapJson(r.map)) st.map = r.map;
  if (typeof r.message === 'string') st.message = r.message;
  if (typeof r.zoom === 'number' && ZOOMS.includes(r.zoom)) st.zoom = r.zoom;
  if (typeof r.scrollLeft === 'number' && Number.isFinite(r.scrollLeft)) st.scrollLeft = r.scrollLeft;
  if (typeof r.focusKey === 'string') st.focusKey = r.focusKey;
  if (isVerifyMarks(r.marks) && r.marks.status !== 'running') st.marks = r.marks;
  return st;
}
