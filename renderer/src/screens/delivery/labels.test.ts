// How the delivery screen and the header read deliveries that wait on something other than the
// network: with their reason, never as "to sync", "Queued" or "Delivering".
import { describe, expect, it } from 'vitest';
import type { PhotoDelivery, SyncStatus } from '../../../../shared/channels/delivery';
import { translator } from '../../../../shared/i18n/intl';
import { deliveryLabel, overallDelivery, syncSummary, TARGET_KIND_NAMES, waitingPhrases } from './labels';

const { t } = translator('en');

const status = (over: Partial<SyncStatus['counts']>, waiting: SyncStatus['waiting']): Pick<SyncStatus, 'total' | 'counts' | 'waiting'> => {
  const counts = { queued: 0, in_flight: 0, delivered: 0, verified: 0, failed: 0, ...over };
  return { total: Object.values(counts).reduce((a, b) => a + b, 0), counts, waiting };
};

const row = (state: PhotoDelivery['state'], waitingFor: PhotoDelivery['waitingFor'], targetName = 'PACS'): PhotoDelivery => ({
  id: 'a'.repeat(32),
  photoId: 'b'.repeat(32),
  targetId: 'c'.repeat(32),
  targetName,
  kind: 'dicom',
  state,
  attempts: 0,
  nextAttemptAt: '2026-03-01T10:00:00.000Z',
  lastError: null,
  remoteId: null,
  waitingFor,
});

describe('deliveries that wait on something other than the network', () => {
  it('are not "to sync" in the header, and its accessible name gives their reasons', () => {
    expect(syncSummary(t, status({ queued: 1, in_flight: 1, verified: 3 }, { held: 1, takeover: 1, consent: 0 }))).toEqual({
      text: '2 waiting',
      label:
        'Sync: nothing to deliver now. 3 of 5 deliveries verified. Waiting: 1 held while the photographer decides at the retake prompt; 1 started by a program that has stopped; this workstation takes the upload over.',
    });
    // Real uploads still read as "to sync", with the waits named beside them.
    expect(syncSummary(t, status({ queued: 3, verified: 1 }, { held: 1, takeover: 0, consent: 0 })).text).toBe('2 to sync');
    expect(syncSummary(t, status({ verified: 2 }, { held: 0, takeover: 0, consent: 0 }))).toEqual({ text: 'Synced ✓', label: 'Sync: all delivered. 2 of 2 deliveries verified.' });
  });

  it('read as their reason on a photo, and speak for it over a plain delivery of the same state', () => {
    expect(deliveryLabel(t, row('queued', 'held'))).toBe('Held');
    expect(deliveryLabel(t, row('in_flight', 'takeover'))).toBe('Resuming');
    expect(deliveryLabel(t, row('in_flight', null))).toBe('Delivering');
    expect(overallDelivery([row('in_flight', null, 'EMR'), row('in_flight', 'takeover')])?.waitingFor).toBe('takeover');
    expect(overallDelivery([row('queued', null), row('in_flight', 'takeover')])?.state).toBe('queued');
    expect(waitingPhrases(t, { held: 0, takeover: 0, consent: 0 })).toEqual([]);
  });

  it('says a delivery the consent gate holds needs consent, not that it is queued', () => {
    expect(deliveryLabel(t, row('queued', 'consent'))).toBe('Needs consent');
    expect(waitingPhrases(t, { held: 0, takeover: 0, consent: 2 })).toEqual([expect.stringMatching(/^2 not released by the patient's consent/)]);
    // Held for consent is waiting, not "to sync": the network is not what it waits for.
    expect(syncSummary(t, status({ queued: 1, verified: 1 }, { held: 0, takeover: 0, consent: 1 })).text).toBe('1 waiting');
  });
});

describe('in other languages', () => {
  it('counts with the plural rules of the language and keeps the reasons in that language', () => {
    const de = translator('de').t;
    expect(syncSummary(de, status({ verified: 2 }, { held: 0, takeover: 0, consent: 0 }))).toEqual({ text: 'Synchronisiert ✓', label: 'Synchronisierung: alles übermittelt. 2 von 2 Übermittlungen bestätigt.' });
    expect(syncSummary(de, status({ verified: 1 }, { held: 0, takeover: 0, consent: 0 })).label).toContain('1 von 1 Übermittlung bestätigt.');
    expect(waitingPhrases(de, { held: 0, takeover: 0, consent: 2 })).toEqual([expect.stringMatching(/^2 von der Einwilligung des Patienten .* werden gesendet, sobald/)]);
    expect(deliveryLabel(de, row('queued', 'consent'))).toBe('Einwilligung fehlt');
  });

  it('uses the Arabic dual and plural forms', () => {
    const ar = translator('ar').t;
    const two = waitingPhrases(ar, { held: 2, takeover: 0, consent: 0 })[0]!;
    const three = waitingPhrases(ar, { held: 3, takeover: 0, consent: 0 })[0]!;
    expect(two).toContain('عنصران محتجزان');
    expect(three).toContain('عناصر محتجزة');
  });
});

describe('target kinds', () => {
  it('names each protocol by its own name: a DICOM C-STORE target is not "FHIR R4"', () => {
    expect(TARGET_KIND_NAMES).toEqual({ dicomweb: 'DICOMweb', fhir: 'FHIR R4', dimse: 'DICOM C-STORE' });
  });
});
