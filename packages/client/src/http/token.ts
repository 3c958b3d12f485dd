/** Claims of an access token that the client reads (it never verifies them: the server does). */
export interface TokenClaims {
  fhirUser?: string;
  given_name?: string;
  family_name?: string;
  /** Pro Santé Connect: IDNPS (`8` + RPPS). */
  SubjectNameID?: string;
  /** Pro Santé Connect: professional situations. */
  SubjectRefPro?: { exercices?: { codeProfession?: string; codeSavoirFaire?: string }[] };
  [claim: string]: unknown;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads the payload of a JWT without verifying it; `undefined` when the token is not a JWT. */
export function readJwtClaims(token: string | undefined): TokenClaims | undefined {
  if (!token) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(parts[1]));
    return payload !== null && typeof payload === 'object' ? (payload as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
