// Measurement labels through the catalogue and Intl: value and uncertainty to the same decimal
// place in every locale (the angle once dropped its trailing zero: "90° ± 0.6°"), the locale's
// decimal separator, the calibration's source word, and "uncalibrated" pixels said as such.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../shared/i18n/intl';
import { measureAngle, measureLength } from '../../../shared/annotations/measure';
import type { Calibration } from '../../../shared/annotations/document';
import { measurementText, scaleText } from './measure-label';

const ruler: Calibration = { source: 'ruler', from: { x: 192, y: 1380 }, to: { x: 1392, y: 1380 }, ticks: 101, pxPerMm: 12, uncertaintyPxPerMm: 0.002 };
const label = (locale: 'en' | 'de' | 'ar', m: ReturnType<typeof measureLength>) => {
  const { t, f } = translator(locale);
  return measurementText(m, t, f);
};

describe('measurement labels', () => {
  it('shows value and uncertainty to the same decimal place, with the source', () => {
    const length = measureLength({ x: 1000, y: 700 }, { x: 1074.4, y: 700 }, ruler);
    expect(label('en', length)).toBe('6.20 ± 0.12 mm (ruler)');
    expect(label('de', length)).toBe('6,20 ± 0,12 mm (Maßstab)');
    expect(label('en', measureAngle({ x: 0, y: 0 }, { x: 200, y: 0 }, { x: 0, y: 200 }))).toBe('90.0° ± 0.6°');
    expect(label('en', measureLength({ x: 0, y: 0 }, { x: 30, y: 40 }, null))).toBe('50.0 ± 1.4 px (uncalibrated)');
  });

  it('writes the scale with its source, in Arabic digits where the locale uses them', () => {
    const { t, f } = translator('en');
    expect(scaleText(ruler, t, f)).toBe('12.000 ± 0.002 pixels per millimetre (ruler)');
    const ar = translator('ar');
    expect(scaleText(ruler, ar.t, ar.f)).toContain('مسطرة');
  });
});
