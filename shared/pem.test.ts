// The pinned-CA field's PEM recognition: length is refused before any scan, and the scan itself
// is a single linear pass (a paste of repeated BEGIN headers once cost seconds of main-process time).
import { describe, expect, it } from 'vitest';
import { PemCertificate, TargetInput } from './channels/delivery';
import { looksLikePemCertificate, PEM_BEGIN, PEM_END, PEM_MAX_CHARS } from './pem';

const BODY = 'MIIBszCCAVmgAwIBAgIUQ2Fy\nZWZ1bGx5IGNob3NlbiBieXRlcw==\n';
const block = `${PEM_BEGIN}\n${BODY}${PEM_END}\n`;
/** The worst case for a backtracking `BEGIN[\s\S]+END` regex: headers and no END. */
const repeatedHeaders = (chars: number) => PEM_BEGIN.repeat(Math.ceil(chars / PEM_BEGIN.length)).slice(0, chars);

describe('looksLikePemCertificate', () => {
  it.each([
    ['one block', block],
    ['CRLF line ends', block.replace(/\n/g, '\r\n')],
    ['explanatory text before it (RFC 7468)', `Subject: Clinic CA\n${block}`],
    ['a chain of two', block + block],
  ])('accepts %s', (_name, text) => {
    expect(looksLikePemCertificate(text)).toBe(true);
  });

  it.each([
    ['empty text', ''],
    ['no END line', `${PEM_BEGIN}\n${BODY}`],
    ['an END before the BEGIN', `${PEM_END}\n${PEM_BEGIN}\n${BODY}`],
    ['an empty body', `${PEM_BEGIN}\n\n${PEM_END}`],
    ['a body that is not base64', `${PEM_BEGIN}\n<script>x</script>\n${PEM_END}`],
    ['a private key', block.replace(/CERTIFICATE/g, 'PRIVATE KEY')],
    ['repeated headers at the largest allowed length', repeatedHeaders(PEM_MAX_CHARS)],
    ['anything longer than the limit', `${block}${' '.repeat(PEM_MAX_CHARS)}`],
  ])('refuses %s', (_name, text) => {
    expect(looksLikePemCertificate(text)).toBe(false);
  });
});

describe('the pinnedCaPem schema', () => {
  const target = { name: 'EMR', kind: 'fhir', baseUrl: 'https://emr.example.org/fhir', authKind: 'none' } as const;

  it('refuses 512 KB of hostile text on its length alone: the PEM check never runs', () => {
    const result = TargetInput.safeParse({ ...target, pinnedCaPem: repeatedHeaders(512 * 1024) });
    expect(result.success).toBe(false);
    // One issue, the length: had the PEM check run too it would have added its own ("custom").
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['pinnedCaPem', 'too_big']]);
  });

  it('refuses hostile text within the limit as not a certificate, and accepts a block', () => {
    const hostile = PemCertificate.safeParse(repeatedHeaders(PEM_MAX_CHARS));
    expect(hostile.error?.issues.map((i) => [i.code, i.message])).toEqual([['custom', 'must be a PEM certificate']]);
    expect(PemCertificate.safeParse(block).success).toBe(true);
  });
});
