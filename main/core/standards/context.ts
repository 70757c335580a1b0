// The capture context every photo must carry: a body site from the shipped SNOMED CT value set,
// a laterality the site allows, a view from the controlled list, and optionally the template step
// it was taken for. The core checks it against the value sets; the renderer's pickers only offer
// valid choices, but the core never trusts that.
import type { CaptureContext } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import { findBodySite } from '../../../shared/value-sets/body-sites';
import { findTemplate } from '../../../shared/value-sets/templates';
import { lateralitiesFor } from '../../../shared/value-sets/views';

/** Returns the context with the value set's display term; throws VALIDATION_FAILED naming the field. */
export function checkCaptureContext(context: CaptureContext): CaptureContext {
  const site = findBodySite(context.bodySite.code);
  if (!site) throw invalid('context.bodySite.code', 'is not a body site in the shipped value set');
  if (!lateralitiesFor(site.paired).includes(context.laterality)) {
    throw invalid('context.laterality', site.paired ? 'must be left, right or bilateral for this site' : 'must be unpaired for this site');
  }
  if (context.template) {
    const template = findTemplate(context.template.id);
    if (!template) throw invalid('context.template.id', 'is not a known capture template');
    if (context.template.step >= template.shots.length) throw invalid('context.template.step', 'is past the end of the template');
  }
  // The stored term is always the value set's, so one code never shows under two names.
  return { ...context, bodySite: { code: site.code, display: site.display } };
}

const invalid = (field: string, message: string) => new CoreError('VALIDATION_FAILED', 'The body site, side or view is not valid.', { [field]: message });
