import type { CurrentUser, LetterContent, LienDomainApi } from '@lien/client';
import { LienError } from '@lien/client';
import type { DischargeLetterView } from '@lien/client/letters';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import hdrBundle from '../../../server/seed/letters/hdr-demo-1.bundle.json?raw';
import completeCda from '../../../server/seed/letters/ldl-ses-demo-1.cda.xml?raw';
import shortCda from '../../../server/seed/letters/ldl-ses-demo-2.cda.xml?raw';
import pdfUrl from '../../../server/seed/letters/pdf-only-demo-1.pdf?url';
import '../define.js';
import { PHYSICIAN_USER, forbiddenError } from '../testing/data.js';
import { fakeClient } from '../testing/fake-client.js';
import {
  hostileCda,
  letterSummary,
  lettersClient,
  partialLetter,
  sampleLetter,
} from '../testing/letters.js';

interface Args {
  headingLevel: number;
  /** A ready view model (no request). */
  letter?: DischargeLetterView;
  /** The letter's content as the host holds it (read in the browser, no request). */
  content?: LetterContent;
  /** Patient mode: the element lists the patient's letters through this client. */
  client?: LienDomainApi;
  user?: CurrentUser | null;
}

const PATIENT = 'urn:oid:1.2.250.1.213.1.4.10|251036912338151';

/** Three letters of the project's seed for one patient, served after a short delay. */
function seedClient(): LienDomainApi {
  const wait = () => new Promise((resolve) => setTimeout(resolve, 400));
  const client = lettersClient([
    {
      summary: letterSummary({
        reference: 'DocumentReference/ldl-1',
        date: '2025-05-22T16:45:00+02:00',
        facility: 'Centre hospitalier universitaire Lyon-Sud',
      }),
      content: { type: 'cda', xml: completeCda },
    },
    {
      summary: letterSummary({
        reference: 'DocumentReference/ldl-2',
        date: '2025-04-28T10:00:00+02:00',
        facility: 'Clinique du Parc',
      }),
      content: { type: 'cda', xml: shortCda },
    },
    {
      summary: letterSummary({
        reference: 'DocumentReference/hdr-1',
        date: '2025-03-14T15:30:00+01:00',
        facility: 'Centre hospitalier de Fourvière',
        format: 'fhir',
      }),
      content: { type: 'fhir', bundle: JSON.parse(hdrBundle) as object },
    },
  ]);
  return {
    ...client,
    listDischargeLetters: async (patient, options) => {
      await wait();
      return client.listDischargeLetters(patient, options);
    },
    getLetter: async (reference, options) => {
      await wait();
      return client.getLetter(reference, options);
    },
  };
}

const meta: Meta<Args> = {
  title: 'Éléments/lien-discharge-summary',
  component: 'lien-discharge-summary',
  args: { headingLevel: 2, content: { type: 'cda', xml: completeCda } },
  argTypes: {
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
    letter: { control: false },
    content: { control: false },
    client: { control: false },
    user: { control: false },
  },
  render: (args) =>
    html`<lien-provider .client=${args.client ?? fakeClient()} .user=${args.user ?? null}>
      <lien-discharge-summary
        patient=${PATIENT}
        heading-level=${args.headingLevel}
        .letter=${args.letter}
        .content=${args.content}
      ></lien-discharge-summary>
    </lien-provider>`,
};
export default meta;

type Story = StoryObj<Args>;

/** A complete CDA letter (ANS LDL-SES 2022.01) read in the browser from its XML. */
export const CdaLetter: Story = {};

/** An HL7 Europe Hospital Discharge Report (FHIR document Bundle). */
export const FhirLetter: Story = {
  args: { content: { type: 'fhir', bundle: JSON.parse(hdrBundle) as object } },
};

/** A letter that exists only as a PDF: what can be shown, a note, and the PDF to open. */
export const PdfLetter: Story = {
  args: { content: { type: 'pdf', url: pdfUrl } },
};

/** Patient mode: the latest letter, and a chooser for the earlier ones (requests to a fake client). */
export const PatientLetters: Story = {
  args: { content: undefined, client: seedClient() },
};

/** A letter lacking mandatory items (no stopped treatments, no pending results): named, shown absent. */
export const Partial: Story = {
  args: { content: { type: 'cda', xml: shortCda } },
};

/** A view model with missing items and reading warnings, handed directly. */
export const PartialView: Story = {
  args: { content: undefined, letter: partialLetter() },
};

/** A view model handed directly (stories, tests, hosts that read letters themselves). */
export const FromViewModel: Story = {
  args: { content: undefined, letter: sampleLetter() },
};

/** While the letters are listed. */
export const Loading: Story = {
  args: {
    content: undefined,
    client: fakeClient({ listDischargeLetters: () => new Promise(() => {}) }),
  },
};

/** No client on the page (no `<lien-provider>`, no `client`): said calmly, not loading. */
export const NotConfigured: Story = {
  render: (args) =>
    html`<lien-discharge-summary
      patient=${PATIENT}
      heading-level=${args.headingLevel}
    ></lien-discharge-summary>`,
};

/** A client, but neither a patient nor a document given. */
export const NoPatient: Story = {
  render: (args) =>
    html`<lien-provider .client=${fakeClient()}>
      <lien-discharge-summary heading-level=${args.headingLevel}></lien-discharge-summary>
    </lien-provider>`,
};

/** The patient has no discharge letter. */
export const Empty: Story = {
  args: { content: undefined, client: lettersClient([]) },
};

/** The server failed: message, server detail and retry. */
export const Error: Story = {
  args: {
    content: undefined,
    client: fakeClient({
      listDischargeLetters: async () => {
        throw new LienError('Server error', {
          code: 'server',
          status: 503,
          issues: [{ severity: 'error', code: 'transient', diagnostics: 'Maintenance en cours' }],
        });
      },
    }),
  },
};

/** Access refused to a physician: declaring and emergency access are offered. */
export const Forbidden: Story = {
  args: {
    content: undefined,
    user: PHYSICIAN_USER,
    client: fakeClient({
      listDischargeLetters: () =>
        Promise.reject(forbiddenError(['declare-actor', 'break-the-glass'])),
    }),
  },
};

/** A document that cannot be read (not well-formed XML): the reason, and the original. */
export const Unreadable: Story = {
  args: {
    content: { type: 'cda', xml: '<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Courrier' },
  },
};

/** A hostile letter (scripts, handlers, javascript: links, SVG…): everything shows as text. */
export const HostileLetter: Story = {
  args: { content: { type: 'cda', xml: hostileCda() } },
};
