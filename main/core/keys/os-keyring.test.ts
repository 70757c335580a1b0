// The OS keyring provider for real: a D-Bus session with an unlocked gnome-keyring (the Secret
// Service), set/get/remove through @napi-rs/keyring, and a vault opened through the device slot
// yielding the same keys as the password. Without a Secret Service it must refuse, not fall back.
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/fixtures';

const root = path.resolve(import.meta.dirname, '../../..');
const child = path.join(root, 'main/core/keys/test-support/keyring-child.ts');
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((t) => !has(t));

async function runChild(withKeyring: boolean): Promise<Record<string, unknown>> {
  const work = await tempDir('cpw-keyring-');
  try {
    const home = path.join(work.dir, 'home');
    const run = path.join(work.dir, 'run');
    await mkdir(home, { recursive: true });
    await mkdir(run, { recursive: true, mode: 0o700 });
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, XDG_RUNTIME_DIR: run, LANG: 'C.UTF-8' };
    const node = `exec ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(child)} ${JSON.stringify(path.join(work.dir, 'data'))}`;
    const result = withKeyring
      ? spawnSync('dbus-run-session', ['--', 'sh', '-c', `eval "$(printf %s test-pw | gnome-keyring-daemon --unlock --components=secrets)"; export GNOME_KEYRING_CONTROL; ${node}`], { cwd: root, env, encoding: 'utf8', timeout: 60_000 })
      : spawnSync('sh', ['-c', node], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    const line = result.stdout.trim().split('\n').at(-1) ?? '';
    if (!line.startsWith('{')) throw new Error(`keyring child failed (status ${result.status}): ${result.stderr.slice(0, 800)}`);
    return JSON.parse(line) as Record<string, unknown>;
  } finally {
    await work.cleanup();
  }
}

describe.skipIf(missing.length > 0)(`OS keyring device slot${missing.length > 0 ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  it('stores, reads back and removes the key; the device slot opens the same vault, also after a rotation', async () => {
    const report = await runChild(true);
    expect(report).toMatchObject({
      backend: 'os-keyring:secret-service',
      roundTrip: true,
      afterForget: 'KEYSTORE_UNAVAILABLE',
      slotBackend: 'os-keyring:secret-service',
      slotSealed: '', // the key lives in the keyring, not in vault.json
      sameKeys: true,
      otherBackend: 'KEYSTORE_UNAVAILABLE',
      afterDisable: 'KEYSTORE_UNAVAILABLE',
      deviceSlotsLeft: 0,
      channelEnabled: 'os-keyring:secret-service',
      deviceAfterRotation: { keyVersion: 2, newSlot: true, vaultKeyVersion: 2 },
      oldEntryAfterRotation: 'KEYSTORE_UNAVAILABLE',
      sameKeysAfterRotation: true,
    });
  }, 90_000);

  it('without a Secret Service, refuses with KEYSTORE_UNAVAILABLE instead of falling back', async () => {
    const report = await runChild(false);
    expect(report).toEqual({ backend: 'os-keyring:secret-service', protectError: 'KEYSTORE_UNAVAILABLE' });
  }, 90_000);
});
