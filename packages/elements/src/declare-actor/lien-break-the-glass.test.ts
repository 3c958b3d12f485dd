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

  it('describes the dialog with the explanation and the tracing, then with the grant', async () => {
    const el = await fixture<LienBreakTheGlass>(
      html`<lien-break-the-glass
        lang="fr"
        patient="Patient/123"
        .client=${fakeClient({
          breakTheGlass: async () => ({ patient: 'Patient/123', expires: inFourHours() }),
        })}
      ></lien-break-the-glass>`,
    );
    await el.show();
    const dialog = $(el, 'dialog');
    const described = () =>
      (dialog.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => $(el, `#${id}`).textContent ?? '')
        .join(' ');
    expect(described()).to.contain('Réservé aux médecins');
    expect(described()).to.contain('Cet accès est tracé');
    await typeReason(el, 'Patient inconscient');
    $(el, '[part="submit-button"]').click();
    await waitUntil(() => none(el, '[part="granted"]'));
    expect(described()).to.contain('Accès accordé jusqu’à');
    const close = $(el, '#close');
    expect(el.shadowRoot?.activeElement).to.equal(close);
    expect($(el, `#${close.getAttribute('aria-describedby')}`).textContent).to.contain(
      'Accès accordé jusqu’à',
    );
    await expect(el).to.be.accessible();
  });

  it('shows a grant that arrives after the dialog was closed while pending', async () => {
    const pending = deferred<BreakTheGlassGrant>();
    const el = await fixture<LienBreakTheGlass>(
      html`<lien-break-the-glass
        lang="fr"
        patient="Patient/123"
        .client=${fakeClient({ breakTheGlass: () => pending.promise })}
      ></lien-break-the-glass>`,
    );
    await el.show();
    await typeReason(el, 'Patient inconscient');
    $(el, '[part="submit-button"]').click();
    await el.updateComplete;
    // As Chrome's close watcher does on a second Escape, whatever `cancel` says.
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    const closed = oneEvent(dialog, 'close');
    dialog.close();
    await closed;
    expect(el.shadowRoot?.activeElement).to.equal($(el, '[part="trigger"]'));
    const expires = inFourHours();
    pending.resolve({ patient: 'Patient/123', expires });
    await waitUntil(() => dialog.open && none(el, '[part="granted"]'));
    expect(el.shadowRoot?.activeElement?.id).to.equal('close');
    const event = oneEvent(el, 'lien-break-the-glass');
    $(el, '#close').click();
    expect((await event).detail.expires).to.equal(expires);
  });

  it('sends the grant for the patient it was asked for, even when the patient changed', async () => {
    const pending = deferred<BreakTheGlassGrant>();
    const el = await fixture<LienBreakTheGlass>(
      html`<lien-break-the-glass
        lang="fr"
        patient="Patient/A"
        .client=${fakeClient({ breakTheGlass: () => pending.promise })}
      ></lien-break-the-glass>`,
    );
    await el.show();
    await typeReason(el, 'Patient inconscient');
    $(el, '[part="submit-button"]').click();
    await el.updateComplete;
    el.patient = 'Patient/B';
    await el.updateComplete;
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitUntil(() => !dialog.open);
    const event = oneEvent(el, 'lien-break-the-glass');
    pending.resolve({ patient: 'Patient/A', expires: inFourHours() });
    const fired = await event;
    expect(fired.detail.patient).to.equal('Patient/A');
    await el.updateComplete;
    expect(dialog.open).to.equal(false);
    expect(none(el, '[part="granted"]')).to.equal(null);
    // B's dialog starts afresh.
    await el.show();
    expect(($(el, '#reason') as HTMLTextAreaElement).value).to.equal('');
    expect($(el, '[part="submit-button"]').getAttribute('aria-disabled')).to.equal('false');
  });

  it('says that no patient is given, not that Lien is not configured', async () => {
    const el = await fixture<LienBreakTheGlass>(
      html`<lien-break-the-glass lang="fr" .client=${fakeClient()}></lien-break-the-glass>`,
    );
    await el.show();
    await typeReason(el, 'Patient inconscient');
    $(el, '[part="submit-button"]').click();
    await waitUntil(() => none(el, '[role="alert"]'));
    expect($(el, '[role="alert"]').textContent?.trim()).to.equal('Aucun patient n’est indiqué.');
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
