import type { CareCircle, CurrentUser } from '@lien/client';
import { ContextConsumer } from '@lit/context';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../define.js';
import { clientContext, provideLien, userContext } from '../context.js';
import type { LienCareCircle } from '../care-circle/lien-care-circle.js';
import type { LienDeclareActor } from '../declare-actor/lien-declare-actor.js';
import { PHYSICIAN_USER, emptyCircle, sampleCircle } from '../testing/data.js';
import { fakeClient, q, shadowText } from '../testing/fake-client.js';
import type { LienProvider } from './lien-provider.js';

describe('<lien-provider>', () => {
  it('hands its client to the elements inside it', async () => {
    const patients: string[] = [];
    const client = fakeClient({
      currentUser: async () => null,
      getCareCircle: async (patient) => {
        patients.push(patient);
        return sampleCircle();
      },
    });
    const provider = await fixture<LienProvider>(
      html`<lien-provider .client=${client}
        ><div><lien-care-circle patient="Patient/123"></lien-care-circle></div
      ></lien-provider>`,
    );
    const circle = q<LienCareCircle>(provider, 'lien-care-circle');
    await waitUntil(() => circle.shadowRoot?.querySelector('[part~="member"]'));
    expect(circle.client).to.equal(client);
    expect(patients).to.deep.equal(['Patient/123']);
  });

  it('asks the client for the current user and provides it', async () => {
    let asked = 0;
    const client = fakeClient({
      currentUser: async () => {
        asked += 1;
        return PHYSICIAN_USER;
      },
    });
    const provider = await fixture<LienProvider>(
      html`<lien-provider .client=${client}
        ><lien-declare-actor break-the-glass .careCircle=${emptyCircle()}></lien-declare-actor
      ></lien-provider>`,
    );
    const declare = q<LienDeclareActor>(provider, 'lien-declare-actor');
    await waitUntil(() => declare.user?.professionCode === '10');
    await declare.updateComplete;
    expect(asked).to.equal(1);
    expect(declare.shadowRoot?.querySelector('lien-break-the-glass')).not.to.equal(null);
  });

  it('provides a user given as a property, without asking the client', async () => {
    const user: CurrentUser = { reference: 'PractitionerRole/x', professionCode: '60' };
    const provider = await fixture<LienProvider>(
      html`<lien-provider .client=${fakeClient()} .user=${user}
        ><lien-declare-actor .careCircle=${emptyCircle()}></lien-declare-actor
      ></lien-provider>`,
    );
    const declare = q<LienDeclareActor>(provider, 'lien-declare-actor');
    expect(declare.user).to.equal(user);
  });

  it('creates a client from base-url, with the access token from getAccessToken', async () => {
    const requests: Request[] = [];
    const originalFetch = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      requests.push(request);
      return new Response(
        JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'forbidden' }],
        }),
        { status: 403, headers: { 'Content-Type': 'application/fhir+json' } },
      );
    };
    try {
      const provider = await fixture<LienProvider>(
        html`<lien-provider
          base-url="https://lien.test/fhir/"
          .getAccessToken=${async () => 'tok-123'}
          ><lien-care-circle lang="fr" patient="Patient/123"></lien-care-circle
        ></lien-provider>`,
      );
      const circle = q<LienCareCircle>(provider, 'lien-care-circle');
      await waitUntil(
        () => circle.shadowRoot?.querySelector('[part="forbidden"]'),
        'no forbidden state',
        {
          timeout: 4000,
        },
      );
      expect(provider.effectiveClient?.baseUrl).to.equal('https://lien.test/fhir');
      const toServer = requests.filter((r) => r.url.startsWith('https://lien.test/fhir/'));
      expect(toServer.length).to.be.greaterThan(0);
      expect(toServer.every((r) => r.headers.get('Authorization') === 'Bearer tok-123')).to.equal(
        true,
      );
      expect(shadowText(circle)).to.contain('Accès réservé');
    } finally {
      window.fetch = originalFetch;
    }
  });

  it('gives a new client when another user signs in (a getter replaces another): the elements reload', async () => {
    const requests: Request[] = [];
    const originalFetch = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return new Response(
        JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [] }),
        { headers: { 'Content-Type': 'application/fhir+json' } },
      );
    };
    try {
      const provider = await fixture<LienProvider>(
        html`<lien-provider
          base-url="https://lien.test/fhir/"
          .getAccessToken=${async () => 'tok-alice'}
          ><lien-care-circle lang="fr" patient="Patient/123"></lien-care-circle
        ></lien-provider>`,
      );
      const careTeamReads = (token: string) =>
        requests.filter(
          (r) =>
            r.url.includes('/CareTeam?') && r.headers.get('Authorization') === `Bearer ${token}`,
        );
      await waitUntil(() => careTeamReads('tok-alice').length > 0, 'no read as Alice');
      const first = provider.effectiveClient;
      provider.getAccessToken = async () => 'tok-bob';
      await provider.updateComplete;
      expect(provider.effectiveClient).not.to.equal(first);
      await waitUntil(() => careTeamReads('tok-bob').length > 0, 'no read as Bob');
    } finally {
      window.fetch = originalFetch;
    }
  });

  it('sends no request without the token set by a later module script', async () => {
    const requests: Request[] = [];
    const originalFetch = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return new Response(
        JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'forbidden' }],
        }),
        { status: 403, headers: { 'Content-Type': 'application/fhir+json' } },
      );
    };
    // The page is still loading: the host's module script has not run yet.
    Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'loading' });
    try {
      const provider = await fixture<LienProvider>(
        html`<lien-provider base-url="https://lien.test/fhir/"
          ><lien-care-circle lang="fr" patient="Patient/123"></lien-care-circle
        ></lien-provider>`,
      );
      const circle = q<LienCareCircle>(provider, 'lien-care-circle');
      const client = provider.effectiveClient;
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The module script sets the getter, then the document is parsed.
      provider.getAccessToken = () => 'tok-late';
      delete (document as { readyState?: string }).readyState;
      document.dispatchEvent(new Event('DOMContentLoaded'));
      await waitUntil(
        () => circle.shadowRoot?.querySelector('[part="forbidden"]'),
        'no forbidden state',
        { timeout: 4000 },
      );
      expect(provider.effectiveClient === client).to.equal(true);
      const toServer = requests.filter((r) => r.url.startsWith('https://lien.test/fhir/'));
      expect(toServer.length).to.be.greaterThan(0);
      expect(toServer.map((r) => r.headers.get('Authorization'))).to.deep.equal(
        toServer.map(() => 'Bearer tok-late'),
      );
    } finally {
      delete (document as { readyState?: string }).readyState;
      window.fetch = originalFetch;
    }
  });

  it('sends requests without a token when the host authenticates otherwise (no getter)', async () => {
    const requests: Request[] = [];
    const originalFetch = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return new Response(
        JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'forbidden' }],
        }),
        { status: 403, headers: { 'Content-Type': 'application/fhir+json' } },
      );
    };
    try {
      const provider = await fixture<LienProvider>(
        html`<lien-provider base-url="https://lien.test/fhir/"
          ><lien-care-circle lang="fr" patient="Patient/123"></lien-care-circle
        ></lien-provider>`,
      );
      const circle = q<LienCareCircle>(provider, 'lien-care-circle');
      await waitUntil(
        () => circle.shadowRoot?.querySelector('[part="forbidden"]'),
        'no forbidden state',
        { timeout: 4000 },
      );
      const toServer = requests.filter((r) => r.url.startsWith('https://lien.test/fhir/'));
      expect(toServer.length).to.be.greaterThan(0);
      expect(toServer.some((r) => r.headers.has('Authorization'))).to.equal(false);
    } finally {
      window.fetch = originalFetch;
    }
  });

  it('passes its lang to the elements inside it', async () => {
    const provider = await fixture<LienProvider>(
      html`<lien-provider lang="en" .client=${fakeClient({ currentUser: async () => null })}
        ><lien-care-circle .careCircle=${sampleCircle()}></lien-care-circle
      ></lien-provider>`,
    );
    const circle = q<LienCareCircle>(provider, 'lien-care-circle');
    await circle.updateComplete;
    expect(q(circle.shadowRoot, '[part="title"]').textContent?.trim()).to.equal('Care circle');
    provider.lang = 'fr';
    await waitUntil(
      () => q(circle.shadowRoot, '[part="title"]').textContent?.trim() === 'Cercle de soins',
    );
  });
});

describe('provideLien (hosts without Lit)', () => {
  it('provides from a plain element, also to elements connected before it', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div><lien-care-circle patient="Patient/123"></lien-care-circle></div>`,
    );
    const circle = q<LienCareCircle>(host, 'lien-care-circle');
    expect(circle.client).to.equal(undefined);
    const client = fakeClient({ getCareCircle: async (): Promise<CareCircle> => sampleCircle() });
    const handle = provideLien(host, { client, user: PHYSICIAN_USER });
    await waitUntil(() => circle.shadowRoot?.querySelector('[part~="member"]'));
    expect(circle.client).to.equal(client);
    const other = fakeClient({ getCareCircle: async () => emptyCircle() });
    handle.setClient(other);
    await waitUntil(() => circle.shadowRoot?.querySelector('[part="empty"]'));
  });

  it('uses global context keys, so two copies of the library match', () => {
    expect(clientContext).to.equal(Symbol.for('lien.client'));
    expect(userContext).to.equal(Symbol.for('lien.user'));
  });

  it('gives the user to a plain consumer', async () => {
    const host = await fixture<HTMLDivElement>(html`<div><span></span></div>`);
    provideLien(host, { client: fakeClient(), user: PHYSICIAN_USER });
    const span = q(host, 'span') as HTMLElement & { addController?: never };
    let received: CurrentUser | null | undefined;
    const fakeHost = Object.assign(span, {
      addController() {},
      removeController() {},
      requestUpdate() {},
      updateComplete: Promise.resolve(true),
    });
    const consumer = new ContextConsumer(fakeHost, {
      context: userContext,
      callback: (value) => (received = value),
    });
    consumer.hostConnected();
    expect(received).to.equal(PHYSICIAN_USER);
  });
});
