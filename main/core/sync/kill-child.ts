// Child process for the sync kill test: signs in (which starts the sync worker thread), makes sure
// the test target is enabled and every photo is queued for it, prints "ready" and keeps draining
// until the parent SIGKILLs it at a random instant (it prints its progress so the parent can aim
// the kill at a moment when uploads are in flight).
import { createCore } from '../core';
import { silentLogger } from '../support/log';
import { ADMIN, TEST_KDF_COST } from '../test-support/fixtures';
import type { DeliveryTarget } from '../../../shared/channels/delivery';
import { FAST_SYNC } from './test-helpers';

const [dataDir] = process.argv.slice(2) as [string];
const core = createCore({ dataDir, log: silentLogger, kdfCost: TEST_KDF_COST, sync: { ...FAST_SYNC, concurrency: 2, retry: { baseMs: 20, capMs: 200, maxAttempts: 1000 } } });
const client = core.connect({ local: true });
const must = async <T>(channel: string, payload: unknown): Promise<T> => {
  const r = await client.invoke(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}`);
  return r.value as T;
};
await must('session.signIn', { username: ADMIN.username, password: ADMIN.password });
for (const t of await must<DeliveryTarget[]>('delivery.listTargets', {})) {
  if (!t.enabled) await must('delivery.updateTarget', { targetId: t.id, target: { name: t.name, kind: t.kind, baseUrl: t.baseUrl, authKind: t.authKind, username: t.username, enabled: true } });
  await must('delivery.backfill', { targetId: t.id });
}
process.stdout.write('ready\n');
// Progress for the parent, which kills us while something is on the wire.
setInterval(() => {
  void client.api.delivery.status({}).then((r) => {
    if (r.ok) {
      const { counts } = r.value as { counts: Record<string, number> };
      process.stdout.write(`status ${counts.in_flight} ${counts.delivered} ${counts.verified}\n`);
    }
  });
}, 20);
