import { css } from 'lit';

/** Styles of the confirmation dialog: they load with it, on first use, and join the element's own (see `adoptFeatureStyles` in lazy.ts). */
export const styles = css`
  .dialog {
    max-width: min(28rem, calc(100vw - 2rem));
    padding: calc(var(--codat-space) * 1.25);
    border: 1px solid var(--codat-border);
    border-radius: var(--codat-radius);
    background: var(--codat-surface);
    color: var(--codat-text);
    font-family: var(--codat-font);
  }

  .dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }

  .dialog-title {
    margin: 0 0 0.5rem;
    font-size: 1.0625rem;
  }

  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: var(--codat-space);
  }
`;
