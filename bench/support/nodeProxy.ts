/**
 * The floor of a streaming proxy on Node's own HTTP stack, for the streaming benchmark: node:http passing a
 * request and its answer through with a keep-alive agent and nothing else (no checks, no key, no redaction,
 * no heartbeat). Beside nginx and the relay in the same rounds, it tells what the relay costs over plain
 * Node from what Node costs over nginx. Prints `{"url": …}` once it listens; BENCH_UPSTREAM is the origin.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = new URL(process.env.BENCH_UPSTREAM ?? '');
// Idle upstream connections are dropped after 4 s, before the upstream's own 5 s keep-alive timeout: a
// connection it closes just as the agent reuses it would fail a request with "socket hang up".
const agent = new Agent({ keepAlive: true, timeout: 4_000 });
const server = createServer((req, res) => {
  const headers = { ...req.headers, host: upstream.host };
  const forward = request(upstream, { path: req.url, method: req.method, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', () => res.destroy());
  req.pipe(forward);
});
// As nginx's default: the measuring client's idle connections are never closed under it between rounds.
server.keepAliveTimeout = 75_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
