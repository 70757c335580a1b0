// Shared by the consent tests: a clinic with a patient, an encounter and the simulated camera; a
// capture of a given body site; a real (tiny) PDF scan; a signature as a pad records it; and
// recording paper and signed consents through the typed API.
import type { ConsentRecord, ScopeDecision, ShownTemplate, Signature } from '../../../../shared/consent';
import type { Encounter, Patient, Photo } from '../../../../shared/domain';
import type { CoreOptions } from '../../core';
import { SIMULATED_CAMERA_ID } from '../../capture/simulated-camera';
import { initializedClinic, unwrap } from '../../test-support/fixtures';
import { DEFAULT_TEMPLATE_ID } from '../templates';
import { renderInterimPdf } from '../interim-pdf';

export const PATIENT = { mrn: 'CONSENT-1', familyName: 'Okonkwo', givenName: 'Adaeze', birthDate: '1985-07-14', sex: 'F' as const };

export const SITES = {
  face: { code: '73897004', display: 'Skin of face' },
  cheek: { code: '36141000', display: 'Skin of cheek' },
  back: { code: '66643007', display: 'Skin of back' },
  abdomen: { code: '75093004', display: 'Skin of abdomen' },
} as const;

export async function consentClinic(options: Partial<CoreOptions> = {}) {
  const c = await initializedClinic(options);
  const patient = unwrap<Patient>(await c.client.api.patients.register(PATIENT));
  const encounter = unwrap<Encounter>(await c.client.api.encounters.start({ patientId: patient.id }));
  const capture = async (site: (typeof SITES)[keyof typeof SITES]): Promise<string> => {
    const laterality = site === SITES.cheek ? 'left' : 'unpaired';
    const photo = unwrap<Photo>(await c.client.api.capture.take({ encounterId: encounter.id, cameraId: SIMULATED_CAMERA_ID, context: { bodySite: site, laterality, view: 'anterior' } }));
    return photo.id;
  };
  const paper = async (decisions: Array<Partial<ScopeDecision> & Pick<ScopeDecision, 'scope' | 'decision'>>, extra: Record<string, unknown> = {}) =>
    unwrap<ConsentRecord>(
      await c.client.api.consent.recordPaperFile({
        mrn: PATIENT.mrn,
        decisions: decisions.map((d) => ({ expiresOn: null, ...d })),
        signedOn: new Date().toISOString().slice(0, 10),
        scan: await scanPdf(),
        ...extra,
      }),
    );
  return { ...c, patient, encounter, capture, paper };
}

/** A real one-page PDF, as a scanner's would be (the interim renderer writes a valid one). */
export const scanPdf = async (): Promise<Buffer> =>
  renderInterimPdf({
    consentId: 'scan',
    clinicName: 'Scan',
    workstationId: 'scanner',
    patient: { name: 'Scan', mrn: 'x', birthDate: 'x' },
    template: { id: 'paper', version: 1, name: 'Paper form', language: 'en' },
    text: 'Paper consent form (scanned).',
    textSha256: '0'.repeat(64),
    decisions: [],
    limits: { bodySites: null, faceMayBeVisible: true },
    signers: { signer: { role: 'patient', name: 'Scan', relationship: null, authority: null }, minorAssent: null, witness: null, interpreter: null },
    identityCheck: { staffName: 'x', method: 'other', note: null },
    signature: { png: new Uint8Array(), strokes: [], padWidth: 1, padHeight: 1, devicePixelRatio: 1 },
    signedAt: '2026-01-01T00:00:00.000Z',
    recordedAt: '2026-01-01T00:00:00.000Z',
    recordedBy: 'x',
  });

/** A 1×1 transparent PNG, as the pad's canvas would export (smallest real PNG). */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A pen signature across the pad: 40 samples with pressure and tilt, as coalesced events give them. */
export function penSignature(): Signature {
  const stroke = Array.from({ length: 40 }, (_, i) => ({ x: 20 + i * 8, y: 100 + Math.sin(i / 3) * 30, t: i * 8, pressure: 0.4 + (i % 5) / 20, tiltX: 12, tiltY: -5, pointerType: 'pen' as const }));
  return { strokes: [stroke], padWidth: 600, padHeight: 200, devicePixelRatio: 2, png: PNG_1X1 };
}

export const SIGNERS = { signer: { role: 'patient' as const, name: 'Adaeze Okonkwo' } };

export async function defaultTemplate(client: Awaited<ReturnType<typeof consentClinic>>['client']): Promise<ShownTemplate> {
  return unwrap<ShownTemplate>(await client.api.consent.getTemplate({ templateId: DEFAULT_TEMPLATE_ID }));
}
