/**
 * The page's own logic without a browser: the URL state and the dev token getter handed to
 * <lien-provider> (cache, expiry, forceRefresh, one request for concurrent calls).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { devTokenGetter } from '../src/dev-api.js';
import { DICTIONARIES } from '../src/i18n.js';
import {
  elementPatientOf,
  insOf,
  isPatient,
  patientIdOf,
  readUrlState,
  toSearch,
} from '../src/url-state.js';

describe('URL state', () => {
  it('reads user, patient, language and tab, with defaults', () => {
    expect(readUrlState('?user=10990000019&patient=marie-durand&lang=en&tab=circle')).toEqual({
      user: '10990000019',
      patient: 'marie-durand',
      lang: 'en',
      tab: 'circle',
    });
    expect(readUrlState('')).toEqual({ lang: 'fr', tab: 'summary' });
    expect(readUrlState('?lang=de&tab=other&user=')).toEqual({ lang: 'fr', tab: 'summary' });
    expect(readUrlState('?lang=en-GB').lang).toBe('en');
  });

  it('writes a stable query string, the default tab left out', () => {
    expect(
      toSearch({ user: '10990000019', patient: '251036912338151', lang: 'fr', tab: 'summary' }),
    ).toBe('?user=10990000019&patient=251036912338151&lang=fr');
    expect(toSearch({ lang: 'en', tab: 'circle' })).toBe('?lang=en&tab=circle');
    const state = readUrlState('?user=1&patient=Patient%2Fx&lang=en&tab=circle');
    expect(readUrlState(toSearch(state))).toEqual(state);
  });

  it('tells an INS from a patient id', () => {
    expect(insOf('251036912338151')).toEqual({ value: '251036912338151' });
    expect(insOf('urn:oid:1.2.250.1.213.1.4.8|251036912338151')).toEqual({
      system: 'urn:oid:1.2.250.1.213.1.4.8',
      value: '251036912338151',
    });
    expect(insOf('marie-durand')).toBeUndefined();
    expect(insOf('25103691233815')).toBeUndefined();
    expect(patientIdOf('Patient/marie-durand')).toBe('marie-durand');
    expect(patientIdOf('marie-durand')).toBe('marie-durand');
  });
});

describe('patient from the URL', () => {
  const TEST_OID = 'urn:oid:1.2.250.1.213.1.4.10';
  const PROD_OID = 'urn:oid:1.2.250.1.213.1.4.8';
  /** As /dev/patients lists the seed's Marie DURAND (test OID). */
  const marie = { id: 'marie-durand', ins: '251036912338151', insSystem: TEST_OID };

  it('finds the patient by id, by INS alone, or by INS with the same system only', () => {
    expect(isPatient('marie-durand', marie)).toBe(true);
    expect(isPatient('Patient/marie-durand', marie)).toBe(true);
    expect(isPatient('251036912338151', marie)).toBe(true);
    expect(isPatient(`${TEST_OID}|251036912338151`, marie)).toBe(true);
    // The same digits under the production OID are another identity.
    expect(isPatient(`${PROD_OID}|251036912338151`, marie)).toBe(false);
    expect(isPatient('lucien-morel', marie)).toBe(false);
    expect(isPatient('138116912304538', marie)).toBe(false);
  });

  it('gives the elements the patient by id, or by INS with the system of the URL or of the list', () => {
    expect(elementPatientOf('marie-durand', marie)).toBe('Patient/marie-durand');
    expect(elementPatientOf('251036912338151', marie)).toBe(`${TEST_OID}|251036912338151`);
    expect(elementPatientOf(`${TEST_OID}|251036912338151`, marie)).toBe(
      `${TEST_OID}|251036912338151`,
    );
    // No system anywhere (a list without one): unknown until the Patient resource is read.
    expect(elementPatientOf('251036912338151', { ...marie, insSystem: null })).toBeUndefined();
  });
});

describe('dictionaries', () => {
  it('have the same keys and kinds in French and English', () => {
    const fr = DICTIONARIES.fr as unknown as Record<string, unknown>;
    const en = DICTIONARIES.en as unknown as Record<string, unknown>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr)) expect(typeof en[key], key).toBe(typeof fr[key]);
    expect(DICTIONARIES.fr.patientOption('Marie DURAND', '2 51', 1)).toMatch(/1 professionnel$/);
    expect(DICTIONARIES.en.age(1)).toBe('1 year old');
  });
});

describe('devTokenGetter', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  function stubTokens(expiresIn = 3600) {
    let n = 0;
    const calls: unknown[] = [];
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      calls.push([url, init?.method, init?.body]);
      n += 1;
      return new Response(JSON.stringify({ access_token: `token-${n}`, expires_in: expiresIn }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    });
    vi.stubGlobal('fetch', fetchMock);
    return { fetchMock, calls };
  }

  it('signs in once, shares the request between concurrent calls, and caches', async () => {
    const { fetchMock, calls } = stubTokens();
    const getToken = devTokenGetter('10990000019');
    const [a, b] = await Promise.all([getToken(), getToken()]);
    expect([a, b]).toEqual(['token-1', 'token-1']);
    expect(await getToken()).toBe('token-1');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(calls[0]).toEqual(['/dev/token', 'POST', JSON.stringify({ rpps: '10990000019' })]);
  });

  it('asks for a new token on forceRefresh and shortly before expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { fetchMock } = stubTokens(600);
    const getToken = devTokenGetter('10990000019');
    expect(await getToken()).toBe('token-1');
    expect(await getToken({ forceRefresh: true })).toBe('token-2');
    expect(await getToken()).toBe('token-2');
    vi.setSystemTime(Date.now() + 541_000); // less than a minute left
    expect(await getToken()).toBe('token-3');
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('fails when the server refuses, and tries again on the next call', async () => {
    let fail = true;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        fail
          ? new Response('{}', { status: 404 })
          : new Response(JSON.stringify({ access_token: 'ok', expires_in: 3600 }), { status: 200 }),
      ),
    );
    const getToken = devTokenGetter('00000000000');
    await expect(getToken()).rejects.toThrow(/HTTP 404/);
    fail = false;
    expect(await getToken()).toBe('ok');
  });
});
