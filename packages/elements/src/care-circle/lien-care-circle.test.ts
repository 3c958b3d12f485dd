import type { CareCircle } from '@lien/client';
import { LienError } from '@lien/client';
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../care-circle/define.js';
import { LienActorDeclaredEvent } from '../events/lien-actor-declared.js';
import { LienBreakTheGlassEvent } from '../events/lien-break-the-glass.js';
import type { LienContactEvent } from '../events/lien-contact.js';
import type { LienErrorEvent } from '../events/lien-error.js';
import {
  NURSE_USER,
  PHYSICIAN_USER,
  emptyCircle,
  forbiddenError,
  largeCircle,
  member,
  sampleCircle,
} from '../testing/data.js';
import { card, deferred, fakeClient, q, qa, shadowText, text } from '../testing/fake-client.js';
import { LocalizeController } from '../i18n/localize.js';
import type { LienCareCircle } from './lien-care-circle.js';

const $ = (el: Element, selector: string) => q(el.shadowRoot, selector);
const $$ = (el: Element, selector: string) => qa(el.shadowRoot, selector);
const none = (el: Element, selector: string) => el.shadowRoot?.querySelector(selector) ?? null;

async function withData(circle: CareCircle, attrs: { variant?: string; lang?: string } = {}) {
  const el = await fixture<LienCareCircle>(
    html`<lien-care-circle
      lang=${attrs.lang ?? 'fr'}
      variant=${attrs.variant ?? 'full'}
      .careCircle=${circle}
    ></lien-care-circle>`,
  );
  return el;
}

async function loaded(el: LienCareCircle) {
  await waitUntil(
    () =>
      el.shadowRoot?.querySelector(
        '[part~="base"][aria-busy="false"], [part~="error"], [part~="forbidden"]',
      ),
    'never loaded',
  );
  await el.updateComplete;
}

describe('<lien-care-circle>', () => {
  describe('loading', () => {
    it('shows a busy skeleton while the request is pending', async () => {
      const pending = deferred<CareCircle>();
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({ getCareCircle: () => pending.promise })}
        ></lien-care-circle>`,
      );
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('true');
      expect($$(el, '[part~="skeleton"]')).to.have.length(1);
      expect($(el, '[role="status"]').textContent).to.contain('Chargement du cercle de soins');
      await expect(el).to.be.accessible();
    });

    it('says Lien is not configured, not busy, when there is no client', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle lang="fr" patient="Patient/123"></lien-care-circle>`,
      );
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('false');
      expect(!!none(el, '[part~="skeleton"]')).to.equal(false);
      expect(text($(el, '[part="unconfigured"]'))).to.equal(
        'Le service Lien n’est pas configuré sur cette page.',
      );
      expect(shadowText(el)).not.to.contain('Chargement');
      await expect(el).to.be.accessible();
    });

    it('says no patient is given, not busy, when there is no patient', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle lang="fr" .client=${fakeClient()}></lien-care-circle>`,
      );
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('false');
      expect(text($(el, '[part="unconfigured"]'))).to.equal('Aucun patient n’est indiqué.');
      el.patient = 'Patient/123';
      el.client = fakeClient({ getCareCircle: async () => sampleCircle() });
      await loaded(el);
      expect(!!none(el, '[part="unconfigured"]')).to.equal(false);
    });

    it('says in one polite live region, outside the busy section, what was loaded', async () => {
      const pending = deferred<CareCircle>();
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({ getCareCircle: () => pending.promise })}
        ></lien-care-circle>`,
      );
      const live = $(el, '[aria-live="polite"]');
      expect(live.getAttribute('role')).to.equal('status');
      expect(!!live.closest('[aria-busy="true"]')).to.equal(false);
      expect($$(el, '[role="status"]').length).to.equal(1);
      pending.resolve(sampleCircle());
      await loaded(el);
      expect($(el, '[aria-live="polite"]') === live).to.equal(true);
      expect(text(live)).to.equal('Cercle de soins chargé (6 membres).');
      el.patient = 'Patient/456';
      el.client = fakeClient({ getCareCircle: async () => emptyCircle() });
      await waitUntil(() => text(live) === 'Aucun professionnel n’est encore déclaré');
      expect($(el, '[aria-live="polite"]') === live).to.equal(true);
    });

    it('makes one request, with the patient and an abort signal', async () => {
      const calls: [string, AbortSignal | undefined][] = [];
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          patient="urn:oid:1.2.250.1.213.1.4.10|248039263001064"
          .client=${fakeClient({
            getCareCircle: async (patient, options) => {
              calls.push([patient, options?.signal]);
              return sampleCircle();
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      expect(calls).to.have.length(1);
      expect(calls[0]?.[0]).to.equal('urn:oid:1.2.250.1.213.1.4.10|248039263001064');
      expect(calls[0]?.[1]).to.be.instanceOf(AbortSignal);
    });

    it('aborts the request of the previous patient when the patient changes', async () => {
      const signals: AbortSignal[] = [];
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          patient="Patient/1"
          .client=${fakeClient({
            getCareCircle: (_patient, options) => {
              if (options?.signal) signals.push(options.signal);
              return new Promise<CareCircle>(() => {});
            },
          })}
        ></lien-care-circle>`,
      );
      el.patient = 'Patient/2';
      await el.updateComplete;
      expect(signals).to.have.length(2);
      expect(signals[0]?.aborted).to.equal(true);
      expect(signals[1]?.aborted).to.equal(false);
    });

    it('makes no request when the care circle is given', async () => {
      let called = false;
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          patient="Patient/123"
          .careCircle=${sampleCircle()}
          .client=${fakeClient({
            getCareCircle: async () => {
              called = true;
              return sampleCircle();
            },
          })}
        ></lien-care-circle>`,
      );
      await aTimeout(0);
      expect(called).to.equal(false);
      expect($$(el, '[part~="member"]')).to.have.length(6);
    });
  });

  describe('rendering from data', () => {
    it('puts the médecin traitant first, then hospital, then community care', async () => {
      const el = await withData(sampleCircle());
      const headings = $$(el, '[part="group-heading"]').map((h) => h.textContent?.trim());
      expect(headings).to.deep.equal(['Médecin traitant', 'Hôpital', 'Ville']);
      const first = $(el, '[part="group"] [part~="member-name"]');
      expect(first.textContent).to.equal('Dr Marie DUPONT');
    });

    it('groups by profession within a setting, physicians first', async () => {
      const el = await withData(sampleCircle());
      const hospital = $$(el, '[part="group"]')[1];
      const professions = qa(hospital, '[part="profession-heading"]').map((h) =>
        h.textContent?.trim(),
      );
      expect(professions).to.deep.equal(['Médecin', 'Infirmier']);
      const community = $$(el, '[part="group"]')[2];
      const names = qa(community, '[part~="member-name"]').map((n) => n.textContent);
      expect(names).to.deep.equal(['Claire ROUX', 'Sophie LEROY']);
    });

    it('shows profession and specialty, organisation, and since when', async () => {
      const el = await withData(sampleCircle());
      const found = card(el, 'MARTIN');
      expect(q(found, '.member-profession').textContent).to.contain('Médecin · Cardiologie');
      expect(q(found, '.organization').textContent).to.contain(
        'Hôpital Édouard-Herriot (HCL), Lyon',
      );
      const since = q(found, 'time');
      expect(since.textContent).to.match(/^Depuis 1\san \(.+\)$/);
      expect(since.getAttribute('datetime')).to.match(/^\d{4}-\d{2}-\d{2}T/);
    });

    it('marks the current user with a "vous" badge', async () => {
      const el = await withData(sampleCircle());
      const badges = $$(el, '[part~="badge"]');
      expect(badges).to.have.length(1);
      expect(badges[0]?.textContent).to.equal('Vous');
      expect(badges[0]?.closest('[part~="member"]')?.textContent).to.contain('Amina BENALI');
    });

    it('shows roles other than the profession', async () => {
      const circle = sampleCircle();
      const [first] = circle.members;
      if (first)
        first.roles = [
          { code: 'CON', system: 'x', display: 'Consultant' },
          { code: 'REF', system: 'x', display: 'Adresseur' },
        ];
      const el = await withData(circle);
      const roles = $(el, '.roles');
      expect(roles.textContent?.replace(/[ \n]+/g, ' ').trim()).to.equal(
        'Rôle\u00a0: Consultant et Adresseur',
      );
    });

    it('counts active members in the header', async () => {
      const el = await withData(sampleCircle());
      expect($(el, '[part="count"]').textContent).to.equal('6 membres');
    });
  });

  describe('contact actions', () => {
    it('offers MSSanté and phone links built from valid addresses', async () => {
      const el = await withData(sampleCircle());
      const found = card(el, 'ROUX');
      const mail = q(found, '[part~="contact-mssante"]');
      expect(mail.getAttribute('href')).to.equal('mailto:claire.roux@infirmier.mssante.fr');
      const phone = q(found, '[part~="contact-phone"]');
      expect(phone.getAttribute('href')).to.equal('tel:+33478000001');
      expect(phone.textContent?.replace(/\s+/g, ' ')).to.contain(
        'Tél. 04 78 00 00 01 (Claire ROUX)',
      );
    });

    it('shows no mail action for a member without an MSSanté address (liste rouge)', async () => {
      const el = await withData(sampleCircle());
      const found = card(el, 'BENALI');
      expect(found.querySelector('[part~="contact-mssante"]')).to.equal(null);
      expect(found.querySelector('[part~="contact-phone"]')).not.to.equal(null);
    });

    it('makes no link from an invalid address or phone number', async () => {
      const circle: CareCircle = {
        ...sampleCircle(),
        members: [
          member({
            mssante: 'x@y"onmouseover="alert(1)',
            phones: ['javascript:alert(1)', '12'],
          }),
        ],
      };
      const el = await withData(circle);
      expect($$(el, 'a')).to.have.length(0);
      expect(shadowText(el)).to.contain('Tél. javascript:alert(1)');
    });

    it('fires a cancelable lien-contact event; cancelled, the link is not followed', async () => {
      const el = await withData(sampleCircle());
      let received: LienContactEvent | undefined;
      el.addEventListener('lien-contact', (event) => {
        received = event;
        event.preventDefault();
      });
      let followed: boolean | undefined;
      const onClick = (event: Event) => {
        followed = !event.defaultPrevented;
        event.preventDefault();
      };
      window.addEventListener('click', onClick);
      const found = card(el, 'ROUX');
      q(found, '[part~="contact-mssante"]').click();
      window.removeEventListener('click', onClick);
      expect(received?.detail.channel).to.equal('mssante');
      expect(received?.detail.address).to.equal('claire.roux@infirmier.mssante.fr');
      expect(received?.detail.member.key).to.equal('nurse');
      expect(received?.cancelable).to.equal(true);
      expect(followed).to.equal(false);
    });

    it('follows the link when lien-contact is not cancelled', async () => {
      const el = await withData(sampleCircle());
      let channel: string | undefined;
      el.addEventListener('lien-contact', (event) => (channel = event.detail.channel));
      let followed: boolean | undefined;
      const onClick = (event: Event) => {
        followed = !event.defaultPrevented;
        event.preventDefault(); // keep the test page from opening the dialer
      };
      window.addEventListener('click', onClick);
      const found = card(el, 'ROUX');
      q(found, '[part~="contact-phone"]').click();
      window.removeEventListener('click', onClick);
      expect(channel).to.equal('phone');
      expect(followed).to.equal(true);
    });
  });

  describe('former members', () => {
    it('hides former members behind a toggle', async () => {
      const el = await withData(sampleCircle());
      const toggle = $(el, '[part="former-toggle"]');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(toggle.textContent).to.contain('Anciens membres (1)');
      expect(shadowText(el)).not.to.contain('GIRARD');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      const former = $(el, '#former');
      expect(former.hidden).to.equal(false);
      expect(former.textContent).to.contain('Paul GIRARD');
      expect(former.textContent).to.contain('A participé');
      await expect(el).to.be.accessible();
    });
  });

  describe('large circles', () => {
    it('shows no filter up to 10 active members', async () => {
      const el = await withData(largeCircle(4));
      expect(none(el, '[part="filter"]')).to.equal(null);
    });

    it('filters by name, profession or organisation above 10, and announces the count', async () => {
      const el = await withData(largeCircle(8));
      const input = $(el, '[part="filter"] input') as HTMLInputElement;
      expect(input).not.to.equal(null);
      input.value = 'infirmier';
      input.dispatchEvent(new InputEvent('input'));
      await el.updateComplete;
      const names = $$(el, '[part~="member-name"]').map((n) => n.textContent);
      expect(names).to.include('Claire ROUX');
      expect(names).not.to.include('Dr Marie DUPONT');
      expect($(el, '.filter-count').getAttribute('role')).to.equal('status');
      expect($(el, '.filter-count').textContent).to.match(/^\s*\d+ membres sur 14 correspondent/);
      input.value = 'kinesitherapeute villeurbanne';
      input.dispatchEvent(new InputEvent('input'));
      await el.updateComplete;
      expect($$(el, '[part~="member-name"]').map((n) => n.textContent)).to.deep.equal([
        'Léo MOREAU',
        'Hugo THOMAS',
      ]);
      await expect(el).to.be.accessible();
    });
  });

  describe('empty, error and forbidden states', () => {
    it('invites declaring when nobody is in the circle', async () => {
      const el = await withData(emptyCircle());
      const empty = $(el, '[part="empty"]');
      expect(empty.textContent).to.contain('Aucun professionnel n’est encore déclaré');
      const declare = q<HTMLElementTagNameMap['lien-declare-actor']>(empty, 'lien-declare-actor');
      expect(declare).not.to.equal(null);
      await declare.updateComplete;
      expect(shadowText(declare)).to.contain('Me déclarer acteur');
      await expect(el).to.be.accessible();
    });

    it('lets the host replace the invitation through the empty slot', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle .careCircle=${emptyCircle()}
          ><p slot="empty">Contactez le secrétariat</p></lien-care-circle
        >`,
      );
      const slot = $(el, 'slot[name="empty"]') as HTMLSlotElement;
      expect(slot.assignedElements()[0]?.textContent).to.equal('Contactez le secrétariat');
    });

    it('shows the error with a retry button that loads again', async () => {
      let attempts = 0;
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              attempts += 1;
              if (attempts === 1) {
                throw new LienError('boom', {
                  code: 'server',
                  status: 500,
                  issues: [
                    { severity: 'error', code: 'exception', diagnostics: 'Base indisponible' },
                  ],
                });
              }
              return sampleCircle();
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      const error = $(el, '[part="error"]');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(error.textContent).to.contain('Une erreur est survenue sur le serveur.');
      expect(error.textContent).to.contain('Détail\u00a0: Base indisponible');
      await expect(el).to.be.accessible();
      $(el, '[part="retry-button"]').click();
      await waitUntil(() => $$(el, '[part~="member"]').length > 0);
      expect(attempts).to.equal(2);
    });

    it('fires lien-error when loading fails', async () => {
      const errors: LienErrorEvent[] = [];
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          patient="Patient/123"
          @lien-error=${(event: LienErrorEvent) => errors.push(event)}
          .client=${fakeClient({
            getCareCircle: async () => {
              throw new LienError('offline', { code: 'network' });
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      expect(errors).to.have.length(1);
      expect(errors[0]?.detail.operation).to.equal('load');
      expect(errors[0]?.detail.error.code).to.equal('network');
      expect(shadowText(el)).to.contain('Le serveur ne répond pas.');
    });

    it('renders server text as text, never as HTML', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              throw new LienError('x', {
                code: 'invalid',
                issues: [
                  {
                    severity: 'error',
                    code: 'invalid',
                    diagnostics: '<img src=x onerror=alert(1)>',
                  },
                ],
              });
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      expect(none(el, 'img')).to.equal(null);
      expect(shadowText(el)).to.contain('<img src=x onerror=alert(1)>');
    });

    it('explains restricted access and offers declaring, not break-the-glass, to a nurse', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              throw forbiddenError(['declare-actor']);
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      const forbidden = $(el, '[part="forbidden"]');
      expect(forbidden.textContent).to.contain('Accès réservé');
      const declare = q<HTMLElementTagNameMap['lien-declare-actor']>(
        forbidden,
        'lien-declare-actor',
      );
      declare.user = NURSE_USER;
      await declare.updateComplete;
      expect(shadowText(declare)).to.contain('Me déclarer acteur');
      expect(declare.shadowRoot?.querySelector('lien-break-the-glass')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('offers break-the-glass to a physician when the server offers it', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              throw forbiddenError(['declare-actor', 'break-the-glass']);
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      const declare = $(
        el,
        '[part="forbidden"] lien-declare-actor',
      ) as HTMLElementTagNameMap['lien-declare-actor'];
      declare.user = PHYSICIAN_USER;
      await declare.updateComplete;
      const btg = q<HTMLElementTagNameMap['lien-break-the-glass']>(
        declare.shadowRoot,
        'lien-break-the-glass',
      );
      expect(btg).not.to.equal(null);
      await btg.updateComplete;
      expect(shadowText(btg)).to.contain('Accès d’urgence (bris de glace)');
      await expect(el).to.be.accessible();
    });

    it('names the restricted-access notice and announces it', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              throw forbiddenError(['declare-actor']);
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      const forbidden = $(el, '[part="forbidden"]');
      expect(forbidden.getAttribute('role')).to.equal('group');
      expect(text($(el, `#${forbidden.getAttribute('aria-labelledby')}`))).to.equal(
        'Accès réservé',
      );
      expect(text($(el, '[aria-live="polite"]'))).to.equal('Accès réservé');
    });

    it('says nothing can be done when only emergency access is offered to a nurse', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .user=${NURSE_USER}
          .client=${fakeClient({
            getCareCircle: async () => {
              throw forbiddenError(['break-the-glass']);
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      expect(!!none(el, '[part="forbidden"] lien-declare-actor')).to.equal(false);
      expect(shadowText(el)).to.contain('Aucune démarche n’est possible');
    });

    it('offers emergency access alone to a physician', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .user=${PHYSICIAN_USER}
          .client=${fakeClient({
            getCareCircle: async () => {
              throw forbiddenError(['break-the-glass']);
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      expect(!!none(el, '[part="forbidden"] lien-declare-actor')).to.equal(true);
      expect(shadowText(el)).not.to.contain('Aucune démarche n’est possible');
    });

    it('says nothing can be done when the server offers no remedy', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              throw forbiddenError([]);
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      expect(none(el, '[part="forbidden"] lien-declare-actor')).to.equal(null);
      expect(shadowText(el)).to.contain('Aucune démarche n’est possible');
    });
  });

  describe('refresh', () => {
    /**
     * A care circle refused with the declare remedy, declared from its restricted state by
     * keyboard; `reload` answers the reading that follows.
     */
    async function declareFromRestricted(
      reload: () => Promise<CareCircle>,
    ): Promise<LienCareCircle> {
      let declared = false;
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              if (!declared) throw forbiddenError(['declare-actor']);
              return reload();
            },
            declareSelf: async () => {
              declared = true;
              return { careCircle: sampleCircle() };
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      const declare = q<HTMLElementTagNameMap['lien-declare-actor']>(
        el.shadowRoot,
        '[part="forbidden"] lien-declare-actor',
      );
      await declare.updateComplete;
      const button = q(declare.shadowRoot, '[part~="button"]');
      button.focus();
      button.click();
      return el;
    }

    it('shows the circle after declaring from the restricted state, focus on the title', async () => {
      const el = await declareFromRestricted(async () => sampleCircle());
      await waitUntil(() => $$(el, '[part~="member"]').length === 6, 'circle not shown');
      await el.updateComplete;
      expect(el.shadowRoot?.activeElement).to.equal($(el, '#title'));
    });

    it('moves focus to the title after declaring from the restricted state, even when the reload fails', async () => {
      const el = await declareFromRestricted(async () => {
        throw new LienError('boom', { code: 'server', status: 500 });
      });
      await waitUntil(() => none(el, '[part="error"]'), 'error not shown');
      await el.updateComplete;
      expect(el.shadowRoot?.activeElement?.id ?? 'nothing').to.equal('title');
    });

    it('reloads after an emergency access and says until when it is open', async () => {
      let granted = false;
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              if (!granted) throw forbiddenError(['break-the-glass']);
              return sampleCircle();
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      granted = true;
      const expires = new Date(Date.now() + 3600e3).toISOString();
      // The display clock on the day the access ends, so the notice gives the time only.
      const clock = LocalizeController.now;
      LocalizeController.now = () => new Date(expires).setHours(0, 0, 0, 0);
      try {
        document.body.dispatchEvent(
          new LienBreakTheGlassEvent({
            patient: 'Patient/123',
            patientReference: 'Patient/123',
            expires,
          }),
        );
        await waitUntil(() => $$(el, '[part~="member"]').length === 6);
        const notice = $(el, '[part="emergency"]');
        const time = new Intl.DateTimeFormat('fr', { timeStyle: 'short' }).format(
          new Date(expires),
        );
        expect(notice.textContent).to.contain(`en cours jusqu’à ${time}`);
        await expect(el).to.be.accessible();
      } finally {
        LocalizeController.now = clock;
      }
    });

    it('reloads when the user is declared anywhere on the page for the same patient', async () => {
      let calls = 0;
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          patient="Patient/123"
          .client=${fakeClient({
            getCareCircle: async () => {
              calls += 1;
              return sampleCircle();
            },
          })}
        ></lien-care-circle>`,
      );
      await loaded(el);
      const circle = sampleCircle();
      const detail = {
        patientReference: 'Patient/123',
        member: undefined,
        careTeam: circle.careTeam,
        version: '5',
        careCircle: circle,
      };
      document.body.dispatchEvent(
        new LienActorDeclaredEvent({ ...detail, patient: 'urn:oid:1.2.250.1.213.1.4.10|1' }),
      );
      await waitUntil(() => calls === 2);
      document.body.dispatchEvent(
        new LienActorDeclaredEvent({
          ...detail,
          patient: 'Patient/999',
          patientReference: 'Patient/999',
        }),
      );
      await aTimeout(10);
      expect(calls).to.equal(2);
    });
  });

  describe('variants', () => {
    it('renders the compact variant without cities nor addresses', async () => {
      const el = await withData(sampleCircle(), { variant: 'compact' });
      expect(el.getAttribute('variant')).to.equal('compact');
      expect($$(el, '.address:not([hidden])')).to.have.length(0);
      expect(shadowText(el)).not.to.contain('(HCL), Lyon');
      await expect(el).to.be.accessible();
    });

    it('is accessible in the full variant', async () => {
      const el = await withData(sampleCircle());
      await expect(el).to.be.accessible();
    });

    it('is accessible in dark theme and compact density', async () => {
      const el = await fixture<LienCareCircle>(
        html`<lien-care-circle
          theme="dark"
          density="compact"
          .careCircle=${sampleCircle()}
        ></lien-care-circle>`,
      );
      await expect(el).to.be.accessible();
    });
  });

  describe('language', () => {
    it('follows its own lang attribute', async () => {
      const el = await withData(sampleCircle(), { lang: 'en' });
      expect($(el, '[part="title"]').textContent?.trim()).to.equal('Care circle');
      expect($(el, '[part~="badge"]').textContent).to.equal('You');
      expect(shadowText(el)).to.contain('Physician · Cardiology');
      el.lang = 'fr';
      await el.updateComplete;
      expect($(el, '[part="title"]').textContent?.trim()).to.equal('Cercle de soins');
    });

    it('follows the closest ancestor lang, and its changes', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang="en">
          <section><lien-care-circle .careCircle=${sampleCircle()}></lien-care-circle></section>
        </div>`,
      );
      const el = q<LienCareCircle>(wrapper, 'lien-care-circle');
      await el.updateComplete;
      expect($(el, '[part="title"]').textContent?.trim()).to.equal('Care circle');
      wrapper.setAttribute('lang', 'fr-FR');
      await waitUntil(() => $(el, '[part="title"]').textContent?.trim() === 'Cercle de soins');
    });

    it('follows a lang across shadow roots', async () => {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const root = host.attachShadow({ mode: 'open' });
      const inner = document.createElement('div');
      inner.lang = 'en';
      const el = document.createElement('lien-care-circle');
      el.careCircle = sampleCircle();
      inner.append(el);
      root.append(inner);
      await el.updateComplete;
      expect($(el, '[part="title"]').textContent?.trim()).to.equal('Care circle');
      inner.lang = 'fr';
      await waitUntil(() => $(el, '[part="title"]').textContent?.trim() === 'Cercle de soins');
    });

    it('follows the document language when no ancestor sets one', async () => {
      const previous = document.documentElement.lang;
      try {
        document.documentElement.lang = 'en';
        const el = await fixture<LienCareCircle>(
          html`<lien-care-circle .careCircle=${sampleCircle()}></lien-care-circle>`,
        );
        expect($(el, '[part="title"]').textContent?.trim()).to.equal('Care circle');
        document.documentElement.lang = 'fr';
        await waitUntil(() => $(el, '[part="title"]').textContent?.trim() === 'Cercle de soins');
      } finally {
        document.documentElement.lang = previous;
      }
    });
  });

  describe('keyboard', () => {
    it('reaches the contact links and the former-members toggle with Tab, and toggles with Enter and Space', async () => {
      const el = await withData(sampleCircle(), { variant: 'compact' });
      const focusable = $$(el, 'a[href], button');
      expect(focusable.length).to.be.greaterThan(3);
      const toggle = $(el, '[part="former-toggle"]');
      // Tab from the start of the page until the toggle has focus.
      (document.activeElement as HTMLElement | null)?.blur();
      for (let i = 0; i < focusable.length && el.shadowRoot?.activeElement !== toggle; i++) {
        await sendKeys({ press: 'Tab' });
      }
      expect(el.shadowRoot?.activeElement).to.equal(toggle);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    });
  });
});
