// The audit CLI end to end, as child processes on real data directories: `audit verify` inside the
// vault, `audit export`, and `audit verify --file` offline. An administrator who opens the SQLCipher
// database with the vault key, drops the triggers and edits, deletes, inserts or reorders audit
// rows is caught and the first bad record named.
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackerKey, parseLines, reseal } from '../core/audit/export-attacks';
import { fingerprintOf } from '../core/audit/signing';
import { dropAuditTriggers } from '../core/audit/test-db';
import { openDatabase, closeDatabase, type Db } from '../core/db/open';
import { ADMIN, initializedClinic, tempDir, unwrap } from '../core/test-support/fixtures';
import { scanForPlaintext } from '../core/test-support/plaintext-scan';
import { unlockWithPassword } from '../core/vault/vault';
import { DATABASE_FILE } from '../core/workspace';
import { runCli } from './test-support';

const MRN = 'MRN-AUD-0042';


const cli = (args: string[], stdin: string | null = `${ADMIN.password}\n`) => runCli(args, stdin);

describe('audit CLI', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let dataDir: string;

  beforeAll(async () => {
    work = await tempDir('cpw-audit-cli-');
    const clinic = await initializedClinic();
    const patient = unwrap<{ id: string }>(await clinic.client.api.patients.register({ mrn: MRN, familyName: 'Quist-Abara', givenName: 'Lenore', birthDate: '1961-04-09', sex: 'F' }));
    for (let i = 0; i < 6; i++) unwrap(await clinic.client.api.patients.get({ patientId: patient.id }));
    await clinic.core.close();
    dataDir = path.join(work.dir, 'data');
    await cp(clinic.dir, dataDir, { recursive: true });
    await clinic.dispose();
  }, 60_000);

  afterAll(async () => work?.cleanup());

  /** A copy of the data directory with the database opened the way an administrator could. */
  async function tampered(name: string, change: (db: Db) => void): Promise<string> {
    const dir = path.join(work.dir, name);
    await cp(dataDir, dir, { recursive: true });
    const keys = await unlockWithPassword(dir, ADMIN.username, ADMIN.password);
    const db = openDatabase(path.join(dir, DATABASE_FILE), keys.databaseKey);
    try {
      dropAuditTriggers(db);
      change(db);
    } finally {
      closeDatabase(db);
      keys.wipe();
    }
    return dir;
  }

  it('verifies an intact log inside the vault, exit 0', async () => {
    const run = await cli(['audit', 'verify', '--data-dir', dataDir, '--user', ADMIN.username]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^audit log intact: \d+ records, \d+ signed checkpoints/);
  }, 30_000);

  it('exports the log and verifies the file offline; every tampering of the file fails naming the line', async () => {
    const out = path.join(work.dir, 'audit.jsonl');
    const exported = await cli(['audit', 'export', '--data-dir', dataDir, '--user', ADMIN.username, '--out', out]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain('Quist-Abara');
    expect(text).not.toContain('Lenore');

    const ok = await cli(['audit', 'verify', '--file', out], null);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('export intact');

    const lines = text.trimEnd().split('\n');
    const edited = [...lines];
    edited[3] = edited[3]!.replace('"outcome":"success"', '"outcome":"failure"');
    const cases: Array<[string, string[], RegExp]> = [
      ['edited', edited, /^error: export NOT intact: line 4: record 3 does not match its hash/],
      ['dropped', lines.filter((_, i) => i !== 3), /^error: export NOT intact: line 4: record 4 follows record 2: record 3 is missing/],
      ['reordered', [lines[0]!, lines[1]!, lines[3]!, lines[2]!, ...lines.slice(4)], /^error: export NOT intact: line 3: record 3 follows record 1/],
      ['inserted', [...lines.slice(0, 3), lines[2]!, ...lines.slice(3)], /^error: export NOT intact: line 4: record 2 appears after record 2/],
      ['truncated', lines.slice(0, -1), /^error: export NOT intact: line \d+: /],
    ];
    for (const [name, ls, expected] of cases) {
      const file = path.join(work.dir, `${name}.jsonl`);
      await writeFile(file, `${ls.join('\n')}\n`);
      const run = await cli(['audit', 'verify', '--file', file], null);
      expect(run.code, name).toBe(1);
      expect(run.stderr, name).toMatch(expected);
    }

    // An attacker lists their key beside the real one and re-signs everything: only --expect-key
    // refuses the file, and without it the fingerprint printed is the attacker's alone.
    const realKeyId = (JSON.parse(lines[0]!) as { keys: Array<{ keyId: string }> }).keys[0]!.keyId;
    expect(ok.stdout).toContain(`signing key fingerprint: ${fingerprintOf(realKeyId)}\n`);
    expect(ok.stdout).toMatch(/exported \d{4}-\d\d-\d\dT[\d:.]+Z from workstation [0-9a-f]{32}\n/);
    const attacker = attackerKey();
    const parsed = parseLines(text);
    const forgedFile = path.join(work.dir, 'forged.jsonl');
    await writeFile(forgedFile, reseal([{ ...parsed[0]!, keys: [...(parsed[0]!.keys as unknown[]), { keyId: attacker.keyId, publicKey: attacker.publicKey }] }, ...parsed.slice(1)], attacker));
    const refused = await cli(['audit', 'verify', '--file', forgedFile, '--expect-key', realKeyId], null);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: export NOT intact: line \d+: checkpoint at record \d+ is signed by key [0-9a-f]{64}, not the expected key/);
    const consistent = await cli(['audit', 'verify', '--file', forgedFile], null);
    expect(consistent.code).toBe(0);
    expect(consistent.stdout).toContain(`signing key fingerprint: ${fingerprintOf(attacker.keyId)}\n`);
    expect(consistent.stdout).not.toContain(fingerprintOf(realKeyId));
    await scanForPlaintext(dataDir, ['Quist-Abara', 'Lenore', MRN]).then((hits) => expect(hits).toEqual([]));
  }, 90_000);

  it('catches an administrator who edits, deletes, inserts or reorders rows in the database', async () => {
    const edited = await tampered('edited', (db) => db.prepare("UPDATE audit_events SET action = 'patient.search' WHERE seq = 4").run());
    const deleted = await tampered('deleted', (db) => db.prepare('DELETE FROM audit_events WHERE seq = 5').run());
    const inserted = await tampered('inserted', (db) => {
      db.prepare('UPDATE audit_events SET seq = seq + 100000 WHERE seq >= 3').run();
      db.prepare('UPDATE audit_events SET seq = seq - 99999 WHERE seq >= 100000').run();
      const row = db.prepare('SELECT * FROM audit_events WHERE seq = 2').get() as Record<string, unknown>;
      db.prepare('INSERT INTO audit_events (seq, at, workstation_id, user_id, action, outcome, patient_id, photo_id, reason, detail, prev_hash, hash) VALUES (3, @at, @workstation_id, @user_id, @action, @outcome, @patient_id, @photo_id, @reason, @detail, @prev_hash, @hash)').run(row);
    });
    const reordered = await tampered('reordered', (db) => {
      db.prepare('UPDATE audit_events SET seq = 100000 WHERE seq = 6').run();
      db.prepare('UPDATE audit_events SET seq = 6 WHERE seq = 7').run();
      db.prepare('UPDATE audit_events SET seq = 7 WHERE seq = 100000').run();
    });
    const expectations: Array<[string, RegExp]> = [
      [edited, /^error: audit log NOT intact: record 4 does not match its hash/],
      [deleted, /^error: audit log NOT intact: record 6 follows record 4: record 5 is missing/],
      [inserted, /^error: audit log NOT intact: record 3 does not link to record 2|^error: audit log NOT intact: record 3 does not match its hash/],
      [reordered, /^error: audit log NOT intact: record 6 does not (link|match)/],
    ];
    for (const [dir, expected] of expectations) {
      const run = await cli(['audit', 'verify', '--data-dir', dir, '--user', ADMIN.username]);
      expect(run.code, path.basename(dir)).toBe(1);
      expect(run.stderr, path.basename(dir)).toMatch(expected);
    }
  }, 120_000);

  it('refuses bad usage with exit 2', async () => {
    const both = await cli(['audit', 'verify', '--file', 'x', '--data-dir', dataDir], null);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error: give either --file or --data-dir/);
    const none = await cli(['audit', 'frob'], null);
    expect(none.code).toBe(2);
    const missing = await cli(['audit', 'verify', '--file', path.join(work.dir, 'nope.jsonl')], null);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: cannot read .*nope\.jsonl \(ENOENT\)/);
  }, 30_000);
});
