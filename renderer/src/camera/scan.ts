// What a wristband scan (keyboard-wedge scanner or webcam) resolves to, and the last outcome the
// capture screens show. A scan opens the patient only when exactly one patient matches; none or
// several leave a notice that blocks capture until it is dismissed or a good scan replaces it. The
// look-up answers only id, MRN and the restricted flag: a restricted record opens on its access gate
// (request access or break the glass), and demographics come from opening the record.
import { create } from 'zustand';
import type { PatientLookup } from '../../../shared/channels/patients';
import { call } from '../app/clinic';
import { mrnFromScan } from './mrn';
import type { Translate } from '../i18n';

export type ScanOutcome =
  | { readonly kind: 'found'; readonly patient: PatientLookup; readonly value: string }
  | { readonly kind: 'none'; readonly value: string }
  | { readonly kind: 'several'; readonly value: string; readonly count: number }
  | { readonly kind: 'failed'; readonly value: string; readonly rateLimited: boolean };

const MRN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;

export async function resolveScan(text: string): Promise<ScanOutcome> {
  const value = mrnFromScan(text);
  if (!MRN_PATTERN.test(value)) return { kind: 'none', value };
  const exact = await call((api) => api.patients.findByMrn({ mrn: value }));
  if (!exact.ok) return { kind: 'failed', value, rateLimited: exact.error.code === 'RATE_LIMITED' };
  if (exact.value) return { kind: 'found', patient: exact.value, value };
  // No exact MRN: a partial match across several records must not be guessed at.
  const partial = await call((api) => api.patients.search({ query: value, limit: 10 }));
  if (partial.ok && partial.value.patients.length > 1) return { kind: 'several', value, count: partial.value.patients.length };
  if (partial.ok && partial.value.patients.length === 1) return { kind: 'several', value, count: 1 };
  return { kind: 'none', value };
}

/** What a scan outcome means for the photographer, in the reader's language. */
export function scanMessage(outcome: ScanOutcome, t: Translate): string {
  switch (outcome.kind) {
    case 'found':
      return outcome.patient.restricted ? t('camera.scan.foundRestricted', { mrn: outcome.value }) : t('camera.scan.found', { mrn: outcome.value });
    case 'none':
      return t('camera.scan.none', { mrn: outcome.value });
    case 'several':
      return t('camera.scan.several', { code: outcome.value, count: outcome.count });
    case 'failed':
      return outcome.rateLimited ? t('camera.scan.rateLimited') : t('camera.scan.failed');
  }
}

interface ScanState {
  /** The last scan that did not resolve to one patient; capture is blocked while it is set. */
  readonly blocking: ScanOutcome | null;
  /** The last scan that did (announced, not blocking). */
  readonly last: ScanOutcome | null;
  record(outcome: ScanOutcome): void;
  dismiss(): void;
}

export const useScanStore = create<ScanState>()((set) => ({
  blocking: null,
  last: null,
  record(outcome) {
    if (outcome.kind === 'found') set({ blocking: null, last: outcome });
    else set({ blocking: outcome, last: outcome });
  },
  dismiss() {
    set({ blocking: null });
  },
}));
