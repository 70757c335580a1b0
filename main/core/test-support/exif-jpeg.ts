// Test JPEGs that carry what a phone or camera writes into EXIF: the orientation, the time the
// photo was taken with its offset, the owner's name, the camera's serial number, maker notes and
// a GPS position. The EXIF block is written here by hand (TIFF 6.0 little-endian IFDs in an APP1
// segment, CIPA DC-008), because image libraries do not write GPS and maker notes on request.
// The scene has a red marker in its stored top-left corner, so a test can tell where it ends up.
import sharp from 'sharp';

export interface CameraExif {
  readonly orientation?: number;
  /** "YYYY:MM:DD HH:MM:SS" */
  readonly dateTimeOriginal?: string;
  /** "+02:00" */
  readonly offsetTimeOriginal?: string;
  readonly artist?: string;
  readonly bodySerialNumber?: string;
  readonly makerNote?: string;
  /** Degrees north and east (positive). */
  readonly gps?: { readonly latitude: number; readonly longitude: number };
}

export const PRIVATE_STRINGS = { artist: 'Jo Bloggs personal phone', serial: 'SN-4451-7781-PRIVATE', makerNote: 'MAKERNOTE-SECRET-0042' } as const;

type Entry = { tag: number; type: 2 | 3 | 4 | 5 | 7; count: number; value: Buffer };

const ascii = (tag: number, text: string): Entry => {
  const value = Buffer.from(`${text}\0`, 'latin1');
  return { tag, type: 2, count: value.length, value };
};
const short = (tag: number, n: number): Entry => {
  const value = Buffer.alloc(2);
  value.writeUInt16LE(n);
  return { tag, type: 3, count: 1, value };
};
const long = (tag: number, n: number): Entry => {
  const value = Buffer.alloc(4);
  value.writeUInt32LE(n);
  return { tag, type: 4, count: 1, value };
};
const undefinedBytes = (tag: number, bytes: Buffer): Entry => ({ tag, type: 7, count: bytes.length, value: bytes });
const rationals = (tag: number, values: number[]): Entry => {
  const value = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => {
    value.writeUInt32LE(Math.round(v * 10000), i * 8);
    value.writeUInt32LE(10000, i * 8 + 4);
  });
  return { tag, type: 5, count: values.length, value };
};
const dms = (deg: number) => [Math.floor(deg), Math.floor((deg % 1) * 60), ((deg * 3600) % 60)];

/** One IFD at `offset` (from the TIFF header); values over 4 bytes follow it. Returns its bytes. */
function ifd(entries: Entry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const headerSize = 2 + sorted.length * 12 + 4;
  const head = Buffer.alloc(headerSize);
  const data: Buffer[] = [];
  let dataOffset = offset + headerSize;
  head.writeUInt16LE(sorted.length, 0);
  sorted.forEach((e, i) => {
    const at = 2 + i * 12;
    head.writeUInt16LE(e.tag, at);
    head.writeUInt16LE(e.type, at + 2);
    head.writeUInt32LE(e.count, at + 4);
    if (e.value.length <= 4) e.value.copy(head, at + 8);
    else {
      head.writeUInt32LE(dataOffset, at + 8);
      const padded = e.value.length % 2 ? Buffer.concat([e.value, Buffer.alloc(1)]) : e.value;
      data.push(padded);
      dataOffset += padded.length;
    }
  });
  return Buffer.concat([head, ...data]);
}

/** The APP1 Exif segment for these tags. */
export function exifSegment(tags: CameraExif): Buffer {
  const exifEntries: Entry[] = [];
  if (tags.dateTimeOriginal) exifEntries.push(ascii(0x9003, tags.dateTimeOriginal));
  if (tags.offsetTimeOriginal) exifEntries.push(ascii(0x9011, tags.offsetTimeOriginal));
  if (tags.bodySerialNumber) exifEntries.push(ascii(0xa431, tags.bodySerialNumber));
  if (tags.makerNote) exifEntries.push(undefinedBytes(0x927c, Buffer.from(tags.makerNote, 'latin1')));
  const gpsEntries: Entry[] = tags.gps
    ? [ascii(0x0001, 'N'), rationals(0x0002, dms(tags.gps.latitude)), ascii(0x0003, 'E'), rationals(0x0004, dms(tags.gps.longitude))]
    : [];
  const ifd0Base: Entry[] = [];
  if (tags.orientation) ifd0Base.push(short(0x0112, tags.orientation));
  if (tags.artist) ifd0Base.push(ascii(0x013b, tags.artist));
  // IFD0 is laid out twice: first to learn its size (pointer values are fixed-size longs).
  const pointers = (exifAt: number, gpsAt: number) => [...(exifEntries.length ? [long(0x8769, exifAt)] : []), ...(gpsEntries.length ? [long(0x8825, gpsAt)] : [])];
  const ifd0Size = ifd([...ifd0Base, ...pointers(0, 0)], 8).length;
  const exifAt = 8 + ifd0Size;
  const exifIfd = exifEntries.length ? ifd(exifEntries, exifAt) : Buffer.alloc(0);
  const gpsAt = exifAt + exifIfd.length;
  const gpsIfd = gpsEntries.length ? ifd(gpsEntries, gpsAt) : Buffer.alloc(0);
  const tiffHeader = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  const tiff = Buffer.concat([tiffHeader, ifd([...ifd0Base, ...pointers(exifAt, gpsAt)], 8), exifIfd, gpsIfd]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** Inserts an APP1 Exif segment right after SOI (and the JFIF APP0, when there is one). */
export function withExif(jpeg: Buffer, tags: CameraExif): Buffer {
  const app0 = jpeg[2] === 0xff && jpeg[3] === 0xe0 ? 4 + jpeg.readUInt16BE(4) - 2 : 2;
  return Buffer.concat([jpeg.subarray(0, app0), exifSegment(tags), jpeg.subarray(app0)]);
}

/**
 * A skin-toned scene `width` × `height` as stored, with a red square in the stored top-left corner
 * (a quarter of the shorter edge) and a blue one in the stored bottom-right.
 */
export async function markedScene(width: number, height: number, options: { progressive?: boolean } = {}): Promise<Buffer> {
  const edge = Math.floor(Math.min(width, height) / 4);
  const square = (r: number, g: number, b: number) => sharp({ create: { width: edge, height: edge, channels: 3, background: { r, g, b } } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 214, g: 170, b: 150 } } })
    .composite([
      { input: await square(230, 20, 20), left: 0, top: 0 },
      { input: await square(20, 40, 230), left: width - edge, top: height - edge },
    ])
    .jpeg({ quality: 92, progressive: options.progressive ?? false })
    .toBuffer();
}

/** The phone photo of the tests: portrait held (Orientation 6), taken 14 July 2019 15:02:11 at +02:00, with GPS and owner data. */
export async function phonePortrait(options: { width?: number; height?: number; progressive?: boolean } = {}): Promise<Buffer> {
  const scene = await markedScene(options.width ?? 320, options.height ?? 240, options);
  return withExif(scene, {
    orientation: 6,
    dateTimeOriginal: '2019:07:14 15:02:11',
    offsetTimeOriginal: '+02:00',
    artist: PRIVATE_STRINGS.artist,
    bodySerialNumber: PRIVATE_STRINGS.serial,
    makerNote: PRIVATE_STRINGS.makerNote,
    gps: { latitude: 47.3769, longitude: 8.5417 },
  });
}

/** Where the red and blue markers are in a decoded RGB(A) image: the centre of each colour's pixels. */
export async function markerPositions(image: Buffer): Promise<{ width: number; height: number; red: { x: number; y: number }; blue: { x: number; y: number } }> {
  const { data, info } = await sharp(image).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const sum = { red: { x: 0, y: 0, n: 0 }, blue: { x: 0, y: 0, n: 0 } };
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * info.channels;
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      const which = r > 180 && g < 90 && b < 90 ? sum.red : b > 180 && r < 90 && g < 110 ? sum.blue : null;
      if (which) {
        which.x += x;
        which.y += y;
        which.n += 1;
      }
    }
  }
  const centre = (s: { x: number; y: number; n: number }) => ({ x: s.n ? s.x / s.n / info.width : NaN, y: s.n ? s.y / s.n / info.height : NaN });
  return { width: info.width, height: info.height, red: centre(sum.red), blue: centre(sum.blue) };
}
