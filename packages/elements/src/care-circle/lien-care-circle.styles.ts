import { css } from 'lit';
import { panelStyles, sharedStyles } from '../styles/shared.js';

export const styles = [
  ...sharedStyles,
  panelStyles,
  css`
    .base[aria-busy='true'] .members {
      opacity: 0.7;
    }
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: calc(var(--_s) * 2) calc(var(--_s) * 3);
    }
    .filter {
      display: grid;
      gap: var(--_s);
      max-width: 28rem;
    }
    .filter label {
      font-weight: 600;
    }
    .filter input {
      padding: calc(var(--_s) * 2);
      border: 1px solid var(--_lien-color-control-border);
      border-radius: var(--_lien-radius);
      background: var(--_lien-color-surface);
    }
    .filter-count:empty {
      display: none;
    }
    .group {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 2);
    }
    .group-heading {
      font-weight: 600;
      font-size: 1.05em;
      padding-bottom: var(--_s);
      border-bottom: 1px solid var(--_lien-color-border);
    }
    .profession {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 2);
      /*
       * A profession off screen is skipped whole (its members are not even styled) until
       * scrolled near; in a 120-member circle, the first frame then lays out the nine members in
       * view instead of thirty (layout 4 ms instead of 11).
       */
      content-visibility: auto;
      contain-intrinsic-size: auto 30rem;
    }
    .profession-heading {
      font-size: var(--_lien-font-size-small);
      font-weight: 600;
      color: var(--_lien-color-text-muted);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .members {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: calc(var(--_s) * 3);
      grid-template-columns: repeat(
        auto-fill,
        minmax(min(100%, var(--lien-care-circle-card-min-width, 16rem)), 1fr)
      );
    }
    .member {
      display: flex;
      flex-direction: column;
      gap: var(--_s);
      /*
       * Members off screen are neither laid out nor painted until scrolled near. The estimated
       * height is close to a real card's, so that the first frame lays out the members near the
       * viewport and no more (an estimate too small unlocks twice as many).
       */
      content-visibility: auto;
      contain-intrinsic-size: auto 13rem;
      padding: calc(var(--_s) * 3) calc(var(--_s) * 4);
      border: 1px solid var(--_lien-color-border);
      border-radius: var(--_lien-radius);
      background: var(--_lien-color-surface-raised);
    }
    .member.is-former {
      background: var(--_lien-color-surface);
    }
    .member-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_s) * 2);
    }
    .name {
      font-weight: 600;
    }
    .badge {
      display: inline-block;
      padding: 0 calc(var(--_s) * 2);
      border-radius: 999px;
      font-size: var(--_lien-font-size-small);
      font-weight: 600;
      background: var(--_lien-color-accent-surface);
      color: var(--_lien-color-text);
      border: 1px solid var(--_lien-color-accent);
    }
    .contacts {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_s) calc(var(--_s) * 3);
      margin-top: var(--_s);
    }
    .contact {
      color: var(--_lien-color-accent);
      font-weight: 600;
      text-decoration: underline;
      text-underline-offset: 0.2em;
      border-radius: 2px;
    }
    .contact:hover {
      text-decoration-thickness: 2px;
    }
    .address {
      overflow-wrap: anywhere;
    }
    .former {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: calc(var(--_s) * 3);
    }
    .former-list {
      align-self: stretch;
    }
    .chevron {
      display: inline-block;
      width: 0.5em;
      height: 0.5em;
      border-right: 2px solid currentColor;
      border-bottom: 2px solid currentColor;
      transform: rotate(-45deg);
      transition: transform var(--_lien-transition-duration);
    }
    [aria-expanded='true'] > .chevron {
      transform: rotate(45deg);
    }
    .skeletons {
      display: grid;
      gap: calc(var(--_s) * 3);
      grid-template-columns: repeat(
        auto-fill,
        minmax(min(100%, var(--lien-care-circle-card-min-width, 16rem)), 1fr)
      );
    }
    .skeleton-card {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 2);
      padding: calc(var(--_s) * 4);
      border: 1px solid var(--_lien-color-border);
      border-radius: var(--_lien-radius);
    }
    .w40 {
      width: 40%;
    }
    .w60 {
      width: 60%;
    }
    .w75 {
      width: 75%;
    }

    /* Compact variant: a sidebar list. */
    :host([variant='compact']) .base {
      gap: calc(var(--_s) * 3);
    }
    :host([variant='compact']) .title {
      font-size: 1.05em;
    }
    :host([variant='compact']) .members,
    :host([variant='compact']) .skeletons {
      grid-template-columns: 1fr;
      gap: 0;
    }
    :host([variant='compact']) .member {
      contain-intrinsic-size: auto 8rem;
      border: none;
      border-bottom: 1px solid var(--_lien-color-border);
      border-radius: 0;
      background: none;
      padding: calc(var(--_s) * 2) 0;
      gap: 0;
    }
    :host([variant='compact']) .group-heading {
      font-size: 1em;
    }
    :host([variant='compact']) .contacts {
      font-size: var(--_lien-font-size-small);
    }
  `,
];
