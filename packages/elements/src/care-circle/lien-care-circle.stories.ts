import type { CareCircle, CurrentUser, LienDomainApi } from '@lien/client';
import { LienError } from '@lien/client';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../define.js';
import {
  NURSE_USER,
  PHYSICIAN_USER,
  emptyCircle,
  forbiddenError,
  largeCircle,
  sampleCircle,
} from '../testing/data.js';
import { memoryClient } from '../testing/memory-client.js';

interface Args {
  variant: 'full' | 'compact';
  headingLevel: number;
  /** The view model, when the story feeds data directly. */
  careCircle?: CareCircle;
  /** A fake client, when the story shows a loading, error or refused state. */
  client?: LienDomainApi;
  user?: CurrentUser | null;
}

const never: LienDomainApi['getCareCircle'] = () => new Promise(() => {});

const meta: Meta<Args> = {
  title: 'Éléments/lien-care-circle',
  component: 'lien-care-circle',
  args: { variant: 'full', headingLevel: 2, careCircle: sampleCircle(), user: PHYSICIAN_USER },
  argTypes: {
    variant: { control: 'inline-radio', options: ['full', 'compact'] },
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
    careCircle: { control: false },
    client: { control: false },
    user: { control: false },
  },
  render: (args) =>
    html`<lien-provider
      .client=${args.client ?? memoryClient({ circle: emptyCircle(), user: args.user ?? null })}
      .user=${args.user ?? null}
    >
      <div style=${args.variant === 'compact' ? 'max-width: 22rem' : ''}>
        <lien-care-circle
          patient="Patient/123"
          variant=${args.variant}
          heading-level=${args.headingLevel}
          .careCircle=${args.careCircle}
        ></lien-care-circle>
      </div>
    </lien-provider>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Médecin traitant first, then hospital and community care by profession. */
export const Full: Story = {};

/** The sidebar variant. */
export const Compact: Story = { args: { variant: 'compact' } };

/** More than ten members: a filter box and a count. */
export const Large: Story = { args: { careCircle: largeCircle(10) } };

/** While the one request is pending. */
export const Loading: Story = {
  args: {
    careCircle: undefined,
    client: { ...memoryClient({ circle: sampleCircle(), user: null }), getCareCircle: never },
  },
};

/** Nobody declared yet: an invitation to declare oneself. */
export const Empty: Story = {
  args: {
    careCircle: undefined,
    client: memoryClient({ circle: emptyCircle(), user: PHYSICIAN_USER }),
  },
};

/** No client on the page (no `<lien-provider>`, no `client`): said calmly, not loading. */
export const NotConfigured: Story = {
  render: (args) =>
    html`<lien-care-circle
      patient="Patient/123"
      heading-level=${args.headingLevel}
    ></lien-care-circle>`,
};

/** A client, but no patient given. */
export const NoPatient: Story = {
  render: (args) =>
    html`<lien-provider .client=${memoryClient({ circle: emptyCircle(), user: PHYSICIAN_USER })}>
      <lien-care-circle heading-level=${args.headingLevel}></lien-care-circle>
    </lien-provider>`,
};

/** The server failed: message, server detail and retry. */
export const Error: Story = {
  args: {
    careCircle: undefined,
    client: {
      ...memoryClient({ circle: sampleCircle(), user: null }),
      getCareCircle: async () => {
        throw new LienError('Server error', {
          code: 'server',
          status: 503,
          issues: [{ severity: 'error', code: 'transient', diagnostics: 'Maintenance en cours' }],
        });
      },
    },
  },
};

/** Access refused to a nurse: declaring is offered, not emergency access. */
export const ForbiddenNurse: Story = {
  args: {
    careCircle: undefined,
    user: NURSE_USER,
    client: memoryClient({
      circle: sampleCircle(),
      user: NURSE_USER,
      refusal: forbiddenError(['declare-actor']),
    }),
  },
};

/** Access refused to a physician: declaring and emergency access (break the glass). */
export const ForbiddenPhysician: Story = {
  args: {
    careCircle: undefined,
    user: PHYSICIAN_USER,
    client: memoryClient({
      circle: sampleCircle(),
      user: PHYSICIAN_USER,
      refusal: forbiddenError(['declare-actor', 'break-the-glass']),
    }),
  },
};

/**
 * A host page with the circle and the declare button side by side, sharing one (in-memory)
 * client: declaring or withdrawing refreshes the circle.
 */
export const WithDeclareActor: Story = {
  args: { careCircle: undefined },
  render: (args) => {
    const circle = sampleCircle();
    circle.members = circle.members.filter((m) => !m.isCurrentUser);
    const client = memoryClient({ circle, user: PHYSICIAN_USER });
    return html`<lien-provider .client=${client} .user=${PHYSICIAN_USER}>
      <div style="display: grid; gap: 1.5rem; grid-template-columns: 1fr 22rem; align-items: start">
        <lien-care-circle
          patient="Patient/123"
          heading-level=${args.headingLevel}
        ></lien-care-circle>
        <lien-declare-actor patient="Patient/123"></lien-declare-actor>
      </div>
    </lien-provider>`;
  },
};
