import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey } from 'jose';
import type { IssuerConfig } from './verify.js';

/** Issuer of the tokens minted by dev auth. */
export const DEV_ISSUER = 'urn:lien:dev-auth';

/** Claims of a dev token: Pro Santé Connect-style claims plus SMART `fhirUser`. */
export interface DevTokenClaims {
  rpps: string;
  givenName?: string;
  familyName?: string;
  professionCode?: string;
  specialtyCode?: string;
  finess?: string;
  organizationName?: string;
  practitionerRole: string;
}

/**
 * Development authentication: a key pair generated at start-up signs tokens that carry the same
 * claims as Pro Santé Connect (+ `fhirUser`). They are verified by the same path as real tokens (the
 * dev issuer is registered with its public key). Never enabled when NODE_ENV=production.
 */
export class DevAuth {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly issuer: IssuerConfig,
    private readonly audience: string,
  ) {}

  static async create(audience: string): Promise<DevAuth> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    return new DevAuth(
      privateKey,
      { issuer: DEV_ISSUER, audience, publicKey: { ...jwk, alg: 'ES256' }, algorithms: ['ES256'] },
      audience,
    );
  }

  /** Mints a signed access token. */
  async token(c: DevTokenClaims, lifetimeSeconds: number, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      SubjectNameID: `8${c.rpps}`,
      preferred_username: `8${c.rpps}`,
      given_name: c.givenName,
      family_name: c.familyName,
      fhirUser: c.practitionerRole,
      scope: 'openid scope_all',
      SubjectRefPro: {
        exercices: [
          {
            codeProfession: c.professionCode,
            codeSavoirFaire: c.specialtyCode,
            nomDexercice: c.familyName,
            prenomDexercice: c.givenName,
            activities: [
              {
                ...(c.finess ? { numeroFinessSite: c.finess } : {}),
                ...(c.organizationName ? { raisonSocialeSite: c.organizationName } : {}),
              },
            ],
          },
        ],
      },
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(this.audience)
      .setSubject(`8${c.rpps}`)
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetimeSeconds)
      .sign(this.privateKey);
  }
}
