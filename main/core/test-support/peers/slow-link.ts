// A slow link for one process at a time: a loopback TCP proxy in front of a peer (nginx, so TLS
// passes through untouched) that paces the bytes of every connection opened by one of `slowPids`
// to `bytesPerSecond` in each direction, and forwards everyone else's at full speed. Two processes
// on one machine share one network, so the proxy tells them apart the way `ss -p` does: it finds
// the client's socket inode in /proc/net/tcp by its port and looks for it among the slow
// processes' file descriptors (Linux only; the tests run as a user who can read them).
import { readdir, readFile, readlink } from 'node:fs/promises';
import net from 'node:net';

export interface SlowLink {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** Processes whose connections are paced; add a child's pid as soon as it is spawned. */
  readonly slowPids: Set<number>;
  /** Bytes that went from a slow process towards the peer (so a test can see it was uploading). */
  slowBytesUp(): number;
  stop(): Promise<void>;
}

const TICK_MS = 20;

export async function startSlowLink(upstreamPort: number, bytesPerSecond: number): Promise<SlowLink> {
  const slowPids = new Set<number>();
  const sockets = new Set<net.Socket>();
  let slowUp = 0;
  const server = net.createServer((client) => {
    client.pause();
    sockets.add(client);
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(upstream);
    const timers: NodeJS.Timeout[] = [];
    const teardown = () => {
      for (const t of timers) clearInterval(t);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', teardown);
      s.on('close', teardown);
    }
    void ownedBySlowProcess(client.remotePort ?? 0, server.address() as net.AddressInfo, slowPids).then((slow) => {
      if (client.destroyed) return;
      if (!slow) {
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        return;
      }
      timers.push(pace(client, upstream, bytesPerSecond, (n) => (slowUp += n)), pace(upstream, client, bytesPerSecond, () => undefined));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    slowPids,
    slowBytesUp: () => slowUp,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Forwards `from` → `to` at most `rate` bytes a second, pausing `from` while more than a few ticks' worth waits. */
function pace(from: net.Socket, to: net.Socket, rate: number, counted: (n: number) => void): NodeJS.Timeout {
  const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  from.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued > 4 * perTick) from.pause();
  });
  from.on('end', () => (ended = true));
  from.resume();
  const timer = setInterval(() => {
    let budget = perTick;
    while (budget > 0 && queue.length > 0 && !to.destroyed) {
      const head = queue[0]!;
      const part = head.length <= budget ? head : head.subarray(0, budget);
      if (part === head) queue.shift();
      else queue[0] = head.subarray(budget);
      to.write(part);
      counted(part.length);
      budget -= part.length;
      queued -= part.length;
    }
    if (queued <= 4 * perTick && from.isPaused()) from.resume();
    if (ended && queue.length === 0) {
      clearInterval(timer);
      to.end();
    }
  }, TICK_MS);
  return timer;
}

/** Whether the client end of a connection to `proxy` from local port `clientPort` is a socket one of `pids` holds. */
async function ownedBySlowProcess(clientPort: number, proxy: net.AddressInfo, pids: ReadonlySet<number>): Promise<boolean> {
  if (pids.size === 0) return false;
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  const table = await readFile('/proc/net/tcp', 'utf8');
  const line = table
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1]?.endsWith(`:${hex(clientPort)}`) && f[2]?.endsWith(`:${hex(proxy.port)}`));
  const inode = line?.[9];
  if (!inode) return false;
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) === `socket:[${inode}]`) return true;
    }
  }
  return false;
}
