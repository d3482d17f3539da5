// Reading a script the user named: every way it can fail becomes one sentence for stderr
// (exit code 2), never an exception with a stack trace.
import { readFileSync, statSync } from 'node:fs';

/** Larger than any launch script; beyond it the file is almost certainly not one. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

export type InputResult = { ok: true; text: string; bytes: number } | { ok: false; message: string };

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}

export function readInput(path: string): InputResult {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, message: `${path}: is a directory, not a file` };
    if (!stat.isFile()) return { ok: false, message: `${path}: not a regular file` };
    if (stat.size > MAX_INPUT_BYTES) {
      const mb = (stat.size / (1024 * 1024)).toFixed(1);
      return { ok: false, message: `${path}: file is too large (${mb} MB; the limit is 10 MB)` };
    }
    const buffer = readFileSync(path);
    // A NUL byte never appears in a shell script; it does in every executable and image.
    if (buffer.includes(0))
      return { ok: false, message: `${path}: binary file (contains NUL bytes), not a shell script` };
    let text = buffer.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text, bytes: buffer.length };
  } catch (error) {
    return { ok: false, message: `${path}: ${describe(error)}` };
  }
}
