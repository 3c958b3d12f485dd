import type { CareCircle, CurrentUser, LabelledCode, LienDomainApi } from '@lien/client';
import { LienError } from '@lien/client';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../define.js';
import {
  NURSE_USER,
  PHYSICIAN_USER,
  ROLE_CHOICES,
  emptyCircle,
  sampleCircle,
} from '../testing/data.js';
import { memoryClient } from '../testing/memory-client.js';

interface Args {
  careCircle?: CareCircle;
  client?: LienDomainApi;
  user: CurrentUser | null;
  roles: LabelledCode[];
  breakTheGlass: boolean;
  remedies?: ('declare-actor' | 'break-the-glass')[];
}

const meta: Meta<Args> = {
  title: 'Éléments/lien-declare-actor',
  component: 'lien-declare-actor',
  args: { careCircle: emptyCircle(), user: PHYSICIAN_USER, roles: [], breakTheGlass: false },
  argTypes: {
    careCircle: { control: false },
    client: { control: false },
    user: { control: false },
    roles: { control: false },
    remedies: { control: false },
  },
  render: (args) =>
    html`<lien-provider
      .client=${args.client ?? memoryClient({ circle: emptyCircle(), user: args.user })}
      .user=${args.user}
    >
      <lien-declare-actor
        patient="Patient/123"
        ?break-the-glass=${args.breakTheGlass}
        .careCircle=${args.careCircle}
        .roles=${args.roles}
        .remedies=${args.remedies}
      ></lien-declare-actor>
    </lien-provider>`,
};
export default meta;

type Story = StoryObj<Args>;

const clickMain = (canvas: HTMLElement) => {
  const element = canvas.querySelector('lien-declare-actor');
  element?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="button"]')?.click();
};

/** Not an actor yet: the button and the attestation. */
export const Idle: Story = {};

/** With the optional role choice. */
export const WithRoles: Story = { args: { roles: ROLE_CHOICES } };

/** Already an actor: confirmation and withdraw. */
export const Declared: Story = { args: { careCircle: sampleCircle() } };

/** After a click, while the request is pending (it never ends here). */
export const Pending: Story = {
  args: {
    client: {
      ...memoryClient({ circle: emptyCircle(), user: PHYSICIAN_USER }),
      declareSelf: () => new Promise(() => {}),
    },
  },
  play: async ({ canvasElement }) => clickMain(canvasElement),
};

/** The server refused the declaration: its message, and retry. */
export const Failed: Story = {
  args: {
    client: {
      ...memoryClient({ circle: emptyCircle(), user: PHYSICIAN_USER }),
      declareSelf: async () => {
        throw new LienError('Conflict', {
          code: 'conflict',
          status: 409,
          issues: [
            {
              severity: 'error',
              code: 'conflict',
              diagnostics: 'Le cercle de soins a été modifié entre-temps.',
            },
          ],
        });
      },
    },
  },
  play: async ({ canvasElement }) => clickMain(canvasElement),
};

/** Refused access, for a nurse: declaring only. */
export const RefusedNurse: Story = {
  args: { careCircle: undefined, user: NURSE_USER, remedies: ['declare-actor', 'break-the-glass'] },
};

/** Refused access, for a physician: declaring and emergency access. */
export const RefusedPhysician: Story = {
  args: { careCircle: undefined, remedies: ['declare-actor', 'break-the-glass'] },
};

/** Emergency access requested by the host page (`break-the-glass` attribute). */
export const BreakTheGlassOnRequest: Story = { args: { breakTheGlass: true } };
