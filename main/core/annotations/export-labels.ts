// The words an exported annotation carries (a PACS shows DICOM text objects as they are; a Web
// Annotation's body is read by people). Units are SI symbols, so "6.2 ± 0.1 mm (ruler)" reads the
// same in every language; the source word says how the scale was obtained. The app's screens
// format the same measurements through the message catalogue instead (renderer/src/annotate/).
import type { Measurement } from '../../../shared/annotations/measure';
import { roundMeasurement } from '../../../shared/annotations/measure';

const UNIT: Readonly<Record<Measurement['unit'], string>> = { mm: 'mm', mm2: 'mm²', px: 'px', px2: 'px²', deg: '°' };
const SOURCE: Readonly<Record<Measurement['source'], string>> = { manual: 'manual calibration', ruler: 'ruler', none: 'uncalibrated' };

/** "6.2 ± 0.1 mm (ruler)", "34 ± 2 px (uncalibrated)", "47.0 ± 0.6°". */
export function measurementLabel(m: Measurement): string {
  const r = roundMeasurement(m.value, m.uncertainty);
  const figure = `${r.value.toFixed(r.decimals)} ± ${r.uncertainty.toFixed(r.decimals)}`;
  if (m.unit === 'deg') return `${figure}°`;
  return `${figure} ${UNIT[m.unit]} (${SOURCE[m.source]})`;
}

/** "Lesion 3: Naevus on the left forearm". */
export const lesionLabel = (number: number, label: string): string => `Lesion ${number}: ${label}`;
