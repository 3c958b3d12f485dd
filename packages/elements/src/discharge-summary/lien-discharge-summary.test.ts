import type { LetterContent, LetterSummary } from '@lien/client';
import { LienError } from '@lien/client';
import type { DischargeLetterView } from '@lien/client/letters';
import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { LienErrorEvent } from '../events/lien-error.js';
import type { LienLetterErrorEvent } from '../events/lien-letter-error.js';
import type { LienLetterLoadedEvent } from '../events/lien-letter-loaded.js';
import type { LienLetterSelectEvent } from '../events/lien-letter-select.js';
import { NURSE_USER, emptyCircle, forbiddenError } from '../testing/data.js';
import { deferred, fakeClient, q, qa, shadowText } from '../testing/fake-client.js';
import {
  letterSummary,
  lettersClient,
  partialLetter,
  pdfLetter,
  projectLetter,
  sampleLetter,
  settled,
} from '../testing/letters.js';
import './define.js';
import type { LienDischargeSummary } from './lien-discharge-summary.js';

const $ = (el: Element, selector: string) => q(el.shadowRoot, selector);
const $$ = (el: Element, selector: string) => qa(el.shadowRoot, selector);
const none = (el: Element, selector: string) => el.shadowRoot?.querySelector(selector) ?? null;
const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();
const rowOf = (el: Element, part: string, name: string) => {
  const row = $$(el, `[part~="${part}"] tbody tr`).find((r) => r.textContent?.includes(name));
  if (!row) throw new Error(`No row ${name} in ${part}`);
  return row;
};

async function withLetter(letter: DischargeLetterView, attrs: { lang?: string } = {}) {
  return fixture<LienDischargeSummary>(
    html`<lien-discharge-summary
      lang=${attrs.lang ?? 'fr'}
      .letter=${letter}
    ></lien-discharge-summary>`,
  );
}

async function withPatient(client = lettersClient([]), patient = 'Patient/123') {
  const el = await fixture<LienDischargeSummary>(
    html`<lien-discharge-summary
      lang="fr"
      patient=${patient}
      .client=${client}
    ></lien-discharge-summary>`,
  );
  await settled(el);
  return el;
}

/** Three letters of the project: the newest is the CDA demo 1, listed out of order. */
async function threeLetters() {
  const demo1 = await (await projectLetter('ldl-ses-demo-1.cda.xml')).text();
  const demo2 = await (await projectLetter('ldl-ses-demo-2.cda.xml')).text();
  const hdr = (await (await projectLetter('hdr-demo-1.bundle.json')).json()) as object;
  const letters: { summary: LetterSummary; content: LetterContent }[] = [
    {
      summary: letterSummary({ date: '2025-04-28T10:00:00+02:00', facility: 'Clinique du Parc' }),
      content: { type: 'cda', xml: demo2 },
    },
    {
      summary: letterSummary({
        date: '2025-05-22T16:45:00+02:00',
        facility: 'Centre hospitalier universitaire Lyon-Sud',
      }),
      content: { type: 'cda', xml: demo1 },
    },
    {
      summary: letterSummary({
        date: '2025-03-14T15:30:00+01:00',
        facility: 'Centre hospitalier de Fourvière',
        format: 'fhir',
      }),
      content: { type: 'fhir', bundle: hdr },
    },
  ];
  return letters;
}

describe('<lien-discharge-summary>', () => {
  describe('rendering a letter view', () => {
    it('puts facility and unit, patient, stay with its length, modes, author and GP in the header', async () => {
      const el = await withLetter(sampleLetter());
      const header = text($(el, '[part~="header"]'));
      expect(text($(el, '[part~="facility"]'))).to.equal(
        'Centre hospitalier universitaire Lyon-Sud — Service de cardiologie',
      );
      expect(header).to.contain('Marie DURAND, née le 12 mars 1951');
      expect(header).to.contain('INS 2 51 03 69 123 381 51');
      expect(header).to.contain('12–22 mai 2025 (10 jours)');
      expect(header).to.contain('Mode d’entrée par les urgences');
      expect(header).to.contain('Mode de sortie retour à domicile');
      expect(header).to.contain('Dr Hélène VASSEUR, Cardiologie, CHU Lyon-Sud');
      expect(header).to.contain('Médecin traitant Dr Paul GIRAUD');
    });

    it('shows the essentials in order: reason, treatments, stopped, pending results, follow-up, then sections', async () => {
      const el = await withLetter(sampleLetter());
      const parts = $$(el, '[part~="block"], [part~="sections"]').map((b) =>
        (b.getAttribute('part') ?? '').replace('block ', ''),
      );
      expect(parts).to.deep.equal([
        'reason',
        'discharge-treatments',
        'stopped-treatments',
        'pending-results',
        'follow-up',
        'sections',
      ]);
    });

    it('lists each treatment at discharge with its change as a word, not a colour only', async () => {
      const el = await withLetter(sampleLetter());
      const badge = (name: string) =>
        text(q(rowOf(el, 'discharge-treatments', name), '[part~="badge"]'));
      expect(badge('FUROSEMIDE')).to.equal('Modifié');
      expect(badge('ELIQUIS')).to.equal('Nouveau');
      expect(badge('RAMIPRIL')).to.equal('Poursuivi');
      expect(text(rowOf(el, 'discharge-treatments', 'FUROSEMIDE'))).to.contain(
        '1 comprimé, le matin, voie orale',
      );
      expect(text(rowOf(el, 'discharge-treatments', 'DIFFU-K'))).to.contain('Durée : 1 mois');
    });

    it('gives a treatment’s indication and comment once each, not what one already says', async () => {
      const letter = sampleLetter();
      const items = letter.essentials.dischargeTreatments?.items ?? [];
      items[0] = {
        ...items[0]!,
        reason: 'fibrillation atriale',
        comment: 'Fibrillation atriale, CHA2DS2-VASc 5',
      };
      items[1] = {
        ...items[1]!,
        reason: 'Insuffisance cardiaque',
        comment: 'Insuffisance cardiaque',
      };
      items[2] = { ...items[2]!, reason: 'Hypertension', comment: 'Contrôle tensionnel à J7' };
      const el = await withLetter(letter);
      const notes = (name: string) =>
        qa(rowOf(el, 'discharge-treatments', name), 'td:last-child .line').map(text);
      expect(notes(items[0].name)).to.deep.equal(['Fibrillation atriale, CHA2DS2-VASc 5']);
      expect(notes(items[1].name)).to.deep.equal(['Insuffisance cardiaque']);
      expect(notes(items[2].name)).to.deep.equal(['Hypertension', 'Contrôle tensionnel à J7']);
    });

    it('keeps the treatment tables’ headers: column headers, a row header per drug, a caption', async () => {
      const el = await withLetter(sampleLetter());
      const table = $(el, '[part~="discharge-treatments"] table');
      expect(qa(table, 'thead th[scope="col"]').map(text)).to.deep.equal([
        'Médicament',
        'Posologie',
        'Période',
        'Changement',
        'Remarques',
      ]);
      expect(qa(table, 'tbody th[scope="row"]')).to.have.length(4);
      expect(text(q(table, 'caption'))).to.equal('Traitements à la sortie : 4 médicaments');
    });

    it('lists the treatments stopped during the stay with the reason for stopping', async () => {
      const el = await withLetter(sampleLetter());
      expect(text(rowOf(el, 'stopped-treatments', 'LASILIX'))).to.contain(
        'Dose insuffisante : remplacé par furosémide 40 mg',
      );
      expect(text(rowOf(el, 'stopped-treatments', 'KARDEGIC'))).to.contain(
        'Risque hémorragique avec l’anticoagulant',
      );
    });

    it('says when a stopped treatment has no reason in the letter', async () => {
      const letter = sampleLetter();
      const stopped = letter.essentials.stoppedTreatments;
      if (stopped?.items[0]) delete stopped.items[0].reason;
      const el = await withLetter(letter);
      expect(text(rowOf(el, 'stopped-treatments', 'LASILIX'))).to.contain(
        'Motif non précisé dans le courrier',
      );
    });

    it('flags results still pending in an alert block with an icon, a count and each result', async () => {
      const el = await withLetter(sampleLetter());
      const block = $(el, '[part~="pending-results"]');
      expect(q(block, '.alert-icon').getAttribute('aria-hidden')).to.equal('true');
      expect(text(q(block, '.alert-lead'))).to.equal('2 résultats ou informations à récupérer');
      expect(qa(block, 'li').map(text)).to.deep.equal([
        'Holter ECG des 24 h : compte rendu attendu (27 mai 2025)',
        'TSH prélevée le 21/05/2025',
      ]);
    });

    it('lists follow-up items with their kind, date (and time) and priority', async () => {
      const el = await withLetter(sampleLetter());
      const items = $$(el, '[part~="follow-up"] li').map(text);
      expect(items[0]).to.equal('Examen Ionogramme sanguin et créatininémie à J7 29 mai 2025');
      expect(items[1]).to.match(
        /^Rendez-vous Consultation de cardiologie \(Dr LEMAIRE\) 24 juin 2025/,
      );
      expect(items[1]).to.contain('09:30');
      expect(items[2]).to.equal('Recommandation Pesée quotidienne Important');
    });

    it('collapses the synthesis (first) and the other sections in native details', async () => {
      const el = await withLetter(sampleLetter());
      const sections = $$(el, '[part~="sections"] details[part~="section"]');
      expect(sections.map((d) => text(q(d, 'summary')))).to.deep.equal([
        'Synthèse médicale du séjour',
        'Allergies',
      ]);
      expect(sections.every((d) => !(d as HTMLDetailsElement).open)).to.equal(true);
      expect(text(sections[0] as HTMLElement)).to.contain('Transfusion de produits sanguins Non');
    });

    it('keeps the letter’s own text of a structured block, collapsed', async () => {
      const el = await withLetter(sampleLetter());
      const asWritten = q(
        $(el, '[part~="discharge-treatments"]'),
        'details[part~="as-written"]',
      ) as HTMLDetailsElement;
      expect(asWritten.open).to.equal(false);
      expect(text(asWritten)).to.contain('Le traitement habituel est poursuivi');
    });

    it('names the missing mandatory items and shows each as absent, not hidden', async () => {
      const el = await withLetter(partialLetter());
      expect(text($(el, '[part~="missing"]'))).to.contain(
        'médecin traitant, traitements arrêtés et résultats en attente',
      );
      expect(text($(el, '[part~="header"]'))).to.contain(
        'Médecin traitant Non renseigné dans le courrier',
      );
      expect(text($(el, '[part~="stopped-treatments"]'))).to.equal(
        'Traitements arrêtés pendant le séjour Non renseigné dans le courrier',
      );
      expect(text($(el, '[part~="pending-results"]'))).to.equal(
        'Résultats en attente Non renseigné dans le courrier',
      );
      expect(none(el, '[part~="pending-results"] .alert')).to.equal(null);
    });

    it('shows reading warnings discreetly, translated by code', async () => {
      const el = await withLetter(partialLetter());
      const warnings = $(el, 'details[part~="warnings"]') as HTMLDetailsElement;
      expect(warnings.open).to.equal(false);
      expect(text(q(warnings, 'summary'))).to.equal('2 remarques sur la lecture du courrier');
      expect(qa(warnings, 'li').map(text)).to.deep.equal([
        'Des caractères mal encodés (accents) ont été corrigés à la lecture.',
        'Certaines dates du courrier ne concordent pas avec celles du séjour.',
      ]);
    });

    it('shows a PDF-only letter: what it has, a note that it is not structured, and the PDF', async () => {
      const el = await withLetter(pdfLetter('https://lien.test/letters/l.pdf'));
      expect(text($(el, '[part~="facility"]'))).to.equal('Lettre de liaison — Chirurgie digestive');
      expect(text($(el, '[part~="pdf-note"]'))).to.contain('Ce courrier n’est pas structuré');
      const open = $(el, '[part~="pdf-note"] a[target="_blank"]');
      expect(open.getAttribute('href')).to.equal('https://lien.test/letters/l.pdf');
      expect(open.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(none(el, '[part~="missing"]')).to.equal(null);
      expect(none(el, '[part~="warnings"]')).to.equal(null);
      expect(text($(el, '[part~="section"] summary'))).to.equal('Texte extrait du PDF');
    });

    it('warns when the letter’s INS is not the INS of the patient on screen', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          patient="urn:oid:1.2.250.1.213.1.4.10|146096902911239"
          .letter=${sampleLetter()}
        ></lien-discharge-summary>`,
      );
      expect($(el, '[part~="identity-warning"]').getAttribute('role')).to.equal('alert');
    });

    it('fires lien-letter-loaded once with the view', async () => {
      const letter = sampleLetter();
      const el = document.createElement('lien-discharge-summary');
      const events: LienLetterLoadedEvent[] = [];
      el.addEventListener('lien-letter-loaded', (e) => events.push(e));
      el.letter = letter;
      document.body.append(el);
      try {
        await el.updateComplete;
        el.requestUpdate();
        await el.updateComplete;
        expect(events).to.have.length(1);
        expect(events[0]?.detail.view).to.equal(letter);
        expect(events[0]?.composed).to.equal(true);
      } finally {
        el.remove();
      }
    });

    it('follows heading-level for its title and block headings', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          heading-level="3"
          .letter=${sampleLetter()}
        ></lien-discharge-summary>`,
      );
      expect($(el, '[part~="title"]').getAttribute('aria-level')).to.equal('3');
      expect($(el, '#h-reason').getAttribute('aria-level')).to.equal('4');
    });
  });

  describe('patient mode', () => {
    it('shows a busy skeleton while the letters are listed', async () => {
      const pending = deferred<LetterSummary[]>();
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          patient="Patient/123"
          .client=${fakeClient({ listDischargeLetters: () => pending.promise })}
        ></lien-discharge-summary>`,
      );
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('true');
      expect($$(el, '[part~="skeleton"]')).to.have.length(1);
      expect(text($(el, '[role="status"]'))).to.equal('Chargement du courrier de sortie…');
      await expect(el).to.be.accessible();
    });

    it('says Lien is not configured, not busy, when there is no client', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary lang="fr" patient="Patient/123"></lien-discharge-summary>`,
      );
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('false');
      expect(!!none(el, '[part~="skeleton"]')).to.equal(false);
      expect(text($(el, '[part="unconfigured"]'))).to.equal(
        'Le service Lien n’est pas configuré sur cette page.',
      );
      await expect(el).to.be.accessible();
    });

    it('says no patient is given, not busy, with neither a patient nor a document', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary lang="fr" .client=${fakeClient()}></lien-discharge-summary>`,
      );
      expect($(el, '[part~="base"]').getAttribute('aria-busy')).to.equal('false');
      expect(text($(el, '[part="unconfigured"]'))).to.equal('Aucun patient n’est indiqué.');
    });

    it('says in one polite live region, outside the busy section, what it shows', async () => {
      const pending = deferred<LetterSummary[]>();
      const letters = await threeLetters();
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          patient="Patient/123"
          .client=${lettersClient(letters, { listDischargeLetters: () => pending.promise })}
        ></lien-discharge-summary>`,
      );
      const live = $(el, '[aria-live="polite"]');
      expect(live.getAttribute('role')).to.equal('status');
      expect(!!live.closest('[aria-busy="true"]')).to.equal(false);
      expect($$(el, '[role="status"]').length).to.equal(1);
      pending.resolve(letters.map((l) => l.summary));
      await settled(el);
      expect($(el, '[aria-live="polite"]') === live).to.equal(true);
      expect(text(live)).to.equal('Courrier de sortie affiché.');
      el.client = lettersClient([]);
      await settled(el);
      expect(!!none(el, '[part~="empty"]')).to.equal(true);
      expect($(el, '[aria-live="polite"]') === live).to.equal(true);
      expect(text(live)).to.equal('Aucun courrier de sortie pour ce patient');
    });

    it('lists the patient once, with an abort signal, then fetches the newest letter', async () => {
      const letters = await threeLetters();
      const calls: string[] = [];
      const client = lettersClient(letters, {
        listDischargeLetters: async (patient, options) => {
          calls.push(`list ${patient} ${options?.signal instanceof AbortSignal}`);
          return letters.map((l) => l.summary);
        },
        getLetter: async (reference) => {
          calls.push(`get ${reference}`);
          return letters.find((l) => l.summary.reference === reference)?.content as LetterContent;
        },
      });
      await withPatient(client, 'urn:oid:1.2.250.1.213.1.4.10|251036912338151');
      expect(calls).to.deep.equal([
        'list urn:oid:1.2.250.1.213.1.4.10|251036912338151 true',
        `get ${letters[1]?.summary.reference}`,
      ]);
    });

    it('offers the letters newest first in a chooser, the newest shown', async () => {
      const el = await withPatient(lettersClient(await threeLetters()));
      const options = qa<HTMLOptionElement>($(el, '[part~="chooser"]'), 'option');
      expect(options.map(text)).to.deep.equal([
        'Courrier du 22 mai 2025 — Centre hospitalier universitaire Lyon-Sud',
        'Courrier du 28 avr. 2025 — Clinique du Parc',
        'Courrier du 14 mars 2025 — Centre hospitalier de Fourvière',
      ]);
      expect(options[0]?.selected).to.equal(true);
      expect(text($(el, '[part~="facility"]'))).to.contain('Lyon-Sud');
      expect(text($(el, 'label[for="chooser"]'))).to.equal('Courrier affiché');
      await expect(el).to.be.accessible();
    });

    it('loads the letter chosen and fires lien-letter-select', async () => {
      const letters = await threeLetters();
      const el = await withPatient(lettersClient(letters));
      const select = $(el, 'select') as HTMLSelectElement;
      const selected = oneEvent(el, 'lien-letter-select') as Promise<LienLetterSelectEvent>;
      select.value = letters[2]?.summary.reference ?? '';
      select.dispatchEvent(new Event('change'));
      expect((await selected).detail.summary.facility).to.equal('Centre hospitalier de Fourvière');
      await oneEvent(el, 'lien-letter-loaded');
      await el.updateComplete;
      expect(text($(el, '[part~="facility"]'))).to.contain('Fourvière');
      expect(($(el, 'select') as HTMLSelectElement).value).to.equal(letters[2]?.summary.reference);
    });

    it('shows no chooser for a single letter', async () => {
      const [, letter] = await threeLetters();
      const el = await withPatient(lettersClient(letter ? [letter] : []));
      expect(none(el, '[part~="chooser"]')).to.equal(null);
      expect(none(el, '[part~="header"]')).to.not.equal(null);
    });

    it('says when the patient has no discharge letter', async () => {
      const el = await withPatient(lettersClient([]));
      expect(text($(el, '[part~="empty"]'))).to.contain('Aucun courrier de sortie pour ce patient');
      await expect(el).to.be.accessible();
    });

    it('lets the host replace the empty explanation through the empty slot', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary patient="Patient/1" .client=${lettersClient([])}
          ><a slot="empty" href="/documents">Voir tous les documents</a></lien-discharge-summary
        >`,
      );
      await settled(el);
      const slot = $(el, 'slot[name="empty"]') as HTMLSlotElement;
      expect(slot.assignedElements().map(text)).to.deep.equal(['Voir tous les documents']);
    });

    it('shows an error with the server’s detail and a retry that loads again', async () => {
      let attempts = 0;
      const letters = await threeLetters();
      const client = lettersClient(letters, {
        listDischargeLetters: async () => {
          attempts += 1;
          if (attempts === 1) {
            throw new LienError('Server error', {
              code: 'server',
              status: 503,
              issues: [
                { severity: 'error', code: 'transient', diagnostics: 'Maintenance en cours' },
              ],
            });
          }
          return letters.map((l) => l.summary);
        },
      });
      const el = await withPatient(client);
      const error = $(el, '[part~="error"]');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(text(error)).to.contain('Les courriers de sortie n’ont pas pu être chargés');
      expect(text(error)).to.contain('Détail : Maintenance en cours');
      await expect(el).to.be.accessible();
      const loaded = oneEvent(el, 'lien-letter-loaded');
      ($(el, '[part~="retry-button"]') as HTMLButtonElement).click();
      await loaded;
      await el.updateComplete;
      expect(attempts).to.equal(2);
      expect(none(el, '[part~="header"]')).to.not.equal(null);
    });

    it('fires lien-error and lien-letter-error when a request fails', async () => {
      const failure = new LienError('Server error', { code: 'server', status: 500 });
      const errors: string[] = [];
      const el = document.createElement('lien-discharge-summary');
      el.addEventListener('lien-error', (e: LienErrorEvent) =>
        errors.push(`lien-error ${e.detail.operation}`),
      );
      el.addEventListener('lien-letter-error', (e: LienLetterErrorEvent) =>
        errors.push(`lien-letter-error ${(e.detail.error as LienError).code}`),
      );
      el.patient = 'Patient/1';
      el.client = fakeClient({ listDischargeLetters: () => Promise.reject(failure) });
      document.body.append(el);
      try {
        await settled(el);
        expect(errors).to.deep.equal(['lien-error load', 'lien-letter-error server']);
      } finally {
        el.remove();
      }
    });

    it('explains restricted access and offers the server’s remedies', async () => {
      const el = await withPatient(
        fakeClient({
          listDischargeLetters: () => Promise.reject(forbiddenError(['declare-actor'])),
        }),
      );
      const forbidden = $(el, '[part~="forbidden"]');
      expect(text(forbidden)).to.contain('Accès réservé');
      expect(text(forbidden)).to.contain('Les courriers de sortie ne sont visibles que');
      const declare = q(forbidden, 'lien-declare-actor') as HTMLElement & { patient?: string };
      expect(declare.patient).to.equal('Patient/123');
      await expect(el).to.be.accessible();
    });

    it('loads again when the user declares themselves for the same patient', async () => {
      let allowed = false;
      const letters = await threeLetters();
      const client = lettersClient(letters, {
        listDischargeLetters: async () => {
          if (!allowed) throw forbiddenError(['declare-actor']);
          return letters.map((l) => l.summary);
        },
      });
      const el = await withPatient(client);
      allowed = true;
      const loaded = oneEvent(el, 'lien-letter-loaded');
      document.dispatchEvent(
        new CustomEvent('lien-actor-declared', {
          detail: { patient: 'Patient/123', patientReference: 'Patient/123' },
        }),
      );
      await loaded;
      await el.updateComplete;
      expect(none(el, '[part~="header"]')).to.not.equal(null);
    });

    it('names and announces the restricted access', async () => {
      const el = await withPatient(
        fakeClient({
          listDischargeLetters: () => Promise.reject(forbiddenError(['declare-actor'])),
        }),
      );
      const forbidden = $(el, '[part~="forbidden"]');
      expect(forbidden.getAttribute('role')).to.equal('group');
      expect(text($(el, `#${forbidden.getAttribute('aria-labelledby')}`))).to.equal(
        'Accès réservé',
      );
      expect(text($(el, '[aria-live="polite"]'))).to.equal('Accès réservé');
    });

    it('moves focus to the title after declaring from the restricted state, even when no letter comes', async () => {
      let declared = false;
      const el = await withPatient(
        fakeClient({
          listDischargeLetters: async () => {
            if (!declared) throw forbiddenError(['declare-actor']);
            return [];
          },
          declareSelf: async () => {
            declared = true;
            return { careCircle: { ...emptyCircle(), version: '2' } };
          },
        }),
      );
      const declare = q<HTMLElementTagNameMap['lien-declare-actor']>(
        el.shadowRoot,
        '[part~="forbidden"] lien-declare-actor',
      );
      await declare.updateComplete;
      const button = q(declare.shadowRoot, '[part~="button"]');
      button.focus();
      button.click();
      await waitUntil(() => none(el, '[part~="empty"]'), 'empty state not shown');
      await el.updateComplete;
      expect(el.shadowRoot?.activeElement?.id ?? 'nothing').to.equal('title');
    });

    it('says nothing can be done when only emergency access is offered to a nurse', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          patient="Patient/123"
          .user=${NURSE_USER}
          .client=${fakeClient({
            listDischargeLetters: () => Promise.reject(forbiddenError(['break-the-glass'])),
          })}
        ></lien-discharge-summary>`,
      );
      await settled(el);
      expect(!!none(el, '[part~="forbidden"] lien-declare-actor')).to.equal(false);
      expect(text($(el, '[part~="forbidden"]'))).to.contain('Aucune démarche n’est possible');
    });

    it('aborts the previous patient’s request when the patient changes', async () => {
      const signals: AbortSignal[] = [];
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          patient="Patient/1"
          .client=${fakeClient({
            listDischargeLetters: (_patient, options) => {
              if (options?.signal) signals.push(options.signal);
              return new Promise<LetterSummary[]>(() => {});
            },
          })}
        ></lien-discharge-summary>`,
      );
      el.patient = 'Patient/2';
      await el.updateComplete;
      expect(signals).to.have.length(2);
      expect(signals[0]?.aborted).to.equal(true);
      expect(signals[1]?.aborted).to.equal(false);
    });
  });

  describe('document mode', () => {
    it('fetches the one letter, without listing', async () => {
      const letters = await threeLetters();
      const reference = letters[0]?.summary.reference ?? '';
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          document=${reference}
          .client=${fakeClient({
            getLetter: async (ref) => {
              expect(ref).to.equal(reference);
              return letters[0]?.content as LetterContent;
            },
          })}
        ></lien-discharge-summary>`,
      );
      await settled(el);
      expect(text($(el, '[part~="facility"]'))).to.contain('Clinique du Parc');
      expect(none(el, '[part~="chooser"]')).to.equal(null);
    });

    it('offers the remedies for the patient given with the document, and reloads once access is gained', async () => {
      let allowed = false;
      const letters = await threeLetters();
      const reference = letters[0]?.summary.reference ?? '';
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          document=${reference}
          patient="Patient/123"
          .client=${lettersClient(letters, {
            listDischargeLetters: () => Promise.reject(new Error('no listing in document mode')),
            getLetter: async () => {
              if (!allowed) throw forbiddenError(['declare-actor']);
              return letters[0]?.content as LetterContent;
            },
          })}
        ></lien-discharge-summary>`,
      );
      await settled(el);
      const declare = q(el.shadowRoot, '[part~="forbidden"] lien-declare-actor') as HTMLElement & {
        patient?: string;
      };
      expect(declare.patient).to.equal('Patient/123');
      expect(text($(el, '[part~="forbidden"]'))).not.to.contain('Aucune démarche');
      allowed = true;
      const loaded = oneEvent(el, 'lien-letter-loaded');
      document.dispatchEvent(
        new CustomEvent('lien-actor-declared', {
          detail: { patient: 'Patient/123', patientReference: 'Patient/123' },
        }),
      );
      await loaded;
      await el.updateComplete;
      expect(text($(el, '[part~="facility"]'))).to.contain('Clinique du Parc');
    });

    it('reloads a refused document given without its patient when access is gained on the page', async () => {
      let allowed = false;
      const letters = await threeLetters();
      const reference = letters[0]?.summary.reference ?? '';
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          document=${reference}
          .client=${lettersClient(letters, {
            getLetter: async () => {
              if (!allowed) throw forbiddenError(['declare-actor']);
              return letters[0]?.content as LetterContent;
            },
          })}
        ></lien-discharge-summary>`,
      );
      await settled(el);
      expect(text($(el, '[part~="forbidden"]'))).to.contain('Aucune démarche');
      allowed = true;
      const loaded = oneEvent(el, 'lien-letter-loaded');
      document.dispatchEvent(
        new CustomEvent('lien-break-the-glass', {
          detail: { patient: 'Patient/9', patientReference: 'Patient/9', expires: '' },
        }),
      );
      await loaded;
    });

    it('says the letter cannot be found on a 404', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          document="DocumentReference/nope"
          .client=${fakeClient({
            getLetter: () =>
              Promise.reject(new LienError('Gone', { code: 'not-found', status: 404 })),
          })}
        ></lien-discharge-summary>`,
      );
      await settled(el);
      expect(text($(el, '[part~="error"]'))).to.contain(
        'Ce courrier est introuvable sur le serveur.',
      );
    });

    it('names an unsupported format given by document, as in a patient’s list', async () => {
      const diagnostics = 'Unsupported letter format (application/msword).';
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          document="DocumentReference/doc"
          .client=${fakeClient({
            getLetter: () =>
              Promise.reject(
                new LienError(diagnostics, {
                  code: 'invalid',
                  issues: [{ severity: 'error', code: 'not-supported', diagnostics }],
                }),
              ),
          })}
        ></lien-discharge-summary>`,
      );
      await settled(el);
      expect(text($(el, '[part~="unreadable"]'))).to.contain(
        'Le format de ce document n’est pas pris en charge.',
      );
      expect($$(el, '[part~="error"]')).to.have.length(0);
    });

    it('names an unsupported format without fetching it', async () => {
      const summary = letterSummary({ format: 'unknown' });
      const el = await withPatient(fakeClient({ listDischargeLetters: async () => [summary] }));
      expect(text($(el, '[part~="unreadable"]'))).to.contain(
        'Le format de ce document n’est pas pris en charge.',
      );
    });
  });

  describe('content given by the host', () => {
    it('reads a CDA letter without any request and links to the original as plain text', async () => {
      const xml = await (await projectLetter('ldl-ses-demo-1.cda.xml')).text();
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          lang="fr"
          .client=${fakeClient()}
          .content=${{ type: 'cda', xml }}
        ></lien-discharge-summary>`,
      );
      await settled(el);
      const [open, download] = $$(el, '[part~="original-link"] a');
      expect(open?.getAttribute('target')).to.equal('_blank');
      expect(open?.getAttribute('href')).to.match(/^blob:/);
      expect(download?.getAttribute('download')).to.equal('lettre-de-liaison-2025-05-22.xml');
      const original = await fetch(open?.getAttribute('href') ?? '');
      expect(original.headers.get('content-type')).to.equal('text/plain;charset=utf-8');
      expect(await original.text()).to.equal(xml);
    });

    it('revokes the original’s Blob URL when disconnected', async () => {
      const xml = await (await projectLetter('ldl-ses-demo-2.cda.xml')).text();
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary .content=${{ type: 'cda', xml }}></lien-discharge-summary>`,
      );
      await settled(el);
      const href = $(el, '[part~="original-link"] a').getAttribute('href') ?? '';
      el.remove();
      let failed = false;
      try {
        await fetch(href);
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
    });
  });

  describe('accessibility', () => {
    it('is accessible with a complete letter', async () => {
      const el = await withLetter(sampleLetter());
      await expect(el).to.be.accessible();
    });

    it('is accessible with missing items and warnings', async () => {
      const el = await withLetter(partialLetter());
      await expect(el).to.be.accessible();
    });

    it('is accessible with a PDF-only letter', async () => {
      const el = await withLetter(pdfLetter());
      await expect(el).to.be.accessible();
    });

    it('is accessible in dark theme, compact density, every section open', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          theme="dark"
          density="compact"
          .letter=${partialLetter()}
        ></lien-discharge-summary>`,
      );
      for (const details of $$(el, 'details')) (details as HTMLDetailsElement).open = true;
      await expect(el).to.be.accessible();
    });

    it('is accessible in a narrow container (stacked treatment cards)', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="width: 20rem">
          <lien-discharge-summary .letter=${sampleLetter()}></lien-discharge-summary>
        </div>`,
      );
      const el = q<LienDischargeSummary>(wrapper, 'lien-discharge-summary');
      const row = rowOf(el, 'discharge-treatments', 'FUROSEMIDE');
      expect(getComputedStyle(row).display).to.equal('block');
      await expect(el).to.be.accessible();
    });
  });

  describe('language', () => {
    it('speaks English with lang="en", dates and lengths included', async () => {
      const el = await withLetter(sampleLetter(), { lang: 'en' });
      const all = shadowText(el);
      expect(text($(el, '[part~="title"]'))).to.equal('Discharge letter');
      expect(all).to.contain('May 12 – 22, 2025 (10 days)');
      expect(all).to.contain('Treatments at discharge');
      expect(text(q(rowOf(el, 'discharge-treatments', 'ELIQUIS'), '[part~="badge"]'))).to.equal(
        'New',
      );
    });

    it('marks the letter’s own words with the letter’s language in an English interface', async () => {
      const letter = sampleLetter();
      letter.header.language = 'fr-FR';
      const el = await withLetter(letter, { lang: 'en' });
      expect($(el, '[part~="discharge-treatments"] th[scope="row"]').getAttribute('lang')).to.equal(
        'fr-FR',
      );
      expect($(el, '[part~="reason"] .narrative').getAttribute('lang')).to.equal('fr-FR');
      expect(!!$(el, '[part~="title"]').closest('[lang]')).to.equal(false);
    });

    it('marks only the letter’s words, not the interface’s text around them', async () => {
      const letter = sampleLetter();
      letter.header.language = 'fr-FR';
      const el = await withLetter(letter, { lang: 'en' });
      const langOf = (node: Element) => node.closest('[lang]')?.getAttribute('lang') ?? 'host';
      // Interface text: badges, periods, pending dates, yes/no.
      expect(langOf($(el, '[part~="badge"]'))).to.equal('host');
      expect(langOf($(el, '[part~="discharge-treatments"] td[data-label="Period"]'))).to.equal(
        'host',
      );
      expect(langOf($(el, '[part~="pending-results"] time'))).to.equal('host');
      expect(langOf($(el, '[part~="facts"] dt'))).to.equal('host');
      // The letter's words: facility, drug, dosage, stop reason, pending result, section title,
      // observation label from the letter.
      expect(langOf($(el, '[part~="facility"]'))).to.equal('fr-FR');
      const stopped = rowOf(el, 'stopped-treatments', 'KARDEGIC');
      const reason = [...stopped.querySelectorAll('span')].find((s) =>
        s.textContent?.includes('Risque hémorragique'),
      );
      expect(reason && langOf(reason)).to.equal('fr-FR');
      const pending = [...qa(el.shadowRoot, '.pending-list li span')].find((s) =>
        s.textContent?.includes('Holter'),
      );
      expect(pending && langOf(pending)).to.equal('fr-FR');
      const summary = $(el, '[part~="section"] summary span');
      expect(summary.textContent).to.equal('Synthèse médicale du séjour');
      expect(langOf(summary)).to.equal('fr-FR');
      const label = [...qa(el.shadowRoot, '.observations dt span')].find((s) =>
        s.textContent?.includes('Transfusion'),
      );
      expect(label && langOf(label)).to.equal('fr-FR');
      expect(langOf($(el, '.observations dd'))).to.equal('host');
    });

    it('switches language when an ancestor’s lang changes', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang="fr">
          <lien-discharge-summary .letter=${partialLetter()}></lien-discharge-summary>
        </div>`,
      );
      const el = q<LienDischargeSummary>(wrapper, 'lien-discharge-summary');
      expect(text($(el, '[part~="stopped-treatments"]'))).to.contain(
        'Non renseigné dans le courrier',
      );
      wrapper.lang = 'en';
      await aTimeout(0);
      await el.updateComplete;
      expect(text($(el, '[part~="stopped-treatments"]'))).to.contain('Not stated in the letter');
    });
  });

  describe('keyboard', () => {
    it('chooses a letter from the keyboard: Tab to the chooser, then arrow down', async () => {
      const letters = await threeLetters();
      const el = await withPatient(lettersClient(letters));
      const select = $(el, 'select');
      (document.activeElement as HTMLElement | null)?.blur();
      for (let i = 0; i < 5 && el.shadowRoot?.activeElement !== select; i++) {
        await sendKeys({ press: 'Tab' });
      }
      expect(el.shadowRoot?.activeElement).to.equal(select);
      const loaded = oneEvent(el, 'lien-letter-loaded') as Promise<LienLetterLoadedEvent>;
      await sendKeys({ press: 'ArrowDown' });
      expect((await loaded).detail.reference).to.equal(letters[0]?.summary.reference);
      await el.updateComplete;
      expect(el.shadowRoot?.activeElement).to.equal(select);
    });

    it('opens and closes a collapsed section with Enter and Space', async () => {
      const el = await withLetter(sampleLetter());
      const details = $(el, '[part~="section"]') as HTMLDetailsElement;
      const summary = q(details, 'summary');
      summary.focus();
      expect(el.shadowRoot?.activeElement).to.equal(summary);
      await sendKeys({ press: 'Enter' });
      expect(details.open).to.equal(true);
      await sendKeys({ press: 'Space' });
      expect(details.open).to.equal(false);
    });

    it('reaches every link, summary and control with Tab', async () => {
      const el = await withLetter(sampleLetter());
      const focusable = $$(el, 'a[href], summary, select, button');
      const reached = new Set<Element>();
      (document.activeElement as HTMLElement | null)?.blur();
      for (let i = 0; i < focusable.length + 2; i++) {
        await sendKeys({ press: 'Tab' });
        const active = el.shadowRoot?.activeElement;
        if (active) reached.add(active);
      }
      expect(focusable.filter((f) => !reached.has(f))).to.deep.equal([]);
    });
  });

  describe('print', () => {
    afterEach(async () => {
      await emulateMedia({ media: 'screen' });
    });

    it('expands every collapsed section for print, and collapses them again after', async () => {
      const el = await withLetter(sampleLetter());
      const details = $$(el, 'details') as HTMLDetailsElement[];
      expect(details.length).to.be.greaterThan(2);
      // The media query's change event comes when the browser gets to it: waited for, not timed.
      await emulateMedia({ media: 'print' });
      await waitUntil(() => details.every((d) => d.open), 'not expanded for print');
      await emulateMedia({ media: 'screen' });
      await waitUntil(() => details.every((d) => !d.open), 'not collapsed after print');
    });

    it('hides the chooser and the buttons and links to the original in print', async () => {
      const el = await withPatient(lettersClient(await threeLetters()));
      await emulateMedia({ media: 'print' });
      await aTimeout(50);
      expect(getComputedStyle($(el, '[part~="chooser"]')).display).to.equal('none');
      expect(getComputedStyle($(el, '[part~="header"] [part~="original-link"]')).display).to.equal(
        'none',
      );
    });

    it('prints black on white, even in the dark theme', async () => {
      const el = await fixture<LienDischargeSummary>(
        html`<lien-discharge-summary
          theme="dark"
          .letter=${sampleLetter()}
        ></lien-discharge-summary>`,
      );
      await emulateMedia({ media: 'print' });
      await aTimeout(50);
      expect(getComputedStyle($(el, '[part~="title"]')).color).to.equal('rgb(0, 0, 0)');
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(255, 255, 255)');
    });

    it('keeps treatment rows whole across pages', async () => {
      const el = await withLetter(sampleLetter());
      await emulateMedia({ media: 'print' });
      await aTimeout(50);
      const row = rowOf(el, 'discharge-treatments', 'ELIQUIS');
      expect(getComputedStyle(row).breakInside).to.equal('avoid');
    });
  });
});
