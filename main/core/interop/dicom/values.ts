// Turning product values into DICOM value representations (PS3.5 6.2): dates and times in the local
// time the photo was taken in, with the offset stated, person names as Family^Given, and strings
// cut to their VR's length with the characters a VR forbids (backslash, the PN delimiters, control
// characters) replaced.
import type { Sex } from '../../../../shared/domain';
import type { Laterality } from '../../../../shared/value-sets/views';

/**
 * Maximum lengths. PS3.5 counts characters, but validators (dciodvfy among them) count bytes, and
 * under ISO_IR 192 a character can take up to four: cutting by UTF-8 bytes satisfies both readings.
 */
const MAX = { SH: 16, LO: 64, PN: 64, CS: 16 } as const;

/** The longest prefix of `value` within `maxBytes` UTF-8 bytes, never splitting a character. */
function cut(value: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of value) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** A string for an SH/LO value: no backslash (the value separator) or control characters, cut to length. */
export function text(value: string, vr: 'SH' | 'LO'): string {
  return cut(value.replace(CONTROL, ' ').replace(/\\/g, '/').trim(), MAX[vr]).trim();
}

/** A PN component: the group and component delimiters (=, ^) and backslash would change its meaning. */
const nameComponent = (value: string) => value.replace(CONTROL, ' ').replace(/[\\^=]/g, ' ').trim();

/**
 * Components joined with ^, cut to 64 bytes, always with at least one ^: a PN with none is read
 * as the retired free-text form (dciodvfy warns). When cutting removes the given name, the family
 * name keeps its delimiter ("Family^").
 */
function joinName(components: readonly string[]): string {
  const full = components.join('^');
  const fitted = cut(full, MAX.PN);
  if (fitted.includes('^')) return fitted;
  return `${cut(components[0] ?? '', MAX.PN - 1)}^`;
}

/** Family^Given. */
export function personName(family: string, given: string): string {
  return joinName([nameComponent(family), nameComponent(given)]);
}

const HONORIFIC = /^(dr|prof|mr|mrs|ms|mx|miss)\.?$/i;

/**
 * A staff display name ("Dr Ada Admin") as PN. Accounts hold one free-text name, so it is split
 * the way most Western names read: a leading honorific becomes the prefix, the last word the
 * family name, the rest the given names (Admin^Ada^^Dr). A single word is a family name (Ada^). Writing
 * the whole text in the family component would be the retired "free text" PN form dciodvfy warns about.
 */
export function displayName(name: string): string {
  const words = nameComponent(name).split(/\s+/).filter(Boolean);
  const prefix = words.length > 2 && HONORIFIC.test(words[0]!) ? words.shift()! : '';
  const family = words.pop() ?? '';
  const given = words.join(' ');
  return joinName(prefix ? [family, given, '', prefix] : [family, given]);
}

const iso = (timestamp: string, offsetMinutes = 0) => {
  const d = new Date(Date.parse(timestamp) + offsetMinutes * 60_000);
  if (Number.isNaN(d.getTime())) throw new Error('timestamp expected');
  return d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ, shifted to the local time at that offset
};

/** DA of an ISO timestamp in the local time `offsetMinutes` east of UTC (default UTC). */
export const dicomDate = (timestamp: string, offsetMinutes = 0): string => iso(timestamp, offsetMinutes).slice(0, 10).replace(/-/g, '');
/** DA from YYYY-MM-DD. */
export const dicomDateOf = (isoDate: string): string => isoDate.replace(/-/g, '');
/** TM (HHMMSS.FFF) in the local time at the offset; (0008,0201) states the offset. */
export const dicomTime = (timestamp: string, offsetMinutes = 0): string => iso(timestamp, offsetMinutes).slice(11, 23).replace(/:/g, '');
/** The offset as DICOM writes it (PS3.5 6.2 DT, (0008,0201) SH): &ZZXX, e.g. +0200, -0530. */
export function dicomOffset(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
/** DT in the local time at the offset, with the offset written out. */
export const dicomDateTime = (timestamp: string, offsetMinutes = 0): string =>
  `${dicomDate(timestamp, offsetMinutes)}${dicomTime(timestamp, offsetMinutes)}${dicomOffset(offsetMinutes)}`;

/** (0010,0040) Patient's Sex: M, F, O; unknown is the empty (Type 2) value. */
export function dicomSex(sex: Sex): string {
  return sex === 'U' ? '' : sex;
}

/** (0020,0062) Image Laterality: L, R, B (both), U (unpaired). */
export const IMAGE_LATERALITY: Readonly<Record<Laterality, 'L' | 'R' | 'B' | 'U'>> = { left: 'L', right: 'R', bilateral: 'B', unpaired: 'U' };

/** A DS value of at most 16 characters. */
export function decimalString(value: number): string {
  const fixed = value.toFixed(2);
  return fixed.length <= 16 ? fixed : value.toExponential(6);
}
