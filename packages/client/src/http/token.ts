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

/** Reads the payload of a JWT without verifying it; `undefined` when the token is not a JWT. */
export function readJwtClaims(token: string | undefined): TokenClaims | undefined {
  const parts = token?.split('.');
  if (parts?.length !== 3 || !parts[1]) return undefined;
  try {
    // base64url → base64; `atob` needs no padding (forgiving-base64, browsers and Node).
    const binary = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const payload: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
    );
    return typeof payload === 'object' && payload ? (payload as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
