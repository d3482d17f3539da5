/** Printed by suite/index.ts when Mocha starts, so a host can tell the suite's output from VS Code's start-up log. */
export const SUITE_START_MARKER = 'qemu-launch e2e: Mocha starts';
