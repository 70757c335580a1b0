// What a scanned wristband says, as an MRN: the whole code, or for a QR code carrying several
// fields the value after `MRN:`/`MRN=` (a common wristband layout). Scanner prefixes and group
// separators arrive as control characters and are dropped.
export function mrnFromScan(text: string): string {
  const clean = [...text]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .trim();
  const field = /(?:^|[\s;|,])MRN\s*[:=]\s*([A-Za-z0-9][A-Za-z0-9._/-]*)/i.exec(clean);
  return (field?.[1] ?? clean).trim();
}
