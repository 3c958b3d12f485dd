import type { BreakTheGlassGrant } from '@lien/client';
import { LienError } from '@lien/client';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../declare-actor/define.js';
import { deferred, fakeClient, q } from '../testing/fake-client.js';
import { LocalizeController } from '../i18n/localize.js';
import type { LienBreakTheGlass } from './lien-break-the-glass.js';

const $ = (el: Element, selector: string) => q(el.shadowRoot, selector);
const none = (el: Element, selector: string) => el.shadowRoot?.querySelector(selector) ?? null;
const inFourHours = () => new Date(Date.now() + 4 * 3600e3 + 60e3).toISOString();

async function typeReason(el: LienBreakTheGlass, value: string) {
  const field = $(el, '#reason') as HTMLTextAreaElement;
  field.value = value;
  field.dispatchEvent(new InputEvent('input'));
  await el.updateComplete;
}

describe('<lien-break-the-glass>', () => {
  it('opens a modal dialog that says the access is traced', async () => {
    const el = await fixture<LienBreakTheGlass>(
      html`<lien-break-the-glass lang="fr" patient="Patient/123"></lien-break-the-glass>`,
    );
    const trigger = $(el, '[part="trigger"]');
    expect(trigger.textContent?.trim()).to.equal('Accès d’urgence (bris de glace)');
    trigger.click();
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitUntil(() => dialog.open);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(dialog.textContent).to.contain('Cet accès est tracé');
    expect(el.shadowRoot?.activeElement).to.equal($(el, '#reason'));
    await expect(el).to.be.accessible();
  });

  it('requires a reason of at least 10 characters, with a message', async () => {
    let calls = 0;
    const el = await fixture<LienBreakTheGlass>(
      html`<lien-break-the-glass
        lang="fr"
        patient="Patient/123"
        .client=${fakeClient({
          breakTheGlass: async () => {
            calls += 1;
            return { patient: 'Patient/123', expires: inFourHours() };
          },
        })}
      ></lien-break-the-glass>`,
    );
    await el.show();
    await typeReason(el, 'urgence');
    $(el, '[part="submit-button"]').click();
    await el.updateComplete;
    const field = $(el, '#reason');
    expect(calls).to.equal(0);
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(field.getAttribute('aria-describedby')).to.contain('reason-error');
    expect($(el, '#reason-error').textContent).to.equal(
      'Indiquez un motif d’au moins 10 caractères.',
    );
    await expect(el).to.be.accessible();
  });

  it('requests access with the reason and shows when it ends', async () => {
    const pending = deferred<BreakTheGlassGrant>();
    let reason = '';
    // The display clock at 10:00 today, so the access ends the same day (14:01).
    const clock = LocalizeController.now;
    const tenAm = new Date().setHours(10, 0, 0, 0);
    LocalizeController.now = () => tenAm;
    try {
      const expires = new Date(tenAm + 4 * 3600e3 + 60e3).toISOString();
      const el = await fixture<LienBreakTheGlass>(
        html`<lien-break-the-glass
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({
            breakTheGlass: (_patient, given) => {
              reason = given;
              return pending.promise;
            },
          })}
        ></lien-break-the-glass>`,
      );
      await el.show();
      await typeReason(el, '  Patient inconscient aux urgences  ');
      $(el, '[part="submit-button"]').click();
      await el.updateComplete;
      expect($(el, '[part="submit-button"]').getAttribute('aria-disabled')).to.equal('true');
      pending.resolve({ patient: 'Patient/123', expires });
      await waitUntil(() => none(el, '[part="granted"]'));
      expect(reason).to.equal('Patient inconscient aux urgences');
      const granted = $(el, '[part="granted"]');
      expect(granted.textContent).to.contain('Accès accordé jusqu’à 14:01');
      expect(granted.textContent).to.match(/dans 4\sheures/);
      expect(q(granted, 'time').getAttribute('datetime')).to.equal(expires);
      expect(el.shadowRoot?.activeElement?.id).to.equal('close');
      await expect(el).to.be.accessible();
      const event = oneEvent(el, 'lien-break-the-glass');
      $(el, '#close').click();
      const fired = await event;
      expect(fired.detail.expires).to.equal(expires);
      expect(fired.composed).to.equal(true);
    } finally {
      LocalizeController.now = clock;
    }
  });

  it('shows the server’s refusal', async () => {
    const el = await fixture<LienBreakTheGlass>(
      html`<lien-break-the-glass
        lang="fr"
        patient="Patient/123"
        .client=${fakeClient({
          breakTheGlass: async () => {
            throw new LienError('forbidden', {
              code: 'forbidden',
              status: 403,
              issues: [
                { severity: 'error', code: 'forbidden', diagnostics: 'Réservé aux médecins.' },
              ],
            });
          },
        })}
      ></lien-break-the-glass>`,
    );
    await el.show();
    await typeReason(el, 'Détresse respiratoire');
    $(el, '[part="submit-button"]').click();
    await waitUntil(() => none(el, '[role="alert"]'));
    expect($(el, '[role="alert"]').textContent).to.contain('Réservé aux médecins.');
  });

  it('closes with Escape and returns focus to the trigger', async () => {
    const el = await fixture<LienBreakTheGlass>(
      html`<lien-break-the-glass patient="Patient/123"></lien-break-the-glass>`,
    );
    $(el, '[part="trigger"]').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => ($(el, 'dialog') as HTMLDialogElement).open);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !($(el, 'dialog') as HTMLDialogElement).open);
    expect(el.shadowRoot?.activeElement).to.equal($(el, '[part="trigger"]'));
  });

  it('speaks English when asked', async () => {
    const el = await fixture<LienBreakTheGlass>(
      html`<div lang="en"><lien-break-the-glass patient="Patient/1"></lien-break-the-glass></div>`,
    );
    const btg = q<LienBreakTheGlass>(el, 'lien-break-the-glass');
    await btg.updateComplete;
    expect($(btg, '[part="trigger"]').textContent?.trim()).to.equal(
      'Emergency access (break the glass)',
    );
  });
});
