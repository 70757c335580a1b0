// Framing of gphoto2's binary stdout, all in memory:
// - `--capture-movie --stdout` writes the camera's preview frames back to back as JPEGs (MJPEG);
//   `JpegStreamSplitter` cuts them apart by walking JPEG markers, so an EXIF thumbnail's own EOI
//   inside an APP1 segment cannot end a frame early.
// - `--stdout --stdout-size` writes `<decimal size>\n<bytes>` per downloaded file, interleaved
//   with event lines such as `CAPTURECOMPLETE` or `UNKNOWN PTP Property d1a2 changed` that the
//   wait-event loop prints unconditionally; `SizedFileReader` keeps the files and drops the lines.

/** Largest single image accepted from a camera (a 100 MP RAW+JPEG is well below this). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export class JpegStreamSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes discarded between frames (not JPEG); a steady stream of these means a broken stream. */
  garbageBytes = 0;

  constructor(private readonly maxFrameBytes = 32 * 1024 * 1024) {}

  /** Feeds a chunk; returns every frame completed by it. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const frames: Buffer[] = [];
    for (;;) {
      const start = this.buffer.indexOf(SOI);
      if (start < 0) {
        // Keep a trailing 0xFF: it may be the first half of the next SOI.
        const keep = this.buffer.length > 0 && this.buffer[this.buffer.length - 1] === 0xff ? 1 : 0;
        this.garbageBytes += this.buffer.length - keep;
        this.buffer = this.buffer.subarray(this.buffer.length - keep);
        return frames;
      }
      if (start > 0) {
        this.garbageBytes += start;
        this.buffer = this.buffer.subarray(start);
      }
      const end = findJpegEnd(this.buffer);
      if (end === 'invalid') {
        // Not a JPEG after all: skip this SOI and look for the next one.
        this.garbageBytes += 2;
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      if (end === null) {
        if (this.buffer.length > this.maxFrameBytes) {
          this.garbageBytes += this.buffer.length;
          this.buffer = Buffer.alloc(0);
        }
        return frames;
      }
      frames.push(Buffer.from(this.buffer.subarray(0, end)));
      this.buffer = this.buffer.subarray(end);
    }
  }
}

const SOI = Buffer.from([0xff, 0xd8]);

/**
 * The length of the JPEG at the start of `b` (which starts with SOI), null if more bytes are
 * needed, 'invalid' if the marker structure is broken. Segments with a length field are skipped
 * whole; after SOS the entropy-coded data is scanned for the next marker that is neither a stuffed
 * 0xFF00 nor a restart marker.
 */
export function findJpegEnd(b: Buffer): number | null | 'invalid' {
  let i = 2;
  for (;;) {
    if (i + 1 >= b.length) return null;
    if (b[i] !== 0xff) return 'invalid';
    let marker = b[i + 1]!;
    while (marker === 0xff) {
      // Fill bytes before a marker are allowed.
      i += 1;
      if (i + 1 >= b.length) return null;
      marker = b[i + 1]!;
    }
    if (marker === 0xd9) return i + 2; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // TEM / RSTn: no length
      continue;
    }
    if (i + 3 >= b.length) return null;
    const length = b.readUInt16BE(i + 2);
    if (length < 2) return 'invalid';
    const next = i + 2 + length;
    if (marker !== 0xda) {
      i = next;
      continue;
    }
    // Start of scan: walk the entropy-coded data to the next real marker.
    let j = next;
    for (;;) {
      if (j + 1 >= b.length) return null;
      if (b[j] === 0xff) {
        const m = b[j + 1]!;
        if (m === 0x00 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) {
          j += m === 0xff ? 1 : 2;
          continue;
        }
        break;
      }
      j += 1;
    }
    i = j;
  }
}

export type SizedStreamEvent = { readonly kind: 'file'; readonly bytes: Buffer } | { readonly kind: 'line'; readonly text: string };

export class SizedFileReader {
  private buffer: Buffer = Buffer.alloc(0);
  private expecting: number | null = null;

  push(chunk: Buffer): SizedStreamEvent[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: SizedStreamEvent[] = [];
    for (;;) {
      if (this.expecting !== null) {
        if (this.buffer.length < this.expecting) return out;
        out.push({ kind: 'file', bytes: Buffer.from(this.buffer.subarray(0, this.expecting)) });
        this.buffer = this.buffer.subarray(this.expecting);
        this.expecting = null;
        continue;
      }
      const nl = this.buffer.indexOf(0x0a);
      if (nl < 0) {
        if (this.buffer.length > 4096) throw new Error('gphoto2 stream: line too long');
        return out;
      }
      const text = this.buffer.subarray(0, nl).toString('latin1').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(nl + 1);
      if (/^\d{1,12}$/.test(text)) {
        const size = Number(text);
        if (size <= 0 || size > MAX_FILE_BYTES) throw new Error('gphoto2 stream: implausible file size');
        this.expecting = size;
      } else if (text) {
        out.push({ kind: 'line', text });
      }
    }
  }

  /** True when the stream ended in the middle of a file: the camera went away mid-transfer. */
  get truncated(): boolean {
    return this.expecting !== null;
  }

  /** Bytes of the partial file received so far, for the caller to wipe. */
  wipe(): void {
    this.buffer.fill(0);
    this.buffer = Buffer.alloc(0);
    this.expecting = null;
  }
}
