import type { LienDomainApi } from '@lien/client';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../define.js';
import { PHYSICIAN_USER, sampleCircle } from '../testing/data.js';
import { memoryClient } from '../testing/memory-client.js';
import type { LienBreakTheGlass } from './lien-break-the-glass.js';

interface Args {
  client: LienDomainApi;
}

const meta: Meta<Args> = {
  title: 'Éléments/lien-break-the-glass',
  component: 'lien-break-the-glass',
  args: { client: memoryClient({ circle: sampleCircle(), user: PHYSICIAN_USER, latency: 300 }) },
  argTypes: { client: { control: false } },
  render: (args) =>
    html`<lien-break-the-glass
      patient="Patient/123"
      .client=${args.client}
    ></lien-break-the-glass>`,
};
export default meta;

type Story = StoryObj<Args>;

const element = (canvas: HTMLElement) =>
  canvas.querySelector<LienBreakTheGlass>('lien-break-the-glass');

/** The button, as shown to physicians. */
export const Button: Story = {};

/** The dialog: reason, traced-access notice. */
export const DialogOpen: Story = {
  play: async ({ canvasElement }) => {
    await element(canvasElement)?.show();
  },
};

/** A reason that is too short, after a submit. */
export const ReasonTooShort: Story = {
  play: async ({ canvasElement }) => {
    const btg = element(canvasElement);
    await btg?.show();
    btg?.shadowRoot?.querySelector<HTMLButtonElement>('[part="submit-button"]')?.click();
  },
};

/** Access granted: the expiry time. */
export const Granted: Story = {
  play: async ({ canvasElement }) => {
    const btg = element(canvasElement);
    await btg?.show();
    const field = btg?.shadowRoot?.querySelector('textarea');
    if (!field) return;
    field.value = 'Patient inconscient admis aux urgences';
    field.dispatchEvent(new InputEvent('input'));
    await btg?.updateComplete;
    btg?.shadowRoot?.querySelector<HTMLButtonElement>('[part="submit-button"]')?.click();
  },
};
