// Which earlier photo may be the ghost over the live view. The core answers the newest photo of
// the site and side, preferring the chosen view; when it had to fall back to another view the
// ghost would mislead (a profile laid over a frontal shot), so that photo is only offered, named
// by its view, and never shown unless the photographer asks for it.
import type { View } from '../../../shared/value-sets/views';
import { VIEWS } from '../../../shared/value-sets/views';

export interface GhostCandidate {
  readonly handle: string;
  readonly capturedAt: string;
  readonly view: string | null;
}

export type GhostChoice<P extends GhostCandidate = GhostCandidate> =
  | { readonly kind: 'none' }
  /** The same view: shown by default. */
  | { readonly kind: 'same-view'; readonly photo: P }
  /** Another view (or none recorded): offered under its view's name, hidden until asked for. */
  | { readonly kind: 'other-view'; readonly photo: P; readonly view: View | null };

const asView = (v: string | null): View | null => ((VIEWS as readonly string[]).includes(v ?? '') ? (v as View) : null);

export function chooseGhost<P extends GhostCandidate>(photo: P | null, wantedView: View | null): GhostChoice<P> {
  if (!photo) return { kind: 'none' };
  if (wantedView !== null && photo.view === wantedView) return { kind: 'same-view', photo };
  return { kind: 'other-view', photo, view: asView(photo.view) };
}
