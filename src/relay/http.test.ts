/** readBody on a real loopback connection: a whole body, one over the limit, and one its client abandons. */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { BodyTooLargeError, readBody } from './http.ts';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/**
 * Starts a server whose first request's body is read with `limitBytes`. `arrived` resolves once that request
 * is in (with its reading, wrapped so the arrival can be awaited apart from the reading's outcome).
 */
async function readFirstBody(
  limitBytes: number,
): Promise<{ port: number; arrived: Promise<{ read: Promise<Buffer> }> }> {
  let onArrival: (reading: { read: Promise<Buffer> }) => void = () => {};
  const arrived = new Promise<{ read: Promise<Buffer> }>((resolve) => (onArrival = resolve));
  server = createServer((req: IncomingMessage) => onArrival({ read: readBody(req, limitBytes) }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, arrived };
}

it('reads a body sent in pieces, whole and in order', async () => {
  const { port, arrived } = await readFirstBody(1024);
  const call = request(`http://127.0.0.1:${port}/`, { method: 'POST' });
  call.on('error', () => {});
  call.write('{"prompt":');
  call.end('"a fox"}');
  const { read } = await arrived;
  expect((await read).toString('utf8')).toBe('{"prompt":"a fox"}');
});

it('refuses a body once it passes the limit, though it declared no length', async () => {
  const { port, arrived } = await readFirstBody(16);
  const call = request(`http://127.0.0.1:${port}/`, { method: 'POST' });
  call.on('error', () => {});
  call.end('x'.repeat(64));
  const { read } = await arrived;
  await expect(read).rejects.toBeInstanceOf(BodyTooLargeError);
});

it('fails, rather than waiting for good, when the client leaves before its body is complete', async () => {
  const { port, arrived } = await readFirstBody(1024);
  const socket = connect(port, '127.0.0.1');
  socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"prompt":');
  // The request is in and being read before its client goes.
  const { read } = await arrived;
  socket.destroy();
  await expect(read).rejects.toThrow();
});
