import { describe, expect, it } from 'vitest';
import { isValidKzIdentifier, kzCheckDigit } from './kzIdentifiers.ts';

describe('ИИН/БИН check digit', () => {
  it('first pass: 8·1+5·2+0·3+3·4+1·5+5·6+4·7+0·8+0·9+1·10+2·11 = 125; 125 mod 11 = 4', () => {
    expect(kzCheckDigit('85031540012')).toBe(4);
  });

  it('second pass when the first gives 10: 1·10 = 10 → weights 3…11,1,2: 1·1 = 1', () => {
    expect(kzCheckDigit('00000000010')).toBe(1);
  });

  it('no valid number when both passes give 10: 5·1+6·10 = 65 ≡ 10, 5·3+6·1 = 21 ≡ 10', () => {
    expect(kzCheckDigit('50000000060')).toBeUndefined();
  });

  it('accepts 12 digits with the right check digit and rejects others', () => {
    expect(isValidKzIdentifier('850315400124')).toBe(true);
    expect(isValidKzIdentifier('850315400125')).toBe(false);
    expect(isValidKzIdentifier('85031540012')).toBe(false);
    expect(isValidKzIdentifier('85031540012a')).toBe(false);
  });
});
