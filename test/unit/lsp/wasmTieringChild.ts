// Run by wasmTiering.test.ts in a process of its own: sets the server's V8 flags as
// dist/server.js does at its entry (the ones its command line lacks), then loads the grammar and
// parses a 1,800-line launch script five times, as a first analysis and the edits after it do.
import { applyServerV8Flags } from '../../../server/src/v8Flags';
import { initShellParser, parseShell } from '../../../server/src/analysis/shell/parser';

applyServerV8Flags();

const guest = (i: number) =>
  `guest_${i}() {\n  local disk=$IMAGES/g${i}.img\n  qemu-system-x86_64 -machine q35 -m 4G,slots=4,maxmem=16G \\\n` +
  `    -object memory-backend-ram,id=m${i},size=2G -numa node,nodeid=0,memdev=m${i} \\\n` +
  `    -drive file="$disk",if=virtio -device pc-dimm,id=d${i},memdev=m${i}\n}\n`;
const script = Array.from({ length: 300 }, (_, i) => guest(i)).join('');

void initShellParser().then(() => {
  for (let i = 0; i < 5; i++) parseShell(script).delete();
});
