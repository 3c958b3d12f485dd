/**
 * Validation of contact addresses before they become `mailto:` / `tel:` links. Anything that is
 * not plainly an e-mail address or a phone number gets no link.
 */

const EMAIL =
  /^[A-Za-z0-9](?:[A-Za-z0-9._+-]{0,62}[A-Za-z0-9])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

/** The address when it is a plain e-mail address (as MSSanté addresses are), else `null`. */
export function validEmail(value: string | undefined): string | null {
  const address = value?.trim();
  if (!address || address.length > 254 || address.includes('..')) return null;
  return EMAIL.test(address) ? address : null;
}

/**
 * The number in E.164 form (`+33123456789`) when `value` is a phone number (digits, spaces,
 * dots, dashes, parentheses, a leading `+`; French national numbers `0X XX XX XX XX`), else `null`.
 */
export function validPhone(value: string | undefined): string | null {
  const raw = value?.trim();
  if (!raw || raw.length > 32 || !/^\+?[\d\s.()-]+$/.test(raw)) return null;
  const digits = raw.replace(/[\s.()-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(digits)) return digits;
  if (/^00[1-9]\d{6,14}$/.test(digits)) return `+${digits.slice(2)}`;
  if (/^0[1-9]\d{8}$/.test(digits)) return `+33${digits.slice(1)}`;
  return null;
}
