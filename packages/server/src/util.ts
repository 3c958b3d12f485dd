/** Returns `value`, or throws when it is null/undefined (an internal invariant, not user input). */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Internal error: missing ${what}`);
  return value;
}
