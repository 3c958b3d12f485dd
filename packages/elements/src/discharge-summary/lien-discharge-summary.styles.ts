import { css } from 'lit';
import { panelStyles, sharedStyles } from '../styles/shared.js';

export const styles = [
  ...sharedStyles,
  panelStyles,
  css`
    .notice.warning {
      border-color: var(--_lien-color-warning);
    }

    /* Chooser (patient mode) */
    .chooser {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_s) * 2) calc(var(--_s) * 3);
    }
    .chooser label {
      font-weight: 600;
    }
    .chooser select {
      max-width: 100%;
      min-height: 2.25em;
      padding: calc(var(--_s) * 1.5) calc(var(--_s) * 2);
      border: 1px solid var(--_lien-color-control-border);
      border-radius: var(--_lien-radius);
      background: var(--_lien-color-surface);
    }

    /* Header */
    .letter-header {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 2);
      padding: calc(var(--_s) * 3) calc(var(--_s) * 4);
      border: 1px solid var(--_lien-color-border);
      border-radius: var(--_lien-radius);
      background: var(--_lien-color-surface-raised);
    }
    .facility {
      font-weight: 600;
      font-size: 1.05em;
    }
    .facts,
    .observations {
      display: grid;
      grid-template-columns: minmax(8rem, max-content) 1fr;
      gap: var(--_s) calc(var(--_s) * 4);
      margin: 0;
    }
    .fact {
      display: contents;
    }
    dt {
      color: var(--_lien-color-text-muted);
    }
    dd {
      margin: 0;
    }
    .tag {
      display: inline-block;
      padding: 0 calc(var(--_s) * 1.5);
      border: 1px solid var(--_lien-color-control-border);
      border-radius: 999px;
    }
    .original {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_s) calc(var(--_s) * 4);
    }
    .link,
    .narrative a {
      color: var(--_lien-color-accent);
      text-decoration: underline;
      text-underline-offset: 0.2em;
      border-radius: 2px;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_s) * 2);
    }
    .absent {
      font-style: italic;
      color: var(--_lien-color-text-muted);
    }

    /* Essential blocks */
    .block {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 2);
    }
    .block-heading {
      font-weight: 600;
      font-size: 1.05em;
      padding-bottom: var(--_s);
      border-bottom: 1px solid var(--_lien-color-border);
    }
    .narrative {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 2);
      overflow-wrap: anywhere;
    }
    .narrative ul,
    .narrative ol,
    .pending-list,
    .warnings ul {
      margin: 0;
      padding-inline-start: 1.25em;
    }
    .n-bold {
      font-weight: 600;
    }
    .n-italics {
      font-style: italic;
    }
    .n-underline {
      text-decoration: underline;
    }
    .n-caption {
      font-weight: 600;
    }
    .n-image {
      font-style: italic;
      color: var(--_lien-color-text-muted);
    }
    .table-scroll {
      max-width: 100%;
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-size: var(--_lien-font-size-small);
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding-bottom: var(--_s);
    }
    th,
    td {
      text-align: start;
      vertical-align: top;
      padding: calc(var(--_s) * 1.5) calc(var(--_s) * 2);
      border-bottom: 1px solid var(--_lien-color-border);
    }
    thead th {
      border-bottom: 2px solid var(--_lien-color-control-border);
      white-space: nowrap;
    }
    th.medication {
      font-weight: 600;
    }
    .line {
      display: block;
    }

    /* Change badges: a word, a border and a mark, not colour only. */
    .badge {
      display: inline-flex;
      align-items: center;
      gap: var(--_s);
      padding: 0 calc(var(--_s) * 2);
      border: 1px solid var(--_lien-color-control-border);
      border-radius: 999px;
      font-weight: 600;
      white-space: nowrap;
      background: var(--_lien-color-surface-raised);
    }
    .badge-mark::before {
      content: '=';
    }
    .badge-new {
      border-color: var(--_lien-color-accent);
      background: var(--_lien-color-accent-surface);
    }
    .badge-new .badge-mark::before {
      content: '+';
    }
    .badge-modified {
      border-color: var(--_lien-color-warning);
      background: var(--_lien-color-warning-surface);
    }
    .badge-modified .badge-mark::before {
      content: '±';
    }
    .badge-stopped {
      border-color: var(--_lien-color-danger);
      background: var(--_lien-color-danger-surface);
    }
    .badge-stopped .badge-mark::before {
      content: '×';
    }

    /* Pending results: an alert-style block (icon and words). */
    .alert {
      display: flex;
      gap: calc(var(--_s) * 3);
      padding: calc(var(--_s) * 3) calc(var(--_s) * 4);
      border: 1px solid var(--_lien-color-warning);
      border-inline-start-width: calc(var(--_s) * 1.5);
      border-radius: var(--_lien-radius);
      background: var(--_lien-color-warning-surface);
    }
    .alert-icon {
      flex: none;
      display: inline-grid;
      place-items: center;
      width: 1.5em;
      height: 1.5em;
      border-radius: 50%;
      font-weight: 700;
      background: var(--_lien-color-warning);
      color: var(--_lien-color-surface);
    }
    .alert-body {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 2);
      min-width: 0;
    }
    .alert-lead {
      font-weight: 600;
    }

    /* Follow-up */
    .follow-up-list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 2);
    }
    .follow-up-item {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--_s) calc(var(--_s) * 2);
      padding-bottom: calc(var(--_s) * 2);
      border-bottom: 1px solid var(--_lien-color-border);
    }
    .kind {
      font-size: var(--_lien-font-size-small);
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--_lien-color-text-muted);
    }
    .follow-up-text {
      flex: 1 1 16rem;
    }
    .follow-up-date {
      font-weight: 600;
    }
    .priority {
      padding: 0 calc(var(--_s) * 2);
      border: 1px solid var(--_lien-color-control-border);
      border-radius: 999px;
    }

    /* Collapsible sections */
    details {
      border: 1px solid var(--_lien-color-border);
      border-radius: var(--_lien-radius);
    }
    summary {
      cursor: pointer;
      padding: calc(var(--_s) * 2) calc(var(--_s) * 3);
      font-weight: 600;
      border-radius: var(--_lien-radius);
    }
    summary:hover {
      background: var(--_lien-color-surface-raised);
    }
    .section-body,
    details > .narrative,
    .warnings > ul,
    .warnings > p {
      padding: 0 calc(var(--_s) * 3) calc(var(--_s) * 3);
    }
    .section-body {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 3);
    }
    .as-written summary,
    .warnings summary {
      font-weight: 400;
      color: var(--_lien-color-text-muted);
    }
    .warnings {
      border-style: dashed;
    }

    /* Loading */
    .skeletons {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_s) * 3);
    }
    .block-skeleton {
      height: 4em;
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

    @container (max-width: 32rem) {
      .facts,
      .observations {
        grid-template-columns: 1fr;
        gap: 0;
      }
      dd {
        margin-bottom: calc(var(--_s) * 2);
      }
    }

    /* Narrow containers (a sidebar): each treatment becomes a card, cells labelled. The table
       keeps its semantics through explicit roles. */
    @container (max-width: 36rem) {
      .treatments thead {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      .treatments,
      .treatments tbody,
      .treatments tr,
      .treatments th,
      .treatments td {
        display: block;
      }
      .treatments tr {
        padding: calc(var(--_s) * 2) 0;
        border-bottom: 1px solid var(--_lien-color-border);
      }
      .treatments th,
      .treatments td {
        border: none;
        padding: calc(var(--_s) * 0.5) 0;
      }
      .treatments td:empty {
        display: none;
      }
      .treatments td[data-label]::before {
        content: attr(data-label) '\\00a0: ';
        color: var(--_lien-color-text-muted);
      }
    }

    @media (forced-colors: active) {
      .badge,
      .alert,
      .alert-icon {
        border: 1px solid CanvasText;
      }
    }

    /* Print: the GP's paper copy. Everything expanded (the element opens its <details>), no
       controls, black on white, tables kept whole where possible. */
    @media print {
      :host {
        --_lien-color-text: #000;
        --_lien-color-text-muted: #000;
        --_lien-color-surface: #fff;
        --_lien-color-surface-raised: #fff;
        --_lien-color-border: #000;
        --_lien-color-control-border: #000;
        --_lien-color-accent: #000;
        --_lien-color-accent-surface: #fff;
        --_lien-color-danger: #000;
        --_lien-color-danger-surface: #fff;
        --_lien-color-warning: #000;
        --_lien-color-warning-surface: #fff;
        color: #000;
        background: #fff;
      }
      .chooser,
      .button,
      button,
      [part~='original-link'],
      [part~='skeleton'] {
        display: none !important;
      }
      summary {
        list-style: none;
        padding-bottom: 0;
      }
      summary::-webkit-details-marker {
        display: none;
      }
      details {
        border: none;
      }
      /* Where supported, the content of a closed <details> prints too (the element also opens
         them on beforeprint / print media). */
      details::details-content {
        content-visibility: visible;
        display: block;
      }
      .as-written summary,
      .warnings summary {
        color: #000;
      }
      .alert-icon {
        color: #fff;
        background: #000;
        print-color-adjust: exact;
      }
      .table-scroll {
        overflow: visible;
      }
      thead {
        display: table-header-group;
      }
      table,
      tr,
      .alert,
      .follow-up-item,
      .letter-header {
        break-inside: avoid;
      }
      .block-heading {
        break-after: avoid;
      }
    }
  `,
];
