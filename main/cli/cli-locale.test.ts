// The real CLI in other languages (issue 16): each case runs `node --import tsx main/cli/index.ts`
// as a child process with locale variables set as a user's shell would set them. Human messages
// follow the environment (LANGUAGE only when the locale is not C/POSIX, then LC_ALL, LC_MESSAGES,
// LANG); output for scripts (ids, tab-separated lines) and exit codes do not change.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, initializedClinic, tempDir, unwrap } from '../core/test-support/fixtures';
import { runCli } from './test-support';

const ID = /^[0-9a-f]{32}$/;
const GERMAN = { LANG: 'de_DE.UTF-8' };
const ARABIC = { LC_ALL: 'ar', LANG: 'de_DE.UTF-8' };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('CLI language from the environment', () => {
  it('chooses the language as other Unix tools do, and keeps exit codes', async () => {
    const german = await runCli(['frobnicate'], null, GERMAN);
    expect(german.code).toBe(2);
    expect(german.stderr).toMatch(/^Fehler: unbekannter Befehl „frobnicate“\n\nAufruf: npm run -s cli -- <befehl> \[optionen\]\n/);

    // LANGUAGE is a preference list, used first, but only when the locale is not C/POSIX.
    const french = await runCli(['frobnicate'], null, { LANGUAGE: 'fr:de', LANG: 'de_DE.UTF-8' });
    expect(french.stderr).toMatch(/^erreur : commande inconnue « frobnicate »\n/);
    const plain = await runCli(['frobnicate'], null, { LANGUAGE: 'fr', LANG: 'C' });
    expect(plain.stderr).toMatch(/^error: unknown command 'frobnicate'\n\nUsage: npm run -s cli -- <command> \[options\]\n/);
    expect(plain.code).toBe(2);

    // LC_ALL wins over LANG; LC_MESSAGES over LANG.
    const arabic = await runCli(['init', '--bogus'], null, ARABIC);
    expect(arabic.code).toBe(2);
    expect(arabic.stderr).toMatch(/^خطأ: خيار غير معروف «--bogus»\n\nالاستخدام: init --data-dir DIR/);
    const spanish = await runCli(['help', 'import'], null, { LC_MESSAGES: 'es_ES.UTF-8', LANG: 'de_DE.UTF-8' });
    expect(spanish.code).toBe(0);
    expect(spanish.stdout).toMatch(/^Uso: import --data-dir DIR --user USUARIO --mrn MRN ARCHIVO\|CARPETA\.\.\.\n/);
  }, 60_000);
});

describe('CLI commands in German and Arabic', () => {
  let clinic: Awaited<ReturnType<typeof initializedClinic>>;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let good: string;
  let text: string;

  beforeAll(async () => {
    clinic = await initializedClinic();
    unwrap(await clinic.client.api.patients.register({ mrn: 'LOC-1', familyName: 'Nakamura', givenName: 'Emi', birthDate: '1988-04-02', sex: 'F' }));
    await clinic.core.close(); // the CLI opens the data directory itself
    work = await tempDir('cpw-cli-locale-');
    good = path.join(work.dir, 'lesion.jpg');
    text = path.join(work.dir, 'letter.jpg');
    await writeFile(good, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#aa5533' } }).jpeg().toBuffer());
    await writeFile(text, 'A referral letter, not a photo.\n');
  }, 60_000);

  afterAll(async () => {
    await work?.cleanup();
    await clinic?.dispose();
  });

  it('init prints its confirmation and the recovery code label in German', async () => {
    const dataDir = path.join(work.dir, 'new-station');
    const run = await runCli(['init', '--data-dir', dataDir, '--clinic', 'Praxis am See', '--admin', 'chef'], 'ein sehr langes Passwort\n', GERMAN);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Arbeitsplatz für „Praxis am See“ in ${escape(dataDir)} eingerichtet; Administrator: chef\\n[^]*nur dieses eine Mal[^]*\\nWiederherstellungscode: (?:[0-9A-Z]{4}-){7}[0-9A-Z]{4}\\n$`),
    );
  }, 60_000);

  it('a wrong password is the message for the core code in German, exit 1', async () => {
    const run = await runCli(['users', 'list', '--data-dir', clinic.dir, '--user', 'admin'], 'not the password\n', GERMAN);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Fehler: Benutzername oder Passwort ist falsch.\n');
    expect(run.stdout).toBe('');
  }, 60_000);

  it('import in Arabic: the ids and files on stdout are as in English, the skip report is Arabic', async () => {
    const run = await runCli(['import', '--data-dir', clinic.dir, '--user', 'admin', '--mrn', 'LOC-1', good, text], `${ADMIN.password}\n`, ARABIC);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^[0-9a-f]{32}\\t${escape(good)}\\n$`));
    // The reason is the app's message for the core's code (INVALID_IMAGE), in Arabic.
    expect(run.stderr).toContain(`تُخطّي ${text}: هذا الملف ليس صورة يمكن قراءتها (JPEG أو PNG). لم يتم حفظ أي شيء.\n`);
    expect(run.stderr).toMatch(/خطأ: تُخطّي 1 من 2 ملفات؛ استُورد 1\n$/);
  }, 60_000);

  it('users list prints the same tab-separated lines in every language', async () => {
    const english = await runCli(['users', 'list', '--data-dir', clinic.dir, '--user', 'admin'], `${ADMIN.password}\n`);
    const arabic = await runCli(['users', 'list', '--data-dir', clinic.dir, '--user', 'admin'], `${ADMIN.password}\n`, ARABIC);
    expect(english.code).toBe(0);
    expect(arabic.code).toBe(0);
    expect(english.stdout).toBe('admin\tadministrator\tactive\tno-2fa\n');
    expect(arabic.stdout).toBe(english.stdout);
    expect(arabic.stderr).toBe('');
  }, 60_000);

  it('patient add prints only the new id, whatever the language', async () => {
    const run = await runCli(
      ['patient', 'add', '--data-dir', clinic.dir, '--user', 'admin', '--mrn', 'LOC-2', '--name', 'Öztürk, Ayşe', '--birth-date', '1990-01-31', '--sex', 'F'],
      `${ADMIN.password}\n`,
      GERMAN,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(ID);
    const taken = await runCli(['patient', 'add', '--data-dir', clinic.dir, '--user', 'admin', '--mrn', 'LOC-2', '--name', 'Öztürk, Ayşe', '--birth-date', '1990-01-31', '--sex', 'F'], `${ADMIN.password}\n`, GERMAN);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('Fehler: ein anderer Patient hat bereits die Patientennummer LOC-2\n');
  }, 90_000);
});
