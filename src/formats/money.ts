/** `v` as a number of whole cents when it is a finite number ≥ 0, else undefined. */
export const cents = (v: unknown): number | undefined =>
  typeof v == 'number' && v >= 0 && v < Infinity ? Math.round(v * 100) / 100 : undefined;
