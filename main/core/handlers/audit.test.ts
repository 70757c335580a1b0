// The privacy officer's channels through the real core and router: search with filters and
// paging, CSV with formula cells defused, anomalies with stored thresholds, settings and
// forwarding validation; reading the log is itself audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Anomaly, AuditRecord, AuditThresholds } from '../../../shared/channels/audit';
import { initializedClinic, unwrap } from '../test-support/fixtures';

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let now = new Date(2026, 2, 4, 10, 0, 0); // a Wednesday, 10:00 local time
const tick = (ms: number) => (now = new Date(now.getTime() + ms));

beforeEach(async () => {
  now = new Date(2026, 2, 4, 10, 0, 0);
  clinic = await initializedClinic({ clock: () => now });
});
afterEach(async () => clinic.dispose());

describe('audit channels', () => {
  it('search filters by user, patient (MRN), action and date, with paging; CSV defuses formulas', async () => {
    const patient = unwrap<{ id: string }>(await clinic.client.api.patients.register({ mrn: 'MRN-7', familyName: '=HYPERLINK("x")', givenName: 'Jo', birthDate: '1980-01-01', sex: 'F' }));
    for (let i = 0; i < 7; i++) {
      tick(1000);
      unwrap(await clinic.client.api.patients.get({ patientId: patient.id }));
    }
    const page0 = unwrap<{ records: AuditRecord[]; total: number }>(await clinic.client.api.audit.search({ mrn: 'MRN-7', action: 'patient', pageSize: 5 }));
    const all = unwrap<{ records: AuditRecord[]; total: number }>(await clinic.client.api.audit.search({ mrn: 'MRN-7', pageSize: 200 }));
    expect(all.records.filter((r) => r.action === 'patient.view')).toHaveLength(7);
    expect(all.records.every((r) => r.patientId === patient.id)).toBe(true);
    expect(page0.total).toBe(all.records.filter((r) => r.action.startsWith('patient.')).length);
    expect(page0.records).toHaveLength(5);
    expect(page0.records[0]).toMatchObject({ action: 'patient.view', username: 'admin', mrn: 'MRN-7', patientId: patient.id });
    const page1 = unwrap<{ records: AuditRecord[] }>(await clinic.client.api.audit.search({ mrn: 'MRN-7', action: 'patient', pageSize: 5, page: 1 }));
    expect(page1.records.at(-1)?.action).toBe('patient.register');
    expect(page1.records[0]!.seq).toBeLessThan(page0.records.at(-1)!.seq);
    const none = unwrap<{ total: number }>(await clinic.client.api.audit.search({ from: '2026-03-05' }));
    expect(none.total).toBe(0);
    const bad = await clinic.client.api.audit.search({ username: 'nobody', mrn: 'NO-SUCH' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { username: expect.any(String), mrn: expect.any(String) } } });

    const csv = unwrap<{ csv: string; rows: number; fileName: string }>(await clinic.client.api.audit.exportCsv({ mrn: 'MRN-7' }));
    expect(csv.rows).toBe(all.total + 1); // the search above was recorded too, for this patient
    expect(csv.fileName).toBe('audit-2026-03-04.csv');
    const lines = csv.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,time_utc,workstation_id,user_id,username,action,outcome,patient_id,mrn,photo_id,reason,detail');
    expect(csv.csv).not.toContain('HYPERLINK'); // names are never in the log

    const mine = unwrap<{ records: AuditRecord[] }>(await clinic.client.api.audit.search({ action: 'audit' }));
    expect(mine.records.map((r) => r.action)).toContain('audit.search');
    expect(mine.records.map((r) => r.action)).toContain('audit.export-csv');
  });

  it('lists anomalies with the thresholds the officer saved, and validates them', async () => {
    await clinic.dispose();
    now = new Date(2026, 2, 4, 22, 0, 0); // a Wednesday, 22:00 local time: after hours
    clinic = await initializedClinic({ clock: () => now });
    const patient = unwrap<{ id: string }>(await clinic.client.api.patients.register({ mrn: 'MRN-8', familyName: 'Doe', givenName: 'Jo', birthDate: '1980-01-01', sex: 'F' }));
    const settings = unwrap<{ thresholds: AuditThresholds; signingKey: { keyId: string; fingerprint: string } }>(await clinic.client.api.audit.settings({}));
    expect(settings.signingKey.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(settings.signingKey.fingerprint.split(' ')).toHaveLength(16);
    const thresholds = { ...settings.thresholds, massView: { count: 4, windowMinutes: 1 } };
    unwrap(await clinic.client.api.audit.saveThresholds({ thresholds }));
    for (let i = 0; i < 5; i++) {
      tick(5000);
      unwrap(await clinic.client.api.patients.get({ patientId: patient.id }));
    }
    const { anomalies } = unwrap<{ anomalies: Anomaly[] }>(await clinic.client.api.audit.anomalies({}));
    const kinds = anomalies.map((a) => a.kind);
    expect(kinds).toContain('mass-view');
    expect(kinds).toContain('after-hours');
    expect(anomalies.find((a) => a.kind === 'mass-view')).toMatchObject({ count: 5, username: 'admin' });

    const invalid = await clinic.client.api.audit.saveThresholds({ thresholds: { ...thresholds, businessHours: { start: '19:00', end: '07:00', weekendsAreAfterHours: true } } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((unwrap<{ thresholds: AuditThresholds }>(await clinic.client.api.audit.settings({}))).thresholds.massView.count).toBe(4);
  });

  it('refuses to enable forwarding without a CA certificate, and verifies the live log', async () => {
    const refused = await clinic.client.api.audit.saveForwarding({ enabled: true, host: 'syslog.example.org', port: 6514, caPem: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { caPem: expect.any(String) } } });
    const verified = unwrap<{ ok: boolean; records: number }>(await clinic.client.api.audit.verify({}));
    expect(verified.ok).toBe(true);
    expect(verified.records).toBeGreaterThan(1);
  });
});
