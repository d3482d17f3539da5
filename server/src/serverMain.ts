// dist/server.js, `qemu-launch-server`: its own bundle holding the LSP connection only, so
// initialize is answered in little more than Node's own start; the analysis core (dist/main.js)
// is loaded after that (server.ts, core()).
import { applyServerV8Flags } from './v8Flags';

// Before the server module allocates anything: see v8Flags.ts.
applyServerV8Flags();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- runs after the flags are set
require('./server');
