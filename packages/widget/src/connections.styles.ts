import { css } from 'lit';

/** The dark defaults, for `theme="dark"` and for `auto` when the system prefers dark. */
const darkTheme = css`
  --codat-accent: #8ab4ff;
  --codat-text: #e8eaed;
  --codat-muted: #a9b1bc;
  --codat-surface: #16181d;
  --codat-border: #3a3f4a;
  --codat-danger: #ff8a80;
  --codat-success: #7fd99a;
  --codat-warning: #ffc46b;
  color-scheme: dark;
`;

/**
 * Styles of `<codat-connections>`. Adopted as a constructed stylesheet, so they work under
 * `style-src 'self'`. Partners restyle through the custom properties below (set on the element)
 * and the parts; nothing uses `!important`.
 */
export const styles = css`
  :host {
    --codat-font: system-ui, sans-serif;
    --codat-accent: #2456d3;
    --codat-text: #1b1f24;
    --codat-muted: #56606c;
    --codat-surface: #ffffff;
    --codat-border: #d5d9df;
    --codat-danger: #b3261e;
    --codat-success: #146c2e;
    --codat-warning: #8a5300;
    --codat-radius: 0.5rem;
    --codat-space: 1rem;

    display: block;
    color-scheme: light;
    font-family: var(--codat-font);
    color: var(--codat-text);
    min-width: 0;
  }

  :host([theme='dark']) {
    ${darkTheme}
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTheme}
    }
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .base {
    /* The focus ring: its width, and how far out it is drawn (the list's row groups leave room for both). */
    --_focus-ring-width: 2px;
    --_focus-ring-offset: 2px;
    container-type: inline-size;
    background: var(--codat-surface);
    color: var(--codat-text);
    border: 1px solid var(--codat-border);
    border-radius: var(--codat-radius);
    padding: var(--codat-space);
    display: grid;
    gap: calc(var(--codat-space) * 0.75);
    overflow-wrap: anywhere;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .muted {
    color: var(--codat-muted);
  }

  /* The header and the Load more line: their parts at either end, wrapping when narrow. */
  .header,
  .more {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
  }

  .header {
    gap: calc(var(--codat-space) * 0.5);
  }

  .title {
    flex: 1 1 auto;
    margin: 0;
    font-size: 1.125rem;
    font-weight: 600;
  }

  .button {
    font: inherit;
    font-size: 0.875rem;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 2.25rem;
    padding: 0.25rem 0.75rem;
    border-radius: var(--codat-radius);
    border: 1px solid var(--codat-border);
    background: var(--codat-surface);
    color: var(--codat-text);
    cursor: pointer;
    text-decoration: none;
    flex: none;
    max-width: 100%;
  }

  .button[hidden] {
    display: none;
  }

  .button:hover {
    border-color: var(--codat-accent);
  }

  .button:focus-visible,
  .input:focus-visible,
  .item:focus-visible,
  time:focus-visible,
  summary:focus-visible,
  .picker-item:focus-visible {
    outline: var(--_focus-ring-width) solid var(--codat-accent);
    outline-offset: var(--_focus-ring-offset);
  }

  .button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  /* Load more stays focusable while its page loads (aria-disabled, not disabled), and looks busy. */
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.6;
  }

  .primary {
    background: var(--codat-accent);
    border-color: var(--codat-accent);
    color: var(--codat-surface);
  }

  .danger {
    color: var(--codat-danger);
  }

  .danger:hover {
    border-color: var(--codat-danger);
  }

  .danger-solid {
    background: var(--codat-danger);
    border-color: var(--codat-danger);
    color: var(--codat-surface);
  }

  .input {
    font: inherit;
    font-size: 0.875rem;
    width: 100%;
    min-height: 2.25rem;
    padding: 0.25rem 0.625rem;
    border-radius: var(--codat-radius);
    border: 1px solid var(--codat-border);
    background: var(--codat-surface);
    color: var(--codat-text);
  }

  .input::placeholder {
    color: var(--codat-muted);
  }

  /* List */
  /* A column of row groups; the rows within a group are in block flow, not a grid (a grid lays out
     all its rows again for each row added). Flex, so the groups' negative margins do not collapse. */
  .list {
    --_ring-room: calc(var(--_focus-ring-width) + var(--_focus-ring-offset));
    display: flex;
    flex-direction: column;
    /* Room for the groups' padding below, inside the element's own padding. */
    padding: var(--_ring-room);
    margin: calc(-1 * var(--_ring-room));
  }

  .item {
    display: grid;
    grid-template-columns: auto 1fr;
    grid-template-areas:
      'logo main'
      'actions actions';
    gap: calc(var(--codat-space) * 0.5) calc(var(--codat-space) * 0.75);
    padding: calc(var(--codat-space) * 0.75) 0;
    border-top: 1px solid var(--codat-border);
    align-items: start;
  }

  /* Long lists: groups of rows out of view skip layout and paint until scrolled to; until a group has
     been shown once, its height is taken as a full group's, 50 rows of about 4.5rem. Skipping clips
     what the group paints to its box: the padding, taken back by the margin, leaves room for a row's
     focus ring. */
  .group {
    content-visibility: auto;
    contain-intrinsic-block-size: auto 225rem;
    padding: var(--_ring-room);
    margin: calc(-1 * var(--_ring-room));
  }

  .group:first-child > .item:first-child {
    border-top: 0;
  }

  /* A busy row is marked by a bar, not by fading its text: faded text falls below AA contrast. */
  .item[aria-busy='true'] {
    box-shadow: inset 3px 0 0 var(--codat-accent);
  }

  .logo {
    grid-area: logo;
    width: 2rem;
    height: 2rem;
    border-radius: calc(var(--codat-radius) * 0.5);
    object-fit: contain;
  }

  .letter {
    display: inline-grid;
    place-items: center;
    font-weight: 600;
    background: var(--codat-border);
    color: var(--codat-text);
  }

  .main {
    grid-area: main;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    min-width: 0;
  }

  .meta,
  .errors,
  .freshness,
  .datasets,
  .access {
    flex-basis: 100%;
  }

  .name {
    font-weight: 600;
  }

  .status {
    font-size: 0.75rem;
    font-weight: 600;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    color: var(--codat-muted);
  }

  .status-linked {
    color: var(--codat-success);
  }

  .status-pending,
  .status-expired {
    color: var(--codat-warning);
  }

  .status-disconnected,
  .status-unknown {
    color: var(--codat-muted);
  }

  /* A message on a row or above the list: what went wrong, with Retry and Dismiss. */
  .message {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-top: 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--codat-danger);
    border-left-width: 0.25rem;
    border-radius: var(--codat-radius);
    font-size: 0.875rem;
  }

  .message-text {
    flex: 1 1 12rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }

  .meta {
    font-size: 0.8125rem;
    color: var(--codat-muted);
  }

  time {
    white-space: nowrap;
    border-bottom: 1px dotted currentColor;
  }

  /*
   * A date's exact time is its hidden text, which screen readers read; a row with focus shows it
   * beside the row's own dates (keyboard users; its data types' list stays short); the mouse gets
   * it as a title.
   */
  .item:focus-within .meta .exact,
  .item:focus-within .errors .exact {
    position: static;
    width: auto;
    height: auto;
    margin: 0;
    overflow: visible;
    clip: auto;
  }

  .errors {
    font-size: 0.8125rem;
    color: var(--codat-danger);
  }

  .errors summary {
    cursor: pointer;
    width: fit-content;
  }

  .errors ul {
    margin: 0.25rem 0 0;
    padding-inline-start: 1.25rem;
    display: grid;
    gap: 0.25rem;
  }

  .errors li {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
  }

  /* A linked row's freshness, and its data types. */
  .freshness {
    font-size: 0.8125rem;
    color: var(--codat-muted);
  }

  .freshness.warning {
    color: var(--codat-warning);
    font-weight: 600;
  }

  .datasets,
  .access {
    font-size: 0.8125rem;
  }

  .access p {
    margin: 0.25rem 0 0;
    padding-inline-start: 1.25rem;
  }

  .datasets summary,
  .access summary {
    cursor: pointer;
    width: fit-content;
    color: var(--codat-muted);
  }

  .actions {
    grid-area: actions;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  .pending {
    font-size: 0.875rem;
    color: var(--codat-muted);
  }

  @container (min-width: 36rem) {
    .item {
      grid-template-columns: auto 1fr auto;
      grid-template-areas: 'logo main actions';
      align-items: center;
    }

    .actions {
      justify-content: flex-end;
    }
  }

  /* States */
  .skeleton {
    display: grid;
    gap: calc(var(--codat-space) * 0.75);
  }

  .skeleton-row {
    height: 3rem;
    border-radius: var(--codat-radius);
    background: var(--codat-border);
    opacity: 0.5;
    animation: pulse 1.2s ease-in-out infinite alternate;
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton-row {
      animation: none;
    }
  }

  @keyframes pulse {
    to {
      opacity: 0.2;
    }
  }

  .empty,
  .error,
  .no-match {
    margin: 0;
    padding: var(--codat-space);
    text-align: center;
    color: var(--codat-muted);
  }

  .error {
    display: grid;
    justify-items: center;
    gap: 0.5rem;
    border: 1px solid var(--codat-danger);
    border-radius: var(--codat-radius);
  }

  .error p {
    margin: 0;
  }

  .error-title {
    font-weight: 600;
    color: var(--codat-text);
  }

  .error-message {
    color: var(--codat-danger);
  }

  .more {
    gap: 0.5rem;
    font-size: 0.875rem;
  }
`;
