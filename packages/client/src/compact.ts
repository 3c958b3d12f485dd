/**
 * The object without its `undefined` values: view models omit what is absent rather than carry
 * `undefined` keys. One helper instead of a conditional spread per optional field.
 */
export const compact = <T extends object>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter((entry) => entry[1] !== undefined)) as T;
