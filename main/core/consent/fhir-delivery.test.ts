// A consent's FHIR copy through the real sync worker to the validating in-process FHIR server (TLS,
// bearer auth): recording a consent queues it in the same transaction; the worker sends Consent and
// Provenance, reads the Consent back and verifies it; a withdrawal updates the same Consent (the
// withdrawn use becomes deny), and the row is verified again at the new revision.
import type { Consent, Provenance } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../../shared/consent';
import { withDatabase } from '../access/test-staff';
import { startFhirServer, type FhirPeer } from '../test-support/peers';
import { unwrap } from '../test-support/fixtures';
import { addTarget, FAST_SYNC } from '../sync/test-helpers';
import { consentClinic, defaultTemplate, penSignature, SIGNERS } from './test-support/consent-fixtures';

const TOKEN = 'emr-consent-token-31c9';
let emr: FhirPeer;
beforeAll(async () => {
  emr = await startFhirServer({ tls: true, bearerToken: TOKEN });
}, 30_000);
afterAll(async () => {
  await emr?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a consent delivered to the FHIR target', () => {
  it('arrives as a Consent with its Provenance, is verified, and is updated in place on withdrawal', async () => {
    const c = await consentClinic({ sync: FAST_SYNC });
    try {
      await addTarget(c.client, { name: 'EMR', kind: 'fhir', baseUrl: emr.baseUrl, authKind: 'bearer', secret: TOKEN, pinnedCaPem: emr.caPem! });
      const shown = await defaultTemplate(c.client);
      const consent = unwrap<ConsentRecord>(
        await c.client.api.consent.recordSigned({
          patientId: c.patient.id,
          template: { templateId: shown.template.id, version: shown.template.version, sha256: shown.shownSha256 },
          decisions: [
            { scope: 'clinical', decision: 'grant' },
            { scope: 'publication', decision: 'grant' },
          ],
          signers: SIGNERS,
          identityCheck: { method: 'wristband' },
          signature: penSignature(),
          signedAt: new Date().toISOString(),
        }),
      );
      const mine = async () => (await emr.resources<Consent>('Consent')).find((r) => r.identifier?.some((i) => i.value === consent.id));
      const active = await until('the Consent', mine);
      expect(active.status).toBe('active');
      expect(active.provision?.provision?.map((p) => p.type)).toEqual(['permit', 'permit']);
      const provenance = (await emr.resources<Provenance>('Provenance')).find((p) => p.target[0]?.reference === `Consent/${active.id}`);
      expect(provenance?.signature?.[0]?.sigFormat).toBe('application/json');

      unwrap(await c.client.api.consent.withdraw({ consentId: consent.id, scopes: ['publication'] }));
      const updated = await until('the withdrawal on the server', async () => {
        const r = await mine();
        return r?.provision?.provision?.[1]?.type === 'deny' ? r : undefined;
      });
      expect(updated.id).toBe(active.id);
      expect(updated.status).toBe('active'); // partly withdrawn: clinical is still in force
      expect((await emr.resources<Consent>('Consent')).filter((r) => r.identifier?.some((i) => i.value === consent.id))).toHaveLength(1);

      const row = await until('verification of the new revision', async () => {
        // A second connection beside the running core (WAL), as the CLI's would be.
        const r = await withDatabase(c.dir, (db) => db.prepare('SELECT state, revision, last_error FROM consent_deliveries').get() as { state: string; revision: number; last_error: string | null });
        return r.state === 'verified' ? r : undefined;
      });
      expect(row).toEqual({ state: 'verified', revision: 2, last_error: null });
    } finally {
      await c.dispose();
    }
  });
});
