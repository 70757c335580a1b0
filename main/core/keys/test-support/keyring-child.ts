// Child process for the OS keyring test, run inside `dbus-run-session` with an unlocked
// gnome-keyring (or deliberately without one): exercises the real @napi-rs/keyring provider and a
// vault opened through the device slot, and prints one JSON object with what it saw.
import { randomBytes } from 'node:crypto';
import { createCore } from '../../core';
import { silentLogger } from '../../support/log';
import { ADMIN, TEST_KDF_COST } from '../../test-support/fixtures';
import { disableDeviceSlot, enableDeviceSlot, unlockWithDevice } from '../../vault/device-slot';
import { createVault, unlockWithPassword } from '../../vault/vault';
import { readVaultFile } from '../../vault/vault-file';
import { createOsKeyringProtector } from '../os-keyring';

const [dataDir] = process.argv.slice(2) as [string];
const report: Record<string, unknown> = {};
const codeOf = (error: unknown) => (error as { code?: string }).code ?? String(error);

const protector = createOsKeyringProtector('linux');
report.backend = protector.backend;
const ref = { vaultId: randomBytes(16).toString('hex'), slotId: randomBytes(8).toString('hex') };
const key = randomBytes(32);
try {
  await protector.protect(ref, key);
  report.roundTrip = (await protector.reveal(ref, '')).equals(key);
  await protector.forget(ref, '');
  report.afterForget = await protector.reveal(ref, '').then(() => 'still there', codeOf);
} catch (error) {
  report.protectError = codeOf(error);
}

if (report.roundTrip) {
  const created = await createVault(dataDir, { clinicName: 'Keyring Clinic', username: ADMIN.username, password: ADMIN.password, cost: TEST_KDF_COST });
  await enableDeviceSlot(dataDir, created, protector);
  const slot = (await readVaultFile(dataDir)).slots.find((s) => s.kind === 'device');
  report.slotBackend = slot?.kind === 'device' ? slot.protector.backend : null;
  report.slotSealed = slot?.kind === 'device' ? slot.protector.sealed : null;
  const viaDevice = await unlockWithDevice(dataDir, protector);
  const viaPassword = await unlockWithPassword(dataDir, ADMIN.username, ADMIN.password);
  report.sameKeys = viaDevice.databaseKey.equals(viaPassword.databaseKey) && viaDevice.blobKek.key.equals(viaPassword.blobKek.key);
  report.otherBackend = await unlockWithDevice(dataDir, { ...protector, backend: 'electron-safe-storage:gnome_libsecret' }).then(() => 'opened', codeOf);
  await disableDeviceSlot(dataDir, protector);
  report.afterDisable = await protector.reveal({ vaultId: created.vaultId, slotId: slot!.id }, '').then(() => 'still there', codeOf);
  report.deviceSlotsLeft = (await readVaultFile(dataDir)).slots.filter((s) => s.kind === 'device').length;
}
if (report.roundTrip) {
  // Through the core's channels: enable the device key, rotate, and the device slot moves along.
  const coreDir = `${dataDir}-core`;
  const core = createCore({ dataDir: coreDir, log: silentLogger, kdfCost: TEST_KDF_COST, keyProtector: protector });
  const client = core.connect();
  const ok = async (channel: string, payload: unknown) => {
    const r = await client.invoke(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}`);
    return r.value as Record<string, unknown>;
  };
  await ok('setup.initialize', { clinicName: 'Keyring Clinic', admin: ADMIN });
  const enabled = await ok('keys.enableDeviceKey', { password: ADMIN.password });
  report.channelEnabled = (enabled.device as { enabled: boolean; backend: string }).backend;
  const before = (await readVaultFile(coreDir)).slots.find((s) => s.kind === 'device');
  const rotated = await ok('keys.rotate', { password: ADMIN.password });
  const after = (await readVaultFile(coreDir)).slots.find((s) => s.kind === 'device');
  report.deviceAfterRotation = { keyVersion: after?.keyVersion, newSlot: after?.id !== before?.id, vaultKeyVersion: rotated.keyVersion };
  report.oldEntryAfterRotation = await protector.reveal({ vaultId: (await readVaultFile(coreDir)).vaultId, slotId: before!.id }, '').then(() => 'still there', codeOf);
  await core.close();
  const viaDevice = await unlockWithDevice(coreDir, protector);
  const viaPassword = await unlockWithPassword(coreDir, ADMIN.username, ADMIN.password);
  report.sameKeysAfterRotation = viaDevice.blobKek.version === 2 && viaDevice.databaseKey.equals(viaPassword.databaseKey);
}
process.stdout.write(`${JSON.stringify(report)}\n`);
