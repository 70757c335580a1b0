// The delivery HTTP client's promise about a body's buffers: it settles only once the request has
// closed, so a caller may reuse the buffers (the sync worker's photo pool) as soon as it settles.
// A server that answers before reading the body must still receive the body as it was.
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetClient } from './http';
import type { TargetConfig } from './targets';

let server: net.Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

describe('TargetClient', () => {
  it('settles only after the whole body is written, even when the server answers first', async () => {
    // A raw HTTP server: it sends its whole reply on the first bytes of the request, then reads
    // the rest of the body slowly (Node's own server would discard an unread body).
    const photo = Buffer.alloc(8 * 1024 * 1024, 0x41);
    const received: Buffer[] = [];
    let total = 0;
    let answered = false;
    const bodyDone = new Promise<void>((resolve) => {
      server = net.createServer((socket) => {
        socket.on('data', (chunk: Buffer) => {
          received.push(chunk);
          total += chunk.length;
          if (!answered) {
            answered = true;
            socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nearly');
          }
          socket.pause();
          setTimeout(() => socket.resume(), 2);
          const headerEnd = Buffer.concat(received.slice(0, 4)).indexOf('\r\n\r\n');
          if (headerEnd >= 0 && total - headerEnd - 4 >= 4 + photo.length) resolve();
        });
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const target: TargetConfig = {
      id: 't',
      name: 'Loopback',
      kind: 'dicomweb',
      baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/dw`,
      authKind: 'none',
      username: null,
      secret: null,
      pinnedCaPem: null,
      enabled: true,
      purpose: 'clinical',
    };
    const client = new TargetClient(target);
    try {
      const reply = await client.request('POST', 'studies', { 'content-type': 'application/octet-stream' }, [Buffer.from('head'), photo]);
      expect(reply.status).toBe(200);
      // The pool would now hand this buffer to the next photo.
      photo.fill(0x42);
      await bodyDone;
      const all = Buffer.concat(received);
      const body = all.subarray(all.indexOf('\r\n\r\n') + 4);
      expect(body.length).toBe(4 + photo.length);
      expect(body.subarray(4).every((b) => b === 0x41)).toBe(true);
    } finally {
      client.close();
    }
  });
});
