// The real CLI for keys, as child processes with secrets on stdin (production Argon2id cost): init
// prints the recovery code once; `keys recover` resets a lost administrator password with it;
// `keys rotate` rotates and prints a new code; wrong codes and wrong passwords fail with exit 1.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-support/fixtures';
import { unlockWithPassword } from '../core/vault/vault';
import { readVaultFile } from '../core/vault/vault-file';
import { runCli } from './test-support';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a completely new passphrase';
const CODE = /Recovery code: ((?:[0-9A-Z]{4}-){7}[0-9A-Z]{4})\n/;

const cli = (args: string[], stdin: string) => runCli(args, stdin);

describe('keys CLI', () => {
  it('init prints the recovery code once; recover and rotate work from the command line', async () => {
    const work = await tempDir('cpw-keys-cli-');
    const dataDir = path.join(work.dir, 'data');
    try {
      const init = await cli(['init', '--data-dir', dataDir, '--clinic', 'Harbour Dermatology', '--admin', 'admin'], `${PASSWORD}\n`);
      expect(init.code).toBe(0);
      expect(init.stdout).toContain('shown only this once');
      const first = CODE.exec(init.stdout)?.[1];
      expect(first).toBeDefined();

      const mistyped = first!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
      const bad = await cli(['keys', 'recover', '--data-dir', dataDir, '--user', 'admin'], `${mistyped}\n${NEW_PASSWORD}\n`);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('mistyped');
      const missing = await cli(['keys', 'recover', '--data-dir', dataDir, '--user', 'admin'], `${first}\n`);
      expect(missing.code).toBe(2);

      const recover = await cli(['keys', 'recover', '--data-dir', dataDir, '--user', 'admin'], `${first!.toLowerCase()}\n${NEW_PASSWORD}\n`);
      expect(recover.stderr).toBe('');
      expect(recover.code).toBe(0);
      await expect(unlockWithPassword(dataDir, 'admin', PASSWORD)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });

      const wrong = await cli(['keys', 'rotate', '--data-dir', dataDir, '--user', 'admin'], `${PASSWORD}\n`);
      expect(wrong.code).toBe(1);
      const rotate = await cli(['keys', 'rotate', '--data-dir', dataDir, '--user', 'admin'], `${NEW_PASSWORD}\n`);
      expect(rotate.stdout).toContain('shown only this once');
      expect(rotate.stderr).toBe('');
      expect(rotate.code).toBe(0);
      expect(rotate.stdout).toContain('Keys rotated to version 2');
      const second = CODE.exec(rotate.stdout)?.[1];
      expect(second).toBeDefined();
      expect(second).not.toBe(first);
      expect((await readVaultFile(dataDir)).keyVersion).toBe(2);
      (await unlockWithPassword(dataDir, 'admin', NEW_PASSWORD)).wipe();

      // The code printed by the rotation is the one that works now; the first is spent.
      const stale = await cli(['keys', 'recover', '--data-dir', dataDir, '--user', 'admin'], `${first}\n${PASSWORD}\n`);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain('does not open');
      const fresh = await cli(['keys', 'recover', '--data-dir', dataDir, '--user', 'admin'], `${second}\n${PASSWORD}\n`);
      expect(fresh.code).toBe(0);
    } finally {
      await work.cleanup();
    }
  }, 180_000);
});
