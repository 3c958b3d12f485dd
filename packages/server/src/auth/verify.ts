import type { JWTPayload, JWTVerifyGetKey, CryptoKey, JWK, KeyObject } from 'jose';
import { createRemoteJWKSet, decodeJwt, importJWK, importSPKI, jwtVerify, errors } from 'jose';
import { HttpError } from '../fhir/outcome.js';

/**
 * A trusted token issuer. Give exactly one key source: `publicKey` (PEM SPKI or a JWK), `jwksUri`, or
 * nothing (then `{issuer}/.well-known/openid-configuration` is fetched for its `jwks_uri`).
 */
export interface IssuerConfig {
  /** The `iss` claim, exactly. */
  issuer: string;
  /**
   * Accepted `aud` value(s). Required: an issuer without one is refused at start-up, unless it is
   * explicitly `false` — no audience check, any `aud` accepted (not recommended: a token issued to
   * another application of the same issuer would be accepted).
   */
  audience?: string | string[] | false;
  /** JWKS endpoint of the issuer. */
  jwksUri?: string;
  /** Static public key: PEM (`-----BEGIN PUBLIC KEY-----`) or a public JWK. */
  publicKey?: string | JWK;
  /** Accepted algorithms (default: RS256, PS256, ES256, ES384, EdDSA). */
  algorithms?: string[];
  /** Clock tolerance in seconds for exp/nbf (default 30). */
  clockToleranceSeconds?: number;
}

/** Claims of a verified token, plus the issuer that vouched for it. */
export interface VerifiedToken {
  issuer: string;
  claims: JWTPayload & Record<string, unknown>;
}

const DEFAULT_ALGS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];
const CACHE_MAX = 10_000;

type KeySource = CryptoKey | KeyObject | JWTVerifyGetKey;

/**
 * Verifies Bearer JWTs against the configured issuers (signature, `iss`, `aud`, `exp`, `nbf`).
 * Successful verifications are cached by token string until the token expires, so a client reusing
 * one token pays for the signature check once.
 */
export class TokenVerifier {
  private readonly issuers = new Map<string, IssuerConfig>();
  private readonly keys = new Map<string, Promise<KeySource>>();
  private readonly cache = new Map<string, { token: VerifiedToken; exp: number }>();

  /** @throws Error when an issuer has no audience and does not opt out (`audience: false`). */
  constructor(
    issuers: IssuerConfig[],
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    for (const i of issuers) {
      checkIssuer(i);
      this.issuers.set(i.issuer, i);
    }
  }

  /** Adds (or replaces) an issuer at run time (used by dev auth). */
  addIssuer(config: IssuerConfig): void {
    checkIssuer(config);
    this.issuers.set(config.issuer, config);
    this.keys.delete(config.issuer);
  }

  /** Number of trusted issuers. */
  get size(): number {
    return this.issuers.size;
  }

  private key(config: IssuerConfig): Promise<KeySource> {
    let k = this.keys.get(config.issuer);
    if (!k) {
      k = this.loadKey(config);
      // A failed discovery is retried on the next request rather than cached.
      k.catch(() => this.keys.delete(config.issuer));
      this.keys.set(config.issuer, k);
    }
    return k;
  }

  private async loadKey(config: IssuerConfig): Promise<KeySource> {
    if (config.publicKey !== undefined) {
      const alg = config.algorithms?.[0];
      if (typeof config.publicKey === 'string') {
        return importSPKI(config.publicKey, alg ?? 'RS256');
      }
      const jwk = config.publicKey;
      const k = await importJWK(jwk, jwk.alg ?? alg ?? 'RS256');
      if (k instanceof Uint8Array)
        throw new Error(`Issuer ${config.issuer}: symmetric keys are not accepted`);
      return k;
    }
    let jwksUri = config.jwksUri;
    if (!jwksUri) {
      const base = config.issuer.replace(/\/$/, '');
      const res = await this.fetchImpl(`${base}/.well-known/openid-configuration`);
      if (!res.ok)
        throw new Error(`OIDC discovery failed for ${config.issuer}: HTTP ${res.status}`);
      const doc = (await res.json()) as { jwks_uri?: unknown };
      if (typeof doc.jwks_uri !== 'string') throw new Error(`No jwks_uri for ${config.issuer}`);
      jwksUri = doc.jwks_uri;
    }
    return createRemoteJWKSet(new URL(jwksUri));
  }

  /**
   * Verifies a compact JWT.
   * @throws HttpError 401 (OperationOutcome `login`) when the token is not acceptable.
   */
  async verify(token: string, nowMs: number = Date.now()): Promise<VerifiedToken> {
    const hit = this.cache.get(token);
    if (hit && hit.exp * 1000 > nowMs) return hit.token;
    if (hit) this.cache.delete(token);

    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw unauthorized('Malformed bearer token');
    }
    const config =
      typeof unverified.iss === 'string' ? this.issuers.get(unverified.iss) : undefined;
    if (!config) throw unauthorized('Token issuer is not trusted');
    let key: KeySource;
    try {
      key = await this.key(config);
    } catch {
      throw new HttpError(
        503,
        [
          {
            severity: 'error',
            code: 'transient',
            diagnostics: 'Identity provider keys unavailable',
          },
        ],
        { 'Retry-After': '5' },
      );
    }
    try {
      const { payload } = await jwtVerify(token, key as CryptoKey, {
        issuer: config.issuer,
        audience: config.audience === false ? undefined : config.audience,
        algorithms: config.algorithms ?? DEFAULT_ALGS,
        clockTolerance: config.clockToleranceSeconds ?? 30,
        currentDate: new Date(nowMs),
        requiredClaims: ['exp'],
      });
      const verified: VerifiedToken = {
        issuer: config.issuer,
        claims: payload as VerifiedToken['claims'],
      };
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(token, { token: verified, exp: payload.exp as number });
      return verified;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthorized('Token expired');
      if (err instanceof errors.JWTClaimValidationFailed) {
        throw unauthorized(`Token claim "${err.claim}" rejected`);
      }
      throw unauthorized('Token signature or format rejected');
    }
  }
}

/**
 * Refuses an issuer configuration without an audience (any `aud` would be accepted) unless it opts
 * out explicitly with `audience: false`.
 */
export function checkIssuer(config: IssuerConfig): void {
  // Issuer files are JSON: anything but a non-empty string, a list of them or `false` is refused.
  const a = config.audience as unknown;
  const missing =
    (a !== false && typeof a !== 'string' && !Array.isArray(a)) ||
    a === '' ||
    (Array.isArray(a) && (a.length === 0 || a.some((x) => typeof x !== 'string' || x === '')));
  if (missing) {
    throw new Error(
      `Issuer ${config.issuer} has no audience: set --audience (or "audience" in its issuer configuration), or disable the check explicitly with --no-audience-check ("audience": false)`,
    );
  }
}

/** 401 with `WWW-Authenticate: Bearer`. */
export function unauthorized(diagnostics: string): HttpError {
  return new HttpError(401, [{ severity: 'error', code: 'login', diagnostics }], {
    'WWW-Authenticate': `Bearer realm="lien", error="invalid_token"`,
  });
}
