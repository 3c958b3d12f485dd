/**
 * Styles shared by the elements: box model, focus ring, buttons, visually hidden text,
 * skeleton blocks. Everything reads private `--_lien-*` properties defined by `tokenStyles`.
 */
import { css } from 'lit';
import { tokenStyles } from './tokens.js';

const base = css`
  :host {
    --_s: calc(var(--_lien-spacing) * var(--_lien-density));
    color: var(--_lien-color-text);
    line-height: var(--_lien-line-height);
  }
  /* An explicit theme paints its own surface: the page behind may have the other scheme. */
  :host([theme]) {
    background-color: var(--_lien-color-surface);
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: var(--_lien-focus-ring-width) solid var(--_lien-color-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--_lien-color-text-muted);
  }
  .small {
    font-size: var(--_lien-font-size-small);
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_s) * 2);
    min-height: 2.25em;
    padding: calc(var(--_s) * 1.5) calc(var(--_s) * 4);
    border: 1px solid var(--_lien-color-control-border);
    border-radius: var(--_lien-radius);
    background: var(--_lien-color-surface);
    color: var(--_lien-color-text);
    cursor: pointer;
    text-decoration: none;
  }
  .button:hover {
    background: var(--_lien-color-surface-raised);
  }
  .button.primary {
    border-color: var(--_lien-color-accent);
    background: var(--_lien-color-accent);
    color: var(--_lien-color-on-accent);
  }
  .button.primary:hover {
    filter: brightness(1.1);
  }
  /* Pending: the label says so; colours stay (contrast), only the cursor changes. */
  .button[aria-disabled='true'] {
    cursor: progress;
  }
  .notice {
    padding: calc(var(--_s) * 3) calc(var(--_s) * 4);
    border-radius: var(--_lien-radius);
    border: 1px solid var(--_lien-color-border);
    background: var(--_lien-color-surface-raised);
  }
  .notice.danger {
    border-color: var(--_lien-color-danger);
    background: var(--_lien-color-danger-surface);
  }
  .notice.success {
    border-color: var(--_lien-color-success);
    background: var(--_lien-color-success-surface);
  }
  .notice.warning {
    background: var(--_lien-color-warning-surface);
  }
  .skeleton {
    display: block;
    height: 1em;
    border-radius: var(--_lien-radius);
    background: var(--_lien-color-skeleton);
    animation: pulse 1.5s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  @media (forced-colors: active) {
    .button.primary {
      border: 1px solid ButtonText;
    }
  }
`;

/**
 * The frame of the panel elements (care circle, discharge summary): a block that is a size
 * container, a column of sections, a focusable title (focus moves there after a change), notices.
 */
export const panelStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_s) * 4);
  }
  p {
    margin: 0;
  }
  .title {
    font-size: 1.25em;
    font-weight: 600;
  }
  .title:focus {
    outline: none;
  }
  .title:focus-visible {
    outline: var(--_lien-focus-ring-width) solid var(--_lien-color-focus);
  }
  .notice {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_s) * 2);
  }
  .notice-title {
    font-weight: 600;
  }
`;

/** Token styles and the shared base, in order: include first in every element's `styles`. */
export const sharedStyles = [tokenStyles, base];
