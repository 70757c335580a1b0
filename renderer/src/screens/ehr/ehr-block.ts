// A patient the EHR launched the workstation on who cannot be confirmed here (identifiers that
// disagree, or no MRN or birth date): like an unresolved wristband scan, it blocks capture on
// every patient until someone dismisses it, so a photo cannot land on whoever happens to be open.
import { create } from 'zustand';

interface EhrBlockState {
  /** Why capture is blocked (no PHI beyond what the screen already shows), or null. */
  readonly blocking: string | null;
  block(reason: string): void;
  dismiss(): void;
}

export const useEhrBlockStore = create<EhrBlockState>()((set) => ({
  blocking: null,
  block: (reason) => set({ blocking: reason }),
  dismiss: () => set({ blocking: null }),
}));
