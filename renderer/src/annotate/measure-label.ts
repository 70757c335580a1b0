// Measurements and scales as the screen shows them, through the message catalogue and Intl:
// "6.2 ± 0.1 mm (ruler)", "34 ± 1 px (uncalibrated)", "90.0° ± 0.6°". Value and uncertainty are
// rounded together (shared/annotations/measure.ts), so the digits shown are the digits that mean
// something.
import type { Calibration } from '../../../shared/annotations/document';
import { roundMeasurement, type Measurement } from '../../../shared/annotations/measure';
import type { Formatters } from '../../../shared/i18n/format';
import type { Translate } from '../i18n';

const sourceWord = (source: Measurement['source'], t: Translate): string => (source === 'ruler' ? t('measure.source.ruler') : t('measure.source.manual'));

export function measurementText(m: Measurement, t: Translate, f: Formatters): string {
  const r = roundMeasurement(m.value, m.uncertainty);
  const value = f.number(r.value, r.decimals);
  const uncertainty = f.number(r.uncertainty, r.decimals);
  switch (m.unit) {
    case 'mm':
      return t('measure.length', { value, uncertainty, source: sourceWord(m.source, t) });
    case 'mm2':
      return t('measure.area', { value, uncertainty, source: sourceWord(m.source, t) });
    case 'px':
      return t('measure.lengthPx', { value, uncertainty });
    case 'px2':
      return t('measure.areaPx', { value, uncertainty });
    case 'deg':
      // Not f.degrees: it drops trailing zeros, and "90° ± 0.6°" hides the digit the uncertainty speaks of.
      return t('measure.angle', { value, uncertainty });
  }
}

export function scaleText(c: Calibration, t: Translate, f: Formatters): string {
  const r = roundMeasurement(c.pxPerMm, Math.max(c.uncertaintyPxPerMm, 0.0001));
  return t('measure.scale', { pxPerMm: f.number(r.value, r.decimals), uncertainty: f.number(r.uncertainty, r.decimals), source: sourceWord(c.source, t) });
}
