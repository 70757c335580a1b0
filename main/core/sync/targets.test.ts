// The target URL policy and secrets: https always, plain http only to loopback (a named error
// otherwise), no credentials in URLs, CA pins must be CA certificates, and secrets never appear in
// what the renderer gets.
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../../../shared/errors';
import { initializedClinic } from '../test-support/fixtures';
import { migrate } from '../db/migrations';
import type { Db } from '../db/open';
import { checkTargetUrl, createTarget, getTargetConfig, isLoopbackHost, listTargets, updateTarget } from './targets';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return isCoreError(e) ? e.code : 'OTHER';
  }
};

describe('target URL policy', () => {
  it('accepts https anywhere and trims the trailing slash', () => {
    expect(checkTargetUrl('https://pacs.example.org/dicom-web/')).toBe('https://pacs.example.org/dicom-web');
  });

  it.each(['http://127.0.0.1:8042/dicom-web', 'http://127.8.9.10/fhir', 'http://[::1]:8080/fhir', 'http://localhost/x'])('allows plain http to loopback: %s', (url) => {
    expect(codeOf(() => checkTargetUrl(url))).toBeNull();
  });

  it.each(['http://pacs.example.org/dicom-web', 'http://10.0.0.5/fhir', 'http://128.0.0.1/', 'http://[::2]/', 'http://127.0.0.1.nip.io/', 'http://localhost.example.org/'])(
    'refuses plain http to %s with INSECURE_TARGET',
    (url) => {
      expect(codeOf(() => checkTargetUrl(url))).toBe('INSECURE_TARGET');
    },
  );

  it.each(['ftp://pacs.example.org/', 'https://user:pw@pacs.example.org/', 'https://pacs.example.org/?token=x', 'not a url'])('refuses %s', (url) => {
    expect(codeOf(() => checkTargetUrl(url))).toBe('VALIDATION_FAILED');
  });

  it('knows loopback names', () => {
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });
});

describe('targets in the database', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db);
  });

  it('stores the secret but lists only whether it is set, and keeps it on an update without one', () => {
    const t = createTarget(db, { name: 'PACS', kind: 'dicomweb', baseUrl: 'https://pacs.example.org/dicom-web', authKind: 'basic', username: 'sync', secret: 'pw-123' }, null, new Date());
    expect(JSON.stringify(listTargets(db))).not.toContain('pw-123');
    expect(t).toMatchObject({ secretSet: true, username: 'sync', pinnedCa: false, enabled: true });
    updateTarget(db, t.id, { name: 'PACS 2', kind: 'dicomweb', baseUrl: 'https://pacs.example.org/dicom-web', authKind: 'basic', username: 'sync' }, new Date());
    expect(getTargetConfig(db, t.id).secret).toBe('pw-123');
  });

  it('refuses basic auth without a secret, basic auth for FHIR, a change of kind, and a non-CA pin', () => {
    expect(codeOf(() => createTarget(db, { name: 'P', kind: 'dicomweb', baseUrl: 'https://p.example/dw', authKind: 'basic', username: 'u' }, null, new Date()))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => createTarget(db, { name: 'F', kind: 'fhir', baseUrl: 'https://f.example/fhir', authKind: 'basic', username: 'u', secret: 'x' }, null, new Date()))).toBe('VALIDATION_FAILED');
    const t = createTarget(db, { name: 'F', kind: 'fhir', baseUrl: 'https://f.example/fhir', authKind: 'none' }, null, new Date());
    expect(codeOf(() => updateTarget(db, t.id, { name: 'F', kind: 'dicomweb', baseUrl: 'https://f.example/fhir', authKind: 'none' }, new Date()))).toBe('VALIDATION_FAILED');
    const notPem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    expect(codeOf(() => createTarget(db, { name: 'F', kind: 'fhir', baseUrl: 'https://f.example/fhir', authKind: 'none', pinnedCaPem: notPem }, null, new Date()))).toBe('VALIDATION_FAILED');
  });

  it('refuses an over-long pin as a validation error before parsing it, storing nothing', () => {
    const hostile = '-----BEGIN CERTIFICATE-----'.repeat(20_000);
    expect(codeOf(() => createTarget(db, { name: 'F', kind: 'fhir', baseUrl: 'https://f.example/fhir', authKind: 'none', pinnedCaPem: hostile }, null, new Date()))).toBe('VALIDATION_FAILED');
    expect(listTargets(db)).toEqual([]);
  });

  it('refuses plain http to a remote host when creating a target', () => {
    expect(codeOf(() => createTarget(db, { name: 'P', kind: 'dicomweb', baseUrl: 'http://pacs.example.org/dicom-web', authKind: 'none' }, null, new Date()))).toBe('INSECURE_TARGET');
    expect(listTargets(db)).toEqual([]);
  });
});

describe('a pinned CA through the router', () => {
  it('answers 512 KB of repeated PEM headers with VALIDATION_FAILED on the field', async () => {
    const clinic = await initializedClinic();
    try {
      const hostile = '-----BEGIN CERTIFICATE-----'.repeat(Math.ceil((512 * 1024) / 27));
      const result = await clinic.client.api.delivery.createTarget({ target: { name: 'EMR', kind: 'fhir', baseUrl: 'https://emr.example.org/fhir', authKind: 'none', pinnedCaPem: hostile } });
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(JSON.stringify(result)).toContain('pinnedCaPem');
    } finally {
      await clinic.dispose();
    }
  });
});
