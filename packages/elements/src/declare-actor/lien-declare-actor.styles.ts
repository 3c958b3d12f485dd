import { css } from 'lit';
import { sharedStyles } from '../styles/shared.js';

export const styles = [
  ...sharedStyles,
  css`
    :host {
      display: block;
    }
    .base {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: calc(var(--_s) * 3);
    }
    p {
      margin: 0;
    }
    .attestation {
      max-width: 40rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_s) * 3);
    }
    .declared {
      display: inline-flex;
      align-items: center;
      gap: calc(var(--_s) * 2);
      font-weight: 600;
    }
    .check {
      display: inline-block;
      width: 0.4em;
      height: 0.75em;
      border-right: 2px solid var(--_lien-color-success);
      border-bottom: 2px solid var(--_lien-color-success);
      transform: rotate(45deg) translateY(-0.1em);
    }
    .role {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_s) * 2);
    }
    label {
      font-weight: 600;
    }
    select {
      padding: var(--_s) calc(var(--_s) * 2);
      border: 1px solid var(--_lien-color-control-border);
      border-radius: var(--_lien-radius);
      background: var(--_lien-color-surface);
    }
    .notice.danger {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: calc(var(--_s) * 2);
    }
  `,
];
