// Slow clients over real sockets: a trickled JSON body or half-sent headers are cut off with a 408 and the
// connection closed; an upload that keeps trickling gets through, one that goes silent does not.
import { sqlValue } from '../testing/console-sql';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-helpers';
import { DEFAULT_TIMEOUTS } from './timeouts';

interface RawConnection {
  socket: Socket;
  /** Everything the server sent, once it closed the connection. */
  closed: Promise<string>;
  isClosed(): boolean;
}

function open(origin: string): RawConnection {
  const { hostname, port } = new URL(origin);
  const socket = connect({ host: hostname, port: Number(port) });
  let received = '';
  let done = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => {
      done = true;
      resolve(received);
    });
    // A reset after the answer still ends the exchange; what arrived is what counts.
    socket.on('error', () => undefined);
  });
  return { socket, closed, isClosed: () => done };
}

function head(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...lines, '', ''].join('\r\n');
}

/** Writes `body` in pieces of `size` bytes, one every `everyMs`, while the connection stays open. */
async function trickle(
  connection: RawConnection,
  body: string,
  size: number,
  everyMs: number,
): Promise<void> {
  for (let at = 0; at < body.length && !connection.isClosed(); at += size) {
    connection.socket.write(body.slice(at, at + size));
    await sleep(everyMs);
  }
}

function statusOf(response: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
}

function envelopeOf(response: string): { error: { code: string; message: string } } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as {
    error: { code: string; message: string };
  };
}

const CSV_ROWS = Array.from({ length: 12 }, (_, index) => `lead${index}@example.com,Row ${index}`);
const CSV = `email,firstName\n${CSV_ROWS.join('\n')}\n`;

describe('server timeouts', () => {
  it('starts with any headers timeout the settings accept, the request backstop off included', async () => {
    const stack = await startTestStack({
      app: { timeouts: { ...DEFAULT_TIMEOUTS, headersMs: 600_000, requestMs: 0 } },
    });
    try {
      expect((await stack.app.inject('/api/health')).statusCode).toBe(200);
    } finally {
      await stack.close();
    }
  });

  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      listen: true,
      app: { timeouts: { ...DEFAULT_TIMEOUTS, headersMs: 1_000, bodyMs: 1_000, uploadIdleMs: 1_000 } },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('cuts off a JSON body trickled at 1 byte/s with a 408 envelope and closes the connection', async () => {
    const body = JSON.stringify({ leads: [{ email: 'slow@example.com' }] });
    const connection = open(stack.origin!);
    connection.socket.write(
      head('POST', '/api/leads', {
        ...stack.api.headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      }),
    );
    void trickle(connection, body, 1, 1_000);
    const response = await connection.closed;
    expect(statusOf(response)).toBe(408);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(envelopeOf(response).error.message).toContain('too slowly');
    // Nothing reached Marketo: the lead was never written.
    expect((await stack.control.leads()).some((lead) => lead.email === 'slow@example.com')).toBe(false);
  }, 15_000);

  it('never times the answer: a write Marketo takes longer over than the body timeout succeeds', async () => {
    await stack.control.setConfig({ latencyMs: 1_500 });
    try {
      const response = await fetch(`${stack.origin!}/api/leads`, {
        method: 'POST',
        headers: { ...stack.api.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ leads: [{ email: 'patient@example.com' }] }),
      });
      expect(response.status).toBe(200);
    } finally {
      await stack.control.setConfig({ latencyMs: 0 });
    }
  }, 15_000);

  it('cuts off headers that never finish with a 408 envelope', async () => {
    const connection = open(stack.origin!);
    connection.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    void trickle(connection, 'x-slow: ' + 'a'.repeat(60), 1, 1_000);
    const response = await connection.closed;
    expect(statusOf(response)).toBe(408);
    expect(envelopeOf(response).error.code).toBe('bad_request');
  }, 15_000);

  it('lets an upload trickling steadily for longer than the body timeout through', async () => {
    const editor = await stack.signIn({ role: 'editor' });
    const connection = open(stack.origin!);
    connection.socket.write(
      head('POST', '/api/imports/files?name=slow.csv', {
        ...editor.headers,
        'content-type': 'text/csv',
        'content-length': Buffer.byteLength(CSV),
        connection: 'close',
      }),
    );
    // About 2.5 s in all at one piece every 200 ms: over twice the 1 s body and idle timeouts.
    const pieceSize = Math.ceil(CSV.length / 13);
    await trickle(connection, CSV, pieceSize, 200);
    const response = await connection.closed;
    expect(statusOf(response)).toBe(201);
    expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))).toMatchObject({
      name: 'slow.csv',
      rowCount: CSV_ROWS.length,
    });
  }, 15_000);

  it('cuts off an upload that goes silent for longer than the idle timeout, keeping nothing', async () => {
    const editor = await stack.signIn({ role: 'editor' });
    const connection = open(stack.origin!);
    connection.socket.write(
      head('POST', '/api/imports/files?name=stalled.csv', {
        ...editor.headers,
        'content-type': 'text/csv',
        'content-length': Buffer.byteLength(CSV),
      }),
    );
    // Half the file, then nothing more.
    connection.socket.write(CSV.slice(0, CSV.length / 2));
    const response = await connection.closed;
    expect(statusOf(response)).toBe(408);
    expect(envelopeOf(response).error.message).toContain('too slowly');
    const stored = await sqlValue(
      stack.imports.db,
      "SELECT count(*) FROM import_files WHERE name = 'stalled.csv'",
    );
    expect(Number(stored)).toBe(0);
  }, 15_000);
});
