// When a photo was taken, and how we know. A camera capture is timed by the workstation's clock.
// An import is timed by the camera: EXIF DateTimeOriginal (0x9003) with OffsetTimeOriginal
// (0x9011, EXIF 2.31) gives the instant; without the offset the camera's wall-clock time is read in
// the workstation's time zone (cameras are set to local time). Without either, the file's
// modification time is used, or failing that the import time, and the origin says the time is not
// the camera's: the formats then do not present it as an acquisition time (docs/interop.md).
import exifr from 'exifr';

export const ACQUISITION_TIME_ORIGINS = ['capture', 'exif', 'exif-local', 'file', 'import'] as const;
export type AcquisitionTimeOrigin = (typeof ACQUISITION_TIME_ORIGINS)[number];

export interface AcquisitionTime {
  /** ISO 8601 instant in UTC. */
  readonly at: string;
  /** Offset of the local time the photo was taken in, minutes east of UTC. */
  readonly utcOffsetMinutes: number;
  readonly origin: AcquisitionTimeOrigin;
}

/** True when the time is not known to come from the camera or the capture (file or import time). */
export const isUnknownOrigin = (origin: AcquisitionTimeOrigin): boolean => origin === 'file' || origin === 'import';

/** The workstation's offset from UTC at `at`, in minutes east. */
export const localOffsetMinutes = (at: Date): number => -at.getTimezoneOffset();

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const EXIF_OFFSET = /^([+-])(\d{2}):(\d{2})$/;

interface ExifTimes {
  DateTimeOriginal?: unknown;
  OffsetTimeOriginal?: unknown;
  SubSecTimeOriginal?: unknown;
}

async function readExifTimes(bytes: Uint8Array): Promise<ExifTimes | null> {
  try {
    const tags = (await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      pick: ['DateTimeOriginal', 'OffsetTimeOriginal', 'SubSecTimeOriginal'],
      reviveValues: false,
      gps: false,
      makerNote: false,
    })) as ExifTimes | undefined;
    return tags ?? null;
  } catch {
    return null; // unreadable EXIF: the fallback time applies
  }
}

/** The instant of a wall-clock time at `offset` minutes east of UTC, or null when it is not a real date. */
function instantOf(parts: number[], millis: number, offset: number): Date | null {
  const [y, mo, d, h, mi, s] = parts as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, millis) - offset * 60_000;
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (y < 1900 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return new Date(utc);
}

/**
 * The acquisition time of an imported image: from its EXIF, else `fileTime` (the file's
 * modification time, when the importer knows it), else `importedAt`.
 */
export async function importAcquisitionTime(bytes: Uint8Array, fileTime: Date | null, importedAt: Date): Promise<AcquisitionTime> {
  const tags = await readExifTimes(bytes);
  const match = typeof tags?.DateTimeOriginal === 'string' ? EXIF_DATE.exec(tags.DateTimeOriginal.trim()) : null;
  if (match) {
    const parts = match.slice(1).map(Number);
    const sub = typeof tags?.SubSecTimeOriginal === 'string' && /^\d+$/.test(tags.SubSecTimeOriginal.trim()) ? tags.SubSecTimeOriginal.trim() : '';
    const millis = sub ? Math.floor(Number(`0.${sub}`) * 1000) : 0;
    const offsetMatch = typeof tags?.OffsetTimeOriginal === 'string' ? EXIF_OFFSET.exec(tags.OffsetTimeOriginal.trim()) : null;
    if (offsetMatch) {
      const offset = (offsetMatch[1] === '-' ? -1 : 1) * (Number(offsetMatch[2]) * 60 + Number(offsetMatch[3]));
      const at = Math.abs(offset) <= 14 * 60 ? instantOf(parts, millis, offset) : null;
      if (at) return { at: at.toISOString(), utcOffsetMinutes: offset, origin: 'exif' };
    } else {
      // Wall-clock time in an unstated zone: read it in the workstation's zone (two passes settle
      // the offset across a daylight-saving change).
      const guess = instantOf(parts, millis, localOffsetMinutes(importedAt));
      if (guess) {
        const offset = localOffsetMinutes(guess);
        const at = instantOf(parts, millis, offset);
        if (at) return { at: at.toISOString(), utcOffsetMinutes: offset, origin: 'exif-local' };
      }
    }
  }
  if (fileTime && !Number.isNaN(fileTime.getTime())) return { at: fileTime.toISOString(), utcOffsetMinutes: localOffsetMinutes(fileTime), origin: 'file' };
  return { at: importedAt.toISOString(), utcOffsetMinutes: localOffsetMinutes(importedAt), origin: 'import' };
}

/** A capture's acquisition time: the workstation's clock when the frame arrived. */
export const captureAcquisitionTime = (at: Date): AcquisitionTime => ({ at: at.toISOString(), utcOffsetMinutes: localOffsetMinutes(at), origin: 'capture' });
