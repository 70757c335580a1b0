// Parsers for what the gphoto2 CLI prints: the `--auto-detect` table, the `--version` banner, and
// the error blocks on stderr. Pure functions over text, tested against output recorded from a real
// gphoto2 (e2e/fixtures/gphoto2/) and against gphoto2's documented formats.

export interface DetectedCamera {
  /** Camera model as gphoto2 names it, passed back verbatim with `--camera`. */
  readonly model: string;
  /** Port, e.g. `usb:001,004`, passed back verbatim with `--port`. */
  readonly port: string;
}

/**
 * `gphoto2 --auto-detect` prints a header, a dashed rule, then one row per camera: the model padded
 * with spaces to the port column, then the port. Models contain single spaces ("Canon EOS 80D"),
 * so the split is on the last run of two or more spaces, or failing that the last space before a
 * token that looks like a port (`usb:`, `ptpip:`, `disk:`, `serial:`).
 */
export function parseAutoDetect(stdout: string): DetectedCamera[] {
  const lines = stdout.split(/\r?\n/);
  const rule = lines.findIndex((l) => /^-{10,}\s*$/.test(l));
  if (rule < 0) return [];
  const cameras: DetectedCamera[] = [];
  for (const raw of lines.slice(rule + 1)) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    const m = /^(.*\S)\s{2,}(\S+)$/.exec(line) ?? /^(.*\S)\s+((?:usb|ptpip|disk|serial|usbscsi|usbdiskdirect|ip):\S*)$/.exec(line);
    if (!m) continue;
    const [, model = '', port = ''] = m;
    if (!model || !port.includes(':')) continue;
    cameras.push({ model: model.trim(), port });
  }
  return cameras;
}

export interface Gphoto2Version {
  readonly gphoto2: string;
  readonly libgphoto2: string | null;
}

/** The first line of `gphoto2 --version` is `gphoto2 X.Y.Z`; the table below names libgphoto2's. */
export function parseVersion(stdout: string): Gphoto2Version | null {
  const head = /^gphoto2\s+(\d+\.\d+(?:\.\d+)*)/m.exec(stdout);
  if (!head?.[1]) return null;
  const lib = /^libgphoto2\s+(\d+\.\d+(?:\.\d+)*)/m.exec(stdout);
  return { gphoto2: head[1], libgphoto2: lib?.[1] ?? null };
}

export interface Gphoto2Failure {
  /** libgphoto2's result code from `*** Error (-53: '…') ***`, when printed. */
  readonly resultCode: number | null;
  /** The error texts gphoto2 printed, without its "send us a debug log" boilerplate. */
  readonly messages: string[];
}

/**
 * gphoto2 reports failures on stderr as blocks like
 *   *** Error ***
 *   Could not detect any camera
 *   *** Error (-105: 'Unknown model') ***
 * and sometimes `ERROR: …` lines. The boilerplate about debug logs goes to stdout.
 */
export function parseFailure(stderr: string): Gphoto2Failure {
  let resultCode: number | null = null;
  const messages: string[] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line === '*** Error ***') continue;
    const coded = /^\*\*\* Error \((-?\d+): '([^']*)'\) \*\*\*$/.exec(line);
    if (coded) {
      resultCode = Number(coded[1]);
      messages.push(coded[2] ?? '');
      continue;
    }
    messages.push(line.replace(/^ERROR:\s*/, ''));
  }
  return { resultCode, messages };
}
