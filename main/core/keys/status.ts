// What the administrator's "Security keys" screen shows: slot counts and generations, never keys.
import type { KeyStatus } from '../../../shared/channels/keys';
import { readVaultFile } from '../vault/vault-file';
import type { KeyProtector } from './key-protector';

export async function keyStatus(dataDir: string, protector: KeyProtector | null): Promise<KeyStatus> {
  const file = await readVaultFile(dataDir);
  const current = file.keyVersion;
  const passwords = file.slots.filter((s) => s.kind === 'password');
  const recovery = file.slots.find((s) => s.kind === 'recovery');
  const device = file.slots.find((s) => s.kind === 'device');
  return {
    keyVersion: current,
    rotationUnfinished: file.rotation !== null,
    passwordSlots: passwords.length,
    passwordSlotsOnOlderKey: passwords.filter((s) => s.keyVersion < current).length,
    olderKeysStillOpen: file.links.length > 0,
    recovery: { present: recovery !== undefined, createdAt: recovery?.createdAt ?? null, onOlderKey: recovery ? recovery.keyVersion < current : false },
    device: {
      enabled: device !== undefined,
      backend: device && device.kind === 'device' ? device.protector.backend : null,
      createdAt: device?.createdAt ?? null,
      onOlderKey: device ? device.keyVersion < current : false,
      availableBackend: protector?.backend ?? null,
    },
  };
}
