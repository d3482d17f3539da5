// The qtest line protocol (QEMU's tests/qtest/libqtest.c): one command per line, answered by
// "OK [value]" or "FAIL ..."; "IRQ ..." lines are asynchronous and skipped. Through it we read
// fw_cfg (port 0x510 selector, 0x511 data, 0x514/0x518 DMA) exactly as the firmware would.
import type { Socket } from 'node:net';
import { ProtocolError } from './tables';

const FW_CFG_CTL = 0x510;
const FW_CFG_DATA = 0x511;
const FW_CFG_DMA_HI = 0x514;
const FW_CFG_DMA_LO = 0x518;
const FW_CFG_SIGNATURE = 0x0000;
const FW_CFG_ID = 0x0001;
const FW_CFG_FILE_DIR = 0x0019;
/** Scratch guest RAM for DMA (no guest runs; below 640 KiB, present in every machine). */
const DMA_DESC = 0x1000;
const DMA_BUF = 0x10000;
const DMA_MAX = 0x80000;

export class LineReader {
  private buffer = '';
  private waiting: { resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  private lines: string[] = [];
  private closed: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buffer += d;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const w = this.waiting.shift();
        if (w) w.resolve(line);
        else this.lines.push(line);
      }
      if (this.buffer.length > 16 << 20) this.fail(new ProtocolError('QEMU sent a line longer than 16 MiB'));
    });
    socket.on('close', () => this.fail(new ProtocolError('QEMU closed the connection')));
    socket.on('error', (e) => this.fail(new ProtocolError(`connection to QEMU failed: ${e.message}`)));
  }

  private fail(e: Error): void {
    if (!this.closed) this.closed = e;
    for (const w of this.waiting.splice(0)) w.reject(this.closed);
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}

export class Qtest {
  private readonly reader: LineReader;

  constructor(private readonly socket: Socket) {
    this.reader = new LineReader(socket);
  }

  private async answer(command: string): Promise<string> {
    for (;;) {
      const line = await this.reader.next();
      if (line.startsWith('IRQ')) continue;
      if (line === 'OK' || line.startsWith('OK ')) return line.slice(3).trim();
      throw new ProtocolError(`qtest "${command}" answered "${line.slice(0, 80)}"`);
    }
  }

  async cmd(command: string): Promise<string> {
    this.socket.write(command + '\n');
    return this.answer(command);
  }

  private hex(v: number): string {
    return '0x' + v.toString(16);
  }

  private async number(command: string): Promise<number> {
    const r = await this.cmd(command);
    const v = Number.parseInt(r, 16);
    if (!/^0x[0-9a-f]+$/i.test(r) || Number.isNaN(v))
      throw new ProtocolError(`qtest "${command}" answered "${r.slice(0, 80)}"`);
    return v;
  }

  /** Select a fw_cfg key and read n bytes through the data port (commands pipelined). */
  async fwPio(key: number, n: number): Promise<Buffer> {
    await this.cmd(`outw ${this.hex(FW_CFG_CTL)} ${this.hex(key)}`);
    const cmd = `inb ${this.hex(FW_CFG_DATA)}`;
    this.socket.write((cmd + '\n').repeat(n));
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      const r = await this.answer(cmd);
      const v = Number.parseInt(r, 16);
      if (!/^0x[0-9a-f]+$/i.test(r) || v > 255) throw new ProtocolError(`qtest "${cmd}" answered "${r.slice(0, 80)}"`);
      out[i] = v;
    }
    return out;
  }

  async write(addr: number, data: Buffer): Promise<void> {
    await this.cmd(`write ${this.hex(addr)} ${this.hex(data.length)} 0x${data.toString('hex')}`);
  }

  async read(addr: number, n: number): Promise<Buffer> {
    const r = await this.cmd(`read ${this.hex(addr)} ${this.hex(n)}`);
    if (!/^0x[0-9a-f]*$/i.test(r) || r.length !== 2 + 2 * n)
      throw new ProtocolError('qtest read answered malformed data');
    return Buffer.from(r.slice(2), 'hex');
  }

  /** Select a fw_cfg key and read n bytes with the DMA interface. */
  async fwDma(key: number, n: number): Promise<Buffer> {
    const desc = Buffer.alloc(16);
    desc.writeUInt32BE(((key << 16) | 0x08 | 0x02) >>> 0, 0); // SELECT | READ
    desc.writeUInt32BE(n, 4);
    desc.writeBigUInt64BE(BigInt(DMA_BUF), 8);
    await this.write(DMA_DESC, desc);
    await this.cmd(`outl ${this.hex(FW_CFG_DMA_HI)} 0x0`);
    // The DMA address register is big-endian; outl writes little-endian.
    const swapped = Buffer.alloc(4);
    swapped.writeUInt32BE(DMA_DESC);
    await this.cmd(`outl ${this.hex(FW_CFG_DMA_LO)} ${this.hex(swapped.readUInt32LE(0))}`);
    const control = (await this.read(DMA_DESC, 4)).readUInt32BE(0);
    if (control !== 0) throw new ProtocolError(`fw_cfg DMA failed (control 0x${control.toString(16)})`);
    return this.read(DMA_BUF, n);
  }
}

export interface FwCfgFile {
  select: number;
  size: number;
}

/** fw_cfg as the firmware sees it: the file directory and a reader for one file. */
export async function openFwCfg(
  q: Qtest,
): Promise<{ files: Map<string, FwCfgFile>; read: (name: string) => Promise<Buffer> }> {
  const sig = await q.fwPio(FW_CFG_SIGNATURE, 4);
  if (sig.toString('latin1') !== 'QEMU') throw new ProtocolError('no fw_cfg device answered (signature missing)');
  const id = (await q.fwPio(FW_CFG_ID, 4)).readUInt32LE(0);
  const count = (await q.fwPio(FW_CFG_FILE_DIR, 4)).readUInt32BE(0);
  if (count > 4096) throw new ProtocolError('fw_cfg file directory is implausibly large');
  const raw = (await q.fwPio(FW_CFG_FILE_DIR, 4 + 64 * count)).subarray(4);
  const files = new Map<string, FwCfgFile>();
  for (let i = 0; i < count; i++) {
    const e = raw.subarray(i * 64, i * 64 + 64);
    const nameEnd = e.indexOf(0, 8);
    files.set(e.toString('latin1', 8, nameEnd < 0 ? 64 : nameEnd), {
      size: e.readUInt32BE(0),
      select: e.readUInt16BE(4),
    });
  }
  const read = async (name: string) => {
    const f = files.get(name);
    if (!f) throw new ProtocolError(`fw_cfg has no ${name}`);
    return id & 2 && f.size <= DMA_MAX ? q.fwDma(f.select, f.size) : q.fwPio(f.select, f.size);
  };
  return { files, read };
}
