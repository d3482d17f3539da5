// The server's settings: one validated shape, read from whatever the client sent.
// Anything unknown or malformed falls back to the default, so a typo in settings.json never
// stops analysis (the analysis core only ever sees valid values).
import type { Settings, SpmFormSetting } from './analysis/types';
import { defaultSettings, DEFAULT_QEMU_VERSION, QEMU_VERSIONS } from './analysis/types';
import { DEFAULT_TIMEOUT_MS } from './verify/index';

export interface ServerSettings extends Settings {
  inlayHints: { enabled: boolean };
  trace: { server: 'off' | 'messages' | 'verbose' };
  /** The QEMU qemuLaunch/verify runs (VS Code: machine-scoped, so a workspace cannot set it). */
  qemuPath: string;
  verify: { timeoutSeconds: number };
}

export const defaultServerSettings: ServerSettings = {
  ...defaultSettings,
  inlayHints: { enabled: true },
  trace: { server: 'off' },
  qemuPath: 'qemu-system-x86_64',
  verify: { timeoutSeconds: DEFAULT_TIMEOUT_MS / 1000 },
};

const SPM_FORMS: readonly SpmFormSetting[] = ['auto', 'v4', 'v7', 'v8', 'upstream', 'none'];
const TRACE_LEVELS = ['off', 'messages', 'verbose'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/**
 * Reads the `qemuLaunch` section. Accepts both the nested shape workspace/configuration returns
 * ({ inlayHints: { enabled } }) and the flat dotted keys some clients put in initializationOptions
 * ({ 'inlayHints.enabled': false }), and a whole `{ qemuLaunch: {...} }` object.
 */
export function parseSettings(raw: unknown): ServerSettings {
  let section: Record<string, unknown> = isObject(raw) ? raw : {};
  if (isObject(section.qemuLaunch)) section = section.qemuLaunch;
  const nested = (group: string, key: string): unknown => {
    const g = section[group];
    if (isObject(g) && key in g) return g[key];
    return section[`${group}.${key}`];
  };
  const inlay = nested('inlayHints', 'enabled');
  const qemuPath = section.qemuPath;
  const timeout = nested('verify', 'timeout');
  return {
    spmForm: pick(section.spmForm, SPM_FORMS, defaultServerSettings.spmForm),
    hostCpuVendor: pick(section.hostCpuVendor, ['amd', 'intel'] as const, defaultServerSettings.hostCpuVendor),
    qemuVersion: pick(section.qemuVersion, QEMU_VERSIONS, DEFAULT_QEMU_VERSION),
    inlayHints: { enabled: typeof inlay === 'boolean' ? inlay : defaultServerSettings.inlayHints.enabled },
    trace: { server: pick(nested('trace', 'server'), TRACE_LEVELS, defaultServerSettings.trace.server) },
    qemuPath: typeof qemuPath === 'string' && qemuPath.trim() ? qemuPath : defaultServerSettings.qemuPath,
    verify: {
      timeoutSeconds:
        typeof timeout === 'number' && timeout > 0 && timeout <= 600
          ? timeout
          : defaultServerSettings.verify.timeoutSeconds,
    },
  };
}

/** The part of the settings the analysis depends on; a cached Analysis is valid only for equal keys. */
export function analysisKey(s: Settings): string {
  return `${s.spmForm}/${s.hostCpuVendor}/${s.qemuVersion ?? DEFAULT_QEMU_VERSION}`;
}
