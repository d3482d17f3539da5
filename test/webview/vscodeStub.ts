// Makes `require('vscode')` return a recording fake (fakeVscode.ts). Import this before any module
// that imports `vscode`. Modules bind `vscode` once, so the stub forwards to `current.fake`,
// which a test may replace with a fresh fake at any time.
import Module from 'node:module';
import { fakeVscode } from './fakeVscode';

export const current = { fake: fakeVscode() };

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };
const originalLoad = moduleWithLoad._load;
const api = () => current.fake.api as unknown as Record<string | symbol, unknown>;
const forward = new Proxy(
  {},
  {
    get: (_t, key) => api()[key],
    ownKeys: () => Reflect.ownKeys(api()),
    getOwnPropertyDescriptor: (_t, key) => ({ configurable: true, enumerable: true, value: api()[key] }),
  },
);
moduleWithLoad._load = function (this: unknown, request, parent, isMain) {
  if (request === 'vscode') return forward;
  return originalLoad.call(this, request, parent, isMain);
};

export function restoreModuleLoader(): void {
  moduleWithLoad._load = originalLoad;
}
