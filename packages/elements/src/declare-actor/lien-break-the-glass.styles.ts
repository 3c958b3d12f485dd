import { css } from 'lit';
import { sharedStyles } from '../styles/shared.js';

export const styles = [
  ...sharedStyles,
  css`
    :host {
      display: inline-block;
    }
    .trigger {
      border-color: var(--_lien-color-danger);
      color: var(--_lien-color-danger);
    }
    dialog {
      width: min(32rem, calc(100vw - 2rem));
      padding: calc(var(--_s) * 6);
      border: 1px solid var(--_lien-color-border);
      border-radius: var(--_lien-radius);
      background: var(--_lien-color-surface);
      color: var(--_lien-color-text);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.45);
    }
    .dialog-title {
      margin: 0 0 calc(var(--_s) * 3);
      font-size: 1.2em;
    }
    form {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 3);
    }
    p {
      margin: 0;
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: var(--_s);
    }
    label {
      font-weight: 600;
    }
    textarea {
      padding: calc(var(--_s) * 2);
      border: 1px solid var(--_lien-color-control-border);
      border-radius: var(--_lien-radius);
      background: var(--_lien-color-surface);
      resize: vertical;
    }
    textarea[aria-invalid='true'] {
      border-color: var(--_lien-color-danger);
      border-width: 2px;
    }
    .field-error {
      color: var(--_lien-color-danger);
      font-weight: 600;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: calc(var(--_s) * 2);
      margin-top: calc(var(--_s) * 2);
    }
  `,
];
