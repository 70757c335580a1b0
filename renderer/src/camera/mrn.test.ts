import { describe, expect, it } from 'vitest';
import { mrnFromScan } from './mrn';

describe('MRN from a scanned wristband', () => {
  it('takes the whole code, or the MRN field of a multi-field code', () => {
    expect(mrnFromScan('MRN-004217')).toBe('MRN-004217');
    expect(mrnFromScan('NAME:DOE^JANE;MRN:A12345;DOB:19800101')).toBe('A12345');
    expect(mrnFromScan('\u001dMRN=77-123\r')).toBe('77-123');
    expect(mrnFromScan('  P-1  ')).toBe('P-1');
  });
});
