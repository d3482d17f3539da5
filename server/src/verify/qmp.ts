// A minimal QMP client: greeting, qmp_capabilities, then one command at a time (events skipped).
import { connect, type Socket } from 'node:net';
import { LineReader } from './qtest';
import { ProtocolError } from './tables';

export class Qmp {
  private constructor(
    private readonly socket: Socket,
    private readonly reader: LineReader,
  ) {}

  static async open(path: string): Promise<Qmp> {
    const socket = connect(path);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (e) => reject(new ProtocolError(`cannot connect to QMP: ${e.message}`)));
    });
    const qmp = new Qmp(socket, new LineReader(socket));
    const greeting = await qmp.message();
    if (!('QMP' in greeting)) throw new ProtocolError('QMP did not greet');
    await qmp.execute('qmp_capabilities');
    return qmp;
  }

  private async message(): Promise<Record<string, unknown>> {
    const line = await this.reader.next();
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object') return v as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new ProtocolError(`QMP sent something that is not JSON: "${line.slice(0, 80)}"`);
  }

  async execute(command: string): Promise<unknown> {
    this.socket.write(JSON.stringify({ execute: command }) + '\n');
    for (;;) {
      const m = await this.message();
      if ('event' in m) continue;
      if ('error' in m) throw new ProtocolError(`QMP ${command}: ${JSON.stringify(m.error)}`);
      if ('return' in m) return m.return;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
