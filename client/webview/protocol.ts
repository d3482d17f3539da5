// The messages between the extension and the address-map webview, and the shape checks each side
// runs before trusting what the other sent. Kept free of `vscode` and of the DOM so both the
// extension bundle and the webview bundle import it, and node tests can too.
import type { InvocationMapJson } from '../../server/src/analysis/mapJson';

export type { InvocationMapJson };

/** Where the map came from: shown in the header and kept in the webview state for the serializer. */
export interface MapSource {
  uri: string;
  /** Short name for the header (the file's base name). */
  label: string;
  /** 0-based, as LSP positions are. */
  position: { line: number; character: number };
}

/**
 * What `Verify with QEMU` found for the invocation the panel shows: a status line for the header
 * and, per table row (`e820:i`, `srat:i`, `device:<id>`), null when QEMU built the same entry or
 * QEMU's value when it did not.
 */
export interface VerifyMarks {
  /** The map line (1-based, as InvocationMapJson.line) the marks belong to. */
  line: number;
  status: 'running' | 'agrees' | 'differs' | 'unverifiable' | 'failed';
  /** "agrees with QEMU 7.2.22", "2 differences with QEMU 7.2.22", or why nothing was verified. */
  headline: string;
  /** The version note, assumptions, notes and differences that belong to no row. */
  details: string[];
  rows: Record<string, string | null>;
}

export type ToWebview =
  | { command: 'update'; source: MapSource; map: InvocationMapJson }
  | { command: 'empty'; source: MapSource | null; message: string }
  | { command: 'verified'; marks: VerifyMarks | null };

export type FromWebview =
  | { command: 'ready' }
  /** The toolbar's "Verify with QEMU" button. */
  | { command: 'verify' }
  /** 1-based line of the script, as the map's lines are. */
  | { command: 'reveal'; line: number }
  | { command: 'export'; format: 'svg' | 'markdown'; content: string }
  | { command: 'copy'; text: string };

/** Exports larger than this are refused: a webview has no business sending more. */
export const MAX_EXPORT_CHARS = 8_000_000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHex = (v: unknown): v is string => typeof v === 'string' && /^0x[0-9a-f]{1,16}$/.test(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isLine = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const isString = (v: unknown): v is string => typeof v === 'string';
const isRange = (v: unknown): v is Json => isObject(v) && isHex(v.start) && isHex(v.length);
const isArrayOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);
/** QEMU's refusal: a diagnostic code and its message (an unplaced device's reason, a refused line). */
const isReason = (v: unknown): v is Json => isObject(v) && isString(v.code) && isString(v.message);

/** Structural check of a map from the server: every field the webview reads, with its type. */
export function isInvocationMapJson(v: unknown): v is InvocationMapJson {
  if (!isObject(v)) return false;
  return (
    isLine(v.line) &&
    isString(v.machine) &&
    isHex(v.ramSize) &&
    isArrayOf(v.e820, (e) => isRange(e) && isCount(e.type)) &&
    isArrayOf(v.srat, (e) => isRange(e) && isCount(e.node) && isCount(e.flags)) &&
    isArrayOf(
      v.memoryDevices,
      (d) => isRange(d) && isString(d.id) && isString(d.type) && isCount(d.node) && isLine(d.line),
    ) &&
    (v.unplaced === undefined ||
      isArrayOf(
        v.unplaced,
        (d) =>
          isObject(d) &&
          isString(d.id) &&
          isString(d.type) &&
          isLine(d.line) &&
          (d.reason === null || isReason(d.reason)),
      )) &&
    (v.deviceMemory === null || isRange(v.deviceMemory)) &&
    isHex(v.below4g) &&
    isHex(v.above4g) &&
    isHex(v.above4gStart) &&
    (v.cpuVendor === 'amd' || v.cpuVendor === 'intel') &&
    typeof v.vendorAssumed === 'boolean' &&
    isArrayOf(
      v.nodes,
      (n) =>
        isRange(n) &&
        isCount(n.node) &&
        (n.memdev === undefined || n.memdev === null || isString(n.memdev)) &&
        isString(n.memmapType) &&
        isLine(n.line),
    ) &&
    isArrayOf(
      v.diagnostics,
      (d) =>
        isObject(d) &&
        isLine(d.line) &&
        isLine(d.endLine) &&
        isString(d.severity) &&
        isString(d.code) &&
        isString(d.message),
    ) &&
    typeof v.incomplete === 'boolean' &&
    (v.refused === null || (isReason(v.refused) && isLine(v.refused.line)))
  );
}

export function isMapSource(v: unknown): v is MapSource {
  return (
    isObject(v) &&
    isString(v.uri) &&
    isString(v.label) &&
    isObject(v.position) &&
    isCount(v.position.line) &&
    isCount(v.position.character)
  );
}

const VERIFY_STATUSES = ['running', 'agrees', 'differs', 'unverifiable', 'failed'];

export function isVerifyMarks(v: unknown): v is VerifyMarks {
  return (
    isObject(v) &&
    isLine(v.line) &&
    VERIFY_STATUSES.includes(v.status as string) &&
    isString(v.headline) &&
    isArrayOf(v.details, isString) &&
    isObject(v.rows) &&
    Object.values(v.rows).every((r) => r === null || isString(r))
  );
}

export function isToWebview(v: unknown): v is ToWebview {
  if (!isObject(v)) return false;
  if (v.command === 'verified') return v.marks === null || isVerifyMarks(v.marks);
  if (v.command === 'update') return isMapSource(v.source) && isInvocationMapJson(v.map);
  if (v.command === 'empty') return (v.source === null || isMapSource(v.source)) && isString(v.message);
  return false;
}

/** The extension's check of what the webview posts; `maxLine` is the document's line count. */
export function parseFromWebview(v: unknown, maxLine: number): FromWebview | undefined {
  if (!isObject(v)) return undefined;
  switch (v.command) {
    case 'ready':
      return { command: 'ready' };
    case 'verify':
      return { command: 'verify' };
    case 'reveal':
      return isLine(v.line) && v.line <= maxLine ? { command: 'reveal', line: v.line } : undefined;
    case 'export':
      return (v.format === 'svg' || v.format === 'markdown') &&
        isString(v.content) &&
        v.content.length <= MAX_EXPORT_CHARS
        ? { command: 'export', format: v.format, content: v.content }
        : undefined;
    case 'copy':
      return isString(v.text) && v.text.length <= MAX_EXPORT_CHARS ? { command: 'copy', text: v.text } : undefined;
    default:
      return undefined;
  }
}
