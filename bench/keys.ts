// `npm run bench -- keys`: the cost of the keys.
//   unlock    unlockWithPassword at the production Argon2id cost (DEFAULT_KDF_COST) vs a bare
//             @node-rs/argon2 hashRaw with the same parameters: the ratio is the vault's overhead
//             (file read, AES-GCM unwrap, HKDF) on top of the KDF every sign-in must pay.
//   rotation  rotateKeys on a workspace holding 1,000 photos' blob rows (2,000: original and
//             thumbnail), reported whole and split into the rewrap+rekey part and the slot part.
import { hashRaw, type Algorithm, type Version } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { insertBlobRows } from '../main/core/blobs/blob-rows';
import { rotateKeys } from '../main/core/keys/rotate';
import { silentLogger } from '../main/core/support/log';
import { DEFAULT_KDF_COST } from '../main/core/vault/kdf';
import { createVault, unlockWithPassword } from '../main/core/vault/vault';
import { openWorkspace } from '../main/core/workspace';
import { median, report, timeRuns } from './stats';

const PASSWORD = 'bench password for the keys';

export async function benchKeys(runs: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-keys-'));
  try {
    const dataDir = path.join(dir, 'data');
    (await createVault(dataDir, { clinicName: 'Bench', username: 'admin', password: PASSWORD, cost: DEFAULT_KDF_COST })).wipe();
    const salt = randomBytes(16);
    const baseline = await timeRuns(runs, async () => {
      await hashRaw(PASSWORD, { algorithm: 2 as Algorithm, version: 1 as Version, memoryCost: DEFAULT_KDF_COST.memoryKiB, timeCost: DEFAULT_KDF_COST.iterations, parallelism: DEFAULT_KDF_COST.parallelism, outputLen: 32, salt });
    });
    const unlock = await timeRuns(runs, async () => (await unlockWithPassword(dataDir, 'admin', PASSWORD)).wipe());
    console.log(`keys: Argon2id m=${DEFAULT_KDF_COST.memoryKiB} KiB t=${DEFAULT_KDF_COST.iterations} p=${DEFAULT_KDF_COST.parallelism}`);
    report('keys unlock', unlock, baseline);

    const ws = await openWorkspace(dataDir, await unlockWithPassword(dataDir, 'admin', PASSWORD), silentLogger);
    try {
      for (let i = 0; i < 2000; i++) insertBlobRows(ws.db, [await ws.blobs.put(randomBytes(64))], new Date());
      const whole: number[] = [];
      const data: number[] = [];
      for (let i = 0; i < Math.max(1, Math.min(runs, 3)); i++) {
        let begun = 0;
        let rekeyed = 0;
        const t = performance.now();
        await rotateKeys(ws, {
          username: 'admin',
          password: PASSWORD,
          cost: DEFAULT_KDF_COST,
          protector: null,
          now: new Date(),
          probe: (step) => {
            if (step === 'begun') begun = performance.now();
            if (step === 'rekeyed') rekeyed = performance.now();
          },
        });
        whole.push(performance.now() - t);
        data.push(rekeyed - begun);
      }
      console.log(`keys rotation (1,000 photos = 2,000 blob rows): ${median(whole).toFixed(0)} ms in all, of which rewrap + rekey ${median(data).toFixed(0)} ms; the rest is Argon2id for the re-authentication and the rewrapped password and recovery slots`);
      console.log(`keys rotation ratio ${(median(whole) / median(baseline)).toFixed(2)} (against one bare Argon2id)`);
    } finally {
      ws.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
