// Use-cases keep working while another connection writes the database: every use-case's writes and
// its audit record go in one IMMEDIATE transaction (db/write.ts), which waits for the write lock
// instead of failing with SQLITE_BUSY(_SNAPSHOT) and so INTERNAL. A child process commits back to
// back, as the sync worker does under load, while the core serves a mix of real write calls.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_THRESHOLDS } from '../../../shared/channels/audit';
import type { Patient } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { withDatabase } from '../access/test-staff';
import { initializedClinic, unwrap } from '../test-support/fixtures';

const root = path.resolve(import.meta.dirname, '../../..');
let clinic: Awaited<ReturnType<typeof initializedClinic>>;

beforeAll(async () => {
  clinic = await initializedClinic();
});
afterAll(() => clinic.dispose());

/** Starts the second writer; resolves once it writes, with a promise of its commit count. */
async function startHammer(ms: number): Promise<Promise<number>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/core/db/test-support/write-hammer-child.ts'), clinic.dir, String(ms)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  expect((await lines.next()).value).toBe('ready');
  return (async () => Number((await lines.next()).value))();
}

describe('writes while another connection writes', () => {
  it('never fail with INTERNAL', async () => {
    const api = clinic.client.api;
    const target = unwrap(await api.delivery.createTarget({ target: { name: 'PACS', kind: 'dicomweb', baseUrl: 'http://127.0.0.1:9/dicom-web', authKind: 'none', enabled: false } }));
    const commits = await startHammer(6_000);
    const codes = new Map<string, number>();
    const count = <T,>(r: Result<T>) => {
      const key = r.ok ? 'ok' : r.error.code;
      codes.set(key, (codes.get(key) ?? 0) + 1);
      return r;
    };
    const until = Date.now() + 5_000;
    let i = 0;
    while (Date.now() < until) {
      i += 1;
      const patient = count<Patient>(await api.patients.register({ mrn: `BUSY-${i}`, familyName: 'Contention', givenName: `Case ${i}`, birthDate: '1970-01-01', sex: 'U' }));
      if (patient.ok) {
        count(await api.encounters.start({ patientId: patient.value.id, reason: '' }));
        count(await api.photos.list({ patientId: patient.value.id }));
        count(await api.access.restrict({ mrn: patient.value.mrn, category: 'vip', reason: 'Public figure; contention test' }));
        count(await api.access.unrestrict({ patientId: patient.value.id }));
      }
      count(await api.users.updateSettings({ idleLockMinutes: 5 + (i % 3), secondFactorRequiredFor: [] }));
      count(await api.delivery.updateTarget({ targetId: target.id, target: { name: `PACS ${i}`, kind: 'dicomweb', baseUrl: 'http://127.0.0.1:9/dicom-web', authKind: 'none', enabled: false } }));
      count(await api.audit.saveThresholds({ thresholds: { ...DEFAULT_AUDIT_THRESHOLDS, massView: { count: 50 + (i % 5), windowMinutes: 10 } } }));
    }
    const written = await commits;
    expect(written, 'the second writer committed throughout').toBeGreaterThan(1_000);
    expect(Object.fromEntries(codes)).toEqual({ ok: codes.get('ok') });
    expect(codes.get('ok')).toBeGreaterThan(100);
  }, 60_000);
});

describe('a use-case and its audit record', () => {
  it('commit together: when the audit record cannot be written, the change is not made either', async () => {
    const api = clinic.client.api;
    // The audit trail refuses this one action, as a full disk or a broken trail would.
    await withDatabase(clinic.dir, (db) =>
      db.exec(`CREATE TRIGGER refuse_target_audit BEFORE INSERT ON audit_events WHEN NEW.action IN ('delivery.target-create', 'delivery.target-update')
               BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END`),
    );
    const before = unwrap(await api.delivery.listTargets({}));
    const input = { name: 'Unaudited PACS', kind: 'dicomweb' as const, baseUrl: 'http://127.0.0.1:9/dicom-web', authKind: 'none' as const, enabled: false };
    expect(await api.delivery.createTarget({ target: input })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(unwrap(await api.delivery.listTargets({}))).toEqual(before);
    if (before[0]) {
      const { id, name } = before[0];
      expect(await api.delivery.updateTarget({ targetId: id, target: { ...input, name: `${name} renamed` } })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(unwrap(await api.delivery.listTargets({}))).toEqual(before);
    }
    await withDatabase(clinic.dir, (db) => db.exec('DROP TRIGGER refuse_target_audit'));
  });
});
