import type { CareCircle, DeclarationResult, DeclareOptions } from '@lien/client';
import { LienError } from '@lien/client';
import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../declare-actor/define.js';
import { LienActorDeclaredEvent } from '../events/lien-actor-declared.js';
import { LienBreakTheGlassEvent } from '../events/lien-break-the-glass.js';
import {
  NURSE_USER,
  PHYSICIAN_USER,
  ROLE_CHOICES,
  emptyCircle,
  forbiddenError,
  member,
  sampleCircle,
} from '../testing/data.js';
import { deferred, fakeClient, q, shadowText } from '../testing/fake-client.js';
import type { LienDeclareActor } from './lien-declare-actor.js';

const $ = (el: Element, selector: string) => q(el.shadowRoot, selector);
const none = (el: Element, selector: string) => el.shadowRoot?.querySelector(selector) ?? null;

/** The result of a declaration: the circle with the caller as an active member. */
function declaredResult(): DeclarationResult {
  const me = member({ key: 'me', isCurrentUser: true });
  const circle: CareCircle = { ...emptyCircle(), version: '5', members: [me] };
  return { careCircle: circle, member: me };
}

function withdrawnResult(): DeclarationResult {
  return { careCircle: { ...emptyCircle(), version: '6' } };
}

describe('<lien-declare-actor>', () => {
  it('shows the attestation beside the button, describing it', async () => {
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/123"
        .careCircle=${emptyCircle()}
      ></lien-declare-actor>`,
    );
    const button = $(el, '[part~="button"]');
    expect(button.textContent?.trim()).to.equal('Me déclarer acteur');
    expect(button.getAttribute('aria-describedby')).to.equal('attestation');
    expect($(el, '#attestation').textContent?.trim()).to.equal(
      'Je participe à la prise en charge de ce patient et il m’a donné son accord',
    );
    await expect(el).to.be.accessible();
  });

  it('lets the host replace the attestation wording', async () => {
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor .careCircle=${emptyCircle()}
        ><span slot="attestation">J’atteste…</span></lien-declare-actor
      >`,
    );
    const slot = $(el, 'slot[name="attestation"]') as HTMLSlotElement;
    expect(slot.assignedElements()[0]?.textContent).to.equal('J’atteste…');
  });

  it('knows from the care circle that the user is already an actor', async () => {
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor lang="fr" .careCircle=${sampleCircle()}></lien-declare-actor>`,
    );
    expect(el.state).to.equal('declared');
    expect($(el, '[part="declared"]').textContent).to.contain('Vous êtes acteur de ce dossier');
    expect($(el, '[part~="button"]').textContent?.trim()).to.equal('Me retirer du cercle de soins');
  });

  it('says it is checking while the initial state loads', async () => {
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/123"
        .client=${fakeClient({ getCareCircle: () => new Promise<CareCircle>(() => {}) })}
      ></lien-declare-actor>`,
    );
    expect(el.state).to.equal('checking');
    expect($(el, '[role="status"]').textContent).to.contain('Vérification de votre participation');
    expect(none(el, '[part~="button"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('is accessible when already declared', async () => {
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor .careCircle=${sampleCircle()}></lien-declare-actor>`,
    );
    await expect(el).to.be.accessible();
  });

  it('asks the server once for the initial state when no care circle is given', async () => {
    let calls = 0;
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        patient="Patient/123"
        .client=${fakeClient({
          getCareCircle: async () => {
            calls += 1;
            return sampleCircle();
          },
        })}
      ></lien-declare-actor>`,
    );
    await waitUntil(() => el.state === 'declared');
    expect(calls).to.equal(1);
  });

  it('declares with the attestation, pending then declared, and fires lien-actor-declared', async () => {
    const pending = deferred<DeclarationResult>();
    const received: [string, DeclareOptions][] = [];
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/123"
        .careCircle=${emptyCircle()}
        .client=${fakeClient({
          declareSelf: (patient, options) => {
            received.push([patient, options]);
            return pending.promise;
          },
        })}
      ></lien-declare-actor>`,
    );
    const button = $(el, '[part~="button"]');
    button.click();
    await el.updateComplete;
    expect(el.state).to.equal('declaring');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.textContent?.trim()).to.equal('Déclaration en cours…');
    await expect(el).to.be.accessible();
    const declared = oneEvent(el, 'lien-actor-declared');
    pending.resolve(declaredResult());
    const event = await declared;
    await el.updateComplete;
    expect(received).to.have.length(1);
    expect(received[0]?.[0]).to.equal('Patient/123');
    expect(received[0]?.[1].attestation).to.equal(true);
    expect(event).to.be.instanceOf(LienActorDeclaredEvent);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.patient).to.equal('Patient/123');
    expect(event.detail.version).to.equal('5');
    expect(event.detail.member?.key).to.equal('me');
    expect(el.state).to.equal('declared');
    expect(shadowText(el)).to.contain('Vous êtes acteur de ce dossier');
    expect($(el, '[aria-live="polite"]').textContent).to.equal(
      'Vous êtes maintenant acteur de ce dossier.',
    );
    // The same button keeps the focus position: it now withdraws.
    expect($(el, '[part~="button"]')).to.equal(button);
    await expect(el).to.be.accessible();
  });

  it('ignores a slow answer for the previous patient', async () => {
    const pending = deferred<DeclarationResult>();
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/A"
        .client=${fakeClient({
          getCareCircle: async () => emptyCircle(),
          declareSelf: (patient) =>
            patient === 'Patient/A' ? pending.promise : Promise.reject(new Error('unexpected')),
        })}
      ></lien-declare-actor>`,
    );
    await waitUntil(() => el.state === 'idle');
    $(el, '[part~="button"]').click();
    await el.updateComplete;
    expect(el.state).to.equal('declaring');
    el.patient = 'Patient/B';
    await waitUntil(() => el.state === 'idle');
    // A's declaration ends: the page learns it (for A), B's view does not change.
    const declared = oneEvent(el, 'lien-actor-declared');
    pending.resolve(declaredResult());
    const event = await declared;
    await el.updateComplete;
    expect(event.detail.patient).to.equal('Patient/A');
    expect(el.state).to.equal('idle');
    expect(shadowText(el)).not.to.contain('Vous êtes acteur de ce dossier');
    expect($(el, '[part~="button"]').textContent?.trim()).to.equal('Me déclarer acteur');
    expect($(el, '[aria-live="polite"]').textContent).to.equal('');
  });

  it('ignores a slow failure for the previous patient', async () => {
    const pending = deferred<DeclarationResult>();
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/A"
        .careCircle=${emptyCircle()}
        .client=${fakeClient({ declareSelf: () => pending.promise })}
      ></lien-declare-actor>`,
    );
    $(el, '[part~="button"]').click();
    await el.updateComplete;
    el.patient = 'Patient/B';
    await el.updateComplete;
    pending.reject(new LienError('server', { code: 'server', status: 500 }));
    await aTimeout(0);
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(none(el, '[part="error"]')).to.equal(null);
  });

  it('says which input is missing, a client or a patient', async () => {
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor lang="fr" .careCircle=${emptyCircle()}></lien-declare-actor>`,
    );
    $(el, '[part~="button"]').click();
    await el.updateComplete;
    expect($(el, '[part="error"]').textContent).to.contain(
      'Le service Lien n’est pas configuré sur cette page.',
    );
    el.client = fakeClient();
    await el.updateComplete;
    $(el, '[part~="button"]').click();
    await el.updateComplete;
    expect($(el, '[part="error"]').textContent).to.contain('Aucun patient n’est indiqué.');
    expect($(el, '[part="error"]').textContent).not.to.contain('configuré');
  });

  it('sends one request on a double click', async () => {
    let calls = 0;
    const pending = deferred<DeclarationResult>();
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        patient="Patient/123"
        .careCircle=${emptyCircle()}
        .client=${fakeClient({
          declareSelf: () => {
            calls += 1;
            return pending.promise;
          },
        })}
      ></lien-declare-actor>`,
    );
    const button = $(el, '[part~="button"]');
    button.click();
    button.click();
    await el.updateComplete;
    button.click();
    pending.resolve(declaredResult());
    await aTimeout(0);
    expect(calls).to.equal(1);
  });

  it('sends the chosen role', async () => {
    let role: DeclareOptions['role'];
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/123"
        .roles=${ROLE_CHOICES}
        .careCircle=${emptyCircle()}
        .client=${fakeClient({
          declareSelf: async (_patient, options) => {
            role = options.role;
            return declaredResult();
          },
        })}
      ></lien-declare-actor>`,
    );
    const select = $(el, 'select') as HTMLSelectElement;
    expect(select.labels?.[0]?.textContent).to.equal('Rôle (facultatif)');
    select.value = 'CON';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    await expect(el).to.be.accessible();
    $(el, '[part~="button"]').click();
    await waitUntil(() => el.state === 'declared');
    expect(role?.coding?.[0]?.code).to.equal('CON');
    expect(role?.text).to.equal('Consultant');
  });

  it('shows the server’s message and retries after a failure', async () => {
    let attempts = 0;
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/123"
        .careCircle=${emptyCircle()}
        .client=${fakeClient({
          declareSelf: async () => {
            attempts += 1;
            if (attempts === 1) {
              throw new LienError('conflict', {
                code: 'conflict',
                status: 409,
                issues: [
                  {
                    severity: 'error',
                    code: 'conflict',
                    diagnostics: 'Le cercle de soins a changé, rechargez.',
                  },
                ],
              });
            }
            return declaredResult();
          },
        })}
      ></lien-declare-actor>`,
    );
    const failed = oneEvent(el, 'lien-error');
    $(el, '[part~="button"]').click();
    expect((await failed).detail.operation).to.equal('declare');
    await el.updateComplete;
    const error = $(el, '[part="error"]');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('La déclaration a échoué.');
    expect(error.textContent).to.contain('Le cercle de soins a changé, rechargez.');
    await expect(el).to.be.accessible();
    $(el, '[part="retry-button"]').click();
    await waitUntil(() => el.state === 'declared');
    expect(attempts).to.equal(2);
  });

  it('withdraws, announces it and fires lien-actor-withdrawn', async () => {
    let withdrawn = 0;
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/123"
        .careCircle=${sampleCircle()}
        .client=${fakeClient({
          withdrawSelf: async () => {
            withdrawn += 1;
            return withdrawnResult();
          },
        })}
      ></lien-declare-actor>`,
    );
    const event = oneEvent(el, 'lien-actor-withdrawn');
    $(el, '[part~="button"]').click();
    expect((await event).detail.version).to.equal('6');
    await el.updateComplete;
    expect(withdrawn).to.equal(1);
    expect(el.state).to.equal('idle');
    expect($(el, '[aria-live="polite"]').textContent).to.equal(
      'Vous n’êtes plus acteur de ce dossier.',
    );
    expect($(el, '[part~="button"]').textContent?.trim()).to.equal('Me déclarer acteur');
  });

  it('keeps the withdraw layout while it withdraws', async () => {
    const pending = deferred<DeclarationResult>();
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        lang="fr"
        patient="Patient/123"
        .careCircle=${sampleCircle()}
        .client=${fakeClient({ withdrawSelf: () => pending.promise })}
      ></lien-declare-actor>`,
    );
    $(el, '[part~="button"]').click();
    await el.updateComplete;
    expect(el.state).to.equal('withdrawing');
    const button = $(el, '[part~="button"]');
    // Still an actor until the server says otherwise: the same secondary button, its part, and
    // no attestation or role to fill in.
    expect(button.getAttribute('part')).to.equal('button withdraw-button');
    expect(button.classList.contains('primary')).to.equal(false);
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(none(el, '#attestation')).to.equal(null);
    expect(none(el, '[part="role"]')).to.equal(null);
    expect(none(el, '[part="declared"]')).to.not.equal(null);
    pending.resolve(withdrawnResult());
    await waitUntil(() => el.state === 'idle');
    expect($(el, '[part~="button"]').getAttribute('part')).to.equal('button declare-button');
  });

  it('follows a declaration made by another element for the same patient', async () => {
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        patient="Patient/123"
        .careCircle=${emptyCircle()}
      ></lien-declare-actor>`,
    );
    const result = declaredResult();
    document.body.dispatchEvent(
      new LienActorDeclaredEvent({
        patient: 'Patient/123',
        patientReference: 'Patient/123',
        member: result.member,
        careTeam: result.careCircle.careTeam,
        version: result.careCircle.version,
        careCircle: result.careCircle,
      }),
    );
    await el.updateComplete;
    expect(el.state).to.equal('declared');
  });

  describe('after a refusal', () => {
    it('offers declaring but not break-the-glass to a nurse', async () => {
      const el = await fixture<LienDeclareActor>(
        html`<lien-declare-actor
          lang="fr"
          patient="Patient/123"
          .user=${NURSE_USER}
          .remedies=${['declare-actor', 'break-the-glass']}
        ></lien-declare-actor>`,
      );
      expect($(el, '[part~="button"]').textContent?.trim()).to.equal('Me déclarer acteur');
      expect(none(el, 'lien-break-the-glass')).to.equal(null);
    });

    it('offers break-the-glass to a physician when the server offers it', async () => {
      const el = await fixture<LienDeclareActor>(
        html`<lien-declare-actor
          lang="fr"
          patient="Patient/123"
          .user=${PHYSICIAN_USER}
          .remedies=${['declare-actor', 'break-the-glass']}
        ></lien-declare-actor>`,
      );
      expect(none(el, 'lien-break-the-glass')).not.to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('learns the remedies from its own refused request', async () => {
      const el = await fixture<LienDeclareActor>(
        html`<lien-declare-actor
          patient="Patient/123"
          .user=${PHYSICIAN_USER}
          .client=${fakeClient({
            getCareCircle: async () => {
              throw forbiddenError(['break-the-glass']);
            },
          })}
        ></lien-declare-actor>`,
      );
      await waitUntil(() => el.state === 'idle');
      await el.updateComplete;
      expect(none(el, '[part~="declare-button"]')).to.equal(null);
      expect(none(el, 'lien-break-the-glass')).not.to.equal(null);
    });

    it('stops offering break-the-glass once an emergency access is granted for the patient', async () => {
      let granted = false;
      const el = await fixture<LienDeclareActor>(
        html`<lien-declare-actor
          patient="Patient/123"
          .user=${PHYSICIAN_USER}
          .client=${fakeClient({
            getCareCircle: async () => {
              if (!granted) throw forbiddenError(['declare-actor', 'break-the-glass']);
              return emptyCircle();
            },
          })}
        ></lien-declare-actor>`,
      );
      await waitUntil(() => el.state === 'idle' && none(el, 'lien-break-the-glass') !== null);
      granted = true;
      document.dispatchEvent(
        new LienBreakTheGlassEvent({
          patient: 'Patient/123',
          patientReference: 'Patient/123',
          expires: new Date(Date.now() + 3600_000).toISOString(),
        }),
      );
      await waitUntil(
        () => none(el, 'lien-break-the-glass') === null,
        'break-the-glass still offered',
      );
      expect(none(el, '[part~="declare-button"]')).not.to.equal(null);
    });

    it('offers break-the-glass on request to a physician, not to a nurse', async () => {
      const physician = await fixture<LienDeclareActor>(
        html`<lien-declare-actor
          break-the-glass
          .user=${PHYSICIAN_USER}
          .careCircle=${emptyCircle()}
        ></lien-declare-actor>`,
      );
      expect(none(physician, 'lien-break-the-glass')).not.to.equal(null);
      const nurse = await fixture<LienDeclareActor>(
        html`<lien-declare-actor
          break-the-glass
          .user=${NURSE_USER}
          .careCircle=${emptyCircle()}
        ></lien-declare-actor>`,
      );
      expect(none(nurse, 'lien-break-the-glass')).to.equal(null);
    });
  });

  it('switches language with the lang attribute', async () => {
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor lang="en" .careCircle=${emptyCircle()}></lien-declare-actor>`,
    );
    expect($(el, '[part~="button"]').textContent?.trim()).to.equal('Declare myself a care actor');
    expect($(el, '#attestation').textContent?.trim()).to.equal(
      'I take part in this patient’s care and the patient has authorised it',
    );
    el.setAttribute('lang', 'fr');
    await waitUntil(() => $(el, '[part~="button"]').textContent?.trim() === 'Me déclarer acteur');
  });

  it('declares with the keyboard (Tab, then Enter)', async () => {
    let calls = 0;
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        patient="Patient/123"
        .careCircle=${emptyCircle()}
        .client=${fakeClient({
          declareSelf: async () => {
            calls += 1;
            return declaredResult();
          },
        })}
      ></lien-declare-actor>`,
    );
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot?.activeElement).to.equal($(el, '[part~="button"]'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.state === 'declared');
    expect(calls).to.equal(1);
    // Focus stays on the same button, now "withdraw"; Space withdraws.
    expect(el.shadowRoot?.activeElement).to.equal($(el, '[part~="button"]'));
  });

  it('withdraws with the Space key', async () => {
    let calls = 0;
    const el = await fixture<LienDeclareActor>(
      html`<lien-declare-actor
        patient="Patient/123"
        .careCircle=${sampleCircle()}
        .client=${fakeClient({
          withdrawSelf: async () => {
            calls += 1;
            return withdrawnResult();
          },
        })}
      ></lien-declare-actor>`,
    );
    $(el, '[part~="button"]').focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => el.state === 'idle');
    expect(calls).to.equal(1);
  });
});
