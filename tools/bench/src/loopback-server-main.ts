/**
 * The drains' loopback server, run as its own process (so its CPU does not land on the client's
 * event loop): accepts every write with `201 { id, version }`, and `POST /batch` with one 201
 * result per item (docs/demo-protocol.md). Prints `{"port":N}` on stdout once listening; exits
 * when stdin closes (the bench process ended).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

let nextId = 1;

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function handle(request: IncomingMessage, response: ServerResponse, raw: string): void {
  const path = (request.url ?? '/').split('?')[0]?.replace(/^\/api/, '') ?? '/';
  if (request.method === 'POST' && path === '/batch') {
    let items: unknown[] = [];
    try {
      const parsed = JSON.parse(raw) as { items?: unknown };
      if (Array.isArray(parsed.items)) items = parsed.items;
    } catch {
      answer(response, 400, { error: { code: 'BAD_REQUEST', message: 'malformed JSON' } });
      return;
    }
    answer(response, 200, { results: items.map(() => ({ status: 201, body: { id: String(nextId++), version: 1 }, replayed: false })) });
    return;
  }
  answer(response, 201, { id: String(nextId++), version: 1 });
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
