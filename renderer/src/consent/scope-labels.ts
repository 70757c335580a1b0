// Words for the consent codes the core keeps (shared/consent.ts): each use (scope), its state today,
// a consent record's state. The core's English table (CONSENT_SCOPE_LABELS) stays for what it
// writes itself (FHIR display text, its refusal reasons); the screens read these catalogue keys.
import type { ConsentRecord, ConsentScope, ScopeStatus } from '../../../shared/consent';
import type { Translate } from '../i18n';

type T = Translate;

export const scopeLabel = (t: T, scope: ConsentScope): string => t(`consent.scope.${scope}`);

export const scopeStateLabel = (t: T, state: ScopeStatus['state']): string => t(`consent.state.${state}`);

export const recordStateLabel = (t: T, state: ConsentRecord['state']): string => t(`consent.recordState.${state}`);
