// Whether the screen is handed to a patient in signing mode, and what they are signing. While it is
// set, App shows only SigningMode: no header, no navigation, no patient data beyond the form. It
// ends only by locking the session (the staff member's password brings the app back), or when the
// session locks or ends on its own: it never survives a lock, so unlocking lands on the patient.
import { create } from 'zustand';
import type { IdentityCheck, ShownTemplate, Signers } from '../../../shared/consent';
import { call } from '../app/clinic';
import { useAppStore } from '../app/store';

export interface SigningRequest {
  readonly patientId: string;
  readonly shown: ShownTemplate;
  readonly signers: Signers;
  readonly identityCheck: IdentityCheck;
  /** The last day (inclusive) of every use granted, set by staff before handing over; null: none. */
  readonly expiresOn: string | null;
}

interface SigningState {
  readonly request: SigningRequest | null;
  start(request: SigningRequest): void;
  /** The patient is done (or staff wants the screen back): lock, so only the password leaves. */
  handBack(): void;
}

export const useSigningStore = create<SigningState>()((set) => ({
  request: null,
  start(request) {
    set({ request });
    // Full screen where the browser allows it (it needs the click that started signing); the
    // signing screen covers the window either way.
    if (typeof document !== 'undefined') void document.documentElement.requestFullscreen?.().catch(() => undefined);
  },
  handBack() {
    // Lock first in the renderer (the lock screen replaces everything at once), then in the core.
    useAppStore.getState().locked();
    void call((api) => api.session.lock({}));
  },
}));

// A lock, a sign-out or a lost session ends signing mode; so does leaving the app phase.
useAppStore.subscribe((s) => {
  const keep = s.phase === 'app' && s.session !== null && s.session.restriction === null;
  if (!keep && useSigningStore.getState().request !== null) {
    useSigningStore.setState({ request: null });
    if (typeof document !== 'undefined' && document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }
});
