// ИИН (individual) and БИН (business) identification numbers of Kazakhstan: 12 digits, the last a
// check digit. Check digit: Σ digit[i]·(i+1) mod 11 over the first 11; if that is 10, again with
// weights 3…11,1,2; if it is 10 again the number is never issued.

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit for the first 11 digits, or undefined when no valid number has that prefix. */
export function kzCheckDigit(first11: string): number | undefined {
  if (!/^\d{11}$/.test(first11)) return undefined;
  const digits = [...first11].map(Number);
  const weighted = (weights: number[]): number =>
    digits.reduce((sum, digit, index) => sum + digit * (weights[index] ?? 0), 0) % 11;
  const first = weighted(FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(SECOND_WEIGHTS);
  return second === 10 ? undefined : second;
}

/** True for 12 digits whose last digit is the correct check digit (ИИН and БИН share the rule). */
export function isValidKzIdentifier(value: string): boolean {
  return /^\d{12}$/.test(value) && kzCheckDigit(value.slice(0, 11)) === Number(value[11]);
}
