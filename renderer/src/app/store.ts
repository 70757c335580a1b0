// App-wide state: where we are (setup, sign-in, signed in), who is signed in, and which screen is
// showing. Screen-local data (search results, photos) lives in the screens themselves.
import { create } from 'zustand';
import type { ResponseOf } from '../../../shared/contract';
import type { Locale } from '../../../shared/i18n/locales';
import { t } from '../i18n';

export type SessionInfo = NonNullable<ResponseOf<'session', 'current'>>;

export type Phase = 'starting' | 'setup' | 'signIn' | 'app' | 'unavailable';

export type View =
  | { readonly name: 'patients' }
  | { readonly name: 'patient'; readonly patientId: string }
  | { readonly name: 'access' }
  | { readonly name: 'accessAlerts' }
  | { readonly name: 'users' }
  | { readonly name: 'keys' }
  | { readonly name: 'account' }
  /** Delivery targets and sync status (renderer/src/screens/delivery). */
  | { readonly name: 'delivery' }
  /** Consent templates and the clinic's consent policy (renderer/src/consent/forms). */
  | { readonly name: 'consentForms' }
  /** The privacy officer's audit screens (renderer/src/screens/audit). */
  | { readonly name: 'audit'; readonly section: AuditSection }
  /** The user's language and, for administrators, the workstation's (renderer/src/app/LanguageScreen). */
  | { readonly name: 'language' };

export type AuditSection = 'log' | 'integrity' | 'anomalies' | 'forwarding';

/** Where a role starts: the patient list for those who may read patients, else their own work. */
export function homeView(session: SessionInfo): View {
  const can = (p: string) => session.permissions.includes(p);
  if (can('patient.read')) return { name: 'patients' };
  if (can('audit.read')) return { name: 'audit', section: 'log' };
  if (can('access.alerts')) return { name: 'accessAlerts' };
  return { name: 'account' };
}

interface AppState {
  readonly phase: Phase;
  readonly clinicName: string | null;
  /** The workstation's language (null: as the operating system), known before anyone signs in. */
  readonly workstationLocale: Locale | null;
  readonly session: SessionInfo | null;
  /** A one-off message for the sign-in screen, e.g. why the user is back there. */
  readonly signInNotice: string | null;
  readonly view: View;
  /** The patient search box keeps its text when the user comes back from a patient. */
  readonly patientQuery: string;
  started(status: { initialized: boolean; clinicName: string | null; locale: Locale | null }, session: SessionInfo | null): void;
  workstationLocaleChanged(locale: Locale | null): void;
  unavailable(): void;
  signedIn(session: SessionInfo): void;
  signedOut(): void;
  sessionLost(): void;
  openPatient(patientId: string): void;
  showPatients(): void;
  /** Access control (restricted patients, grants, settings) and the privacy officer's alerts. */
  showView(view: View): void;
  setPatientQuery(query: string): void;
  /** The session was locked (idle, OS, or by the user): the lock screen replaces everything. */
  locked(): void;
  /** A newer copy of the session (unlocked, password changed, second factor enrolled). */
  sessionUpdated(session: SessionInfo): void;
}

const signedOutState = { session: null, view: { name: 'patients' } as View, patientQuery: '' };

export const useAppStore = create<AppState>()((set, get) => ({
  phase: 'starting',
  clinicName: null,
  workstationLocale: null,
  session: null,
  signInNotice: null,
  view: { name: 'patients' },
  patientQuery: '',
  started(status, session) {
    set({ workstationLocale: status.locale });
    if (!status.initialized) set({ phase: 'setup', clinicName: null, session: null });
    else if (session) set({ phase: 'app', clinicName: session.clinicName, session });
    else set({ phase: 'signIn', clinicName: status.clinicName, session: null });
  },
  workstationLocaleChanged(locale) {
    set({ workstationLocale: locale });
  },
  unavailable() {
    set({ phase: 'unavailable' });
  },
  signedIn(session) {
    set({ phase: 'app', session, clinicName: session.clinicName, signInNotice: null, view: homeView(session), patientQuery: '' });
  },
  signedOut() {
    set({ ...signedOutState, phase: 'signIn', signInNotice: t('app.signedOut') });
  },
  sessionLost() {
    if (get().phase !== 'app') return;
    set({ ...signedOutState, phase: 'signIn', signInNotice: t('errors.NOT_SIGNED_IN') });
  },
  openPatient(patientId) {
    set({ view: { name: 'patient', patientId } });
  },
  showPatients() {
    set({ view: { name: 'patients' } });
  },
  showView(view) {
    set({ view });
  },
  setPatientQuery(query) {
    set({ patientQuery: query });
  },
  locked() {
    const session = get().session;
    if (get().phase !== 'app' || !session || session.restriction === 'locked') return;
    // The search text may be a patient's name: it does not survive a lock.
    set({ session: { ...session, restriction: 'locked' }, patientQuery: '' });
  },
  sessionUpdated(session) {
    set({ session, clinicName: session.clinicName });
  },
}));
