import { css } from 'lit';

/** Styles of the platform picker: they load with it, on first use, and join the element's own (see `adoptFeatureStyles` in lazy.ts). */
export const styles = css`
  .picker {
    display: grid;
    gap: calc(var(--codat-space) * 0.5);
    padding: calc(var(--codat-space) * 0.75);
    border: 1px solid var(--codat-border);
    border-radius: var(--codat-radius);
  }

  .picker-head {
    display: flex;
    gap: calc(var(--codat-space) * 0.5);
  }

  .picker-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr));
    gap: calc(var(--codat-space) * 0.5);
    max-height: 20rem;
    overflow-y: auto;
  }

  .picker-item {
    font: inherit;
    font-size: 0.875rem;
    width: 100%;
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: 0.5rem;
    align-items: center;
    text-align: start;
    padding: 0.5rem;
    border: 1px solid var(--codat-border);
    border-radius: var(--codat-radius);
    background: var(--codat-surface);
    color: var(--codat-text);
    cursor: pointer;
  }

  .picker-item .logo {
    grid-area: auto;
    grid-row: 1 / span 3;
  }

  .picker-item .name,
  .picker-item .muted,
  .picker-item .status {
    grid-column: 2;
  }

  /* The state of the company's connection of that platform. */
  .picker-item .status {
    justify-self: start;
    margin-top: 0.25rem;
  }

  .picker-item:hover:not(:disabled) {
    border-color: var(--codat-accent);
  }

  .picker-item:disabled {
    cursor: not-allowed;
  }

  .picker-item .muted {
    font-size: 0.75rem;
  }
`;
