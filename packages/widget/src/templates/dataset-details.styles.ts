import { css } from 'lit';

/** Styles of a row's list of data types: they load with it, on first use, and join the element's own (see `adoptFeatureStyles` in lazy.ts). */
export const styles = css`
  .datasets ul {
    margin: 0.25rem 0 0;
    padding-inline-start: 1.25rem;
    display: grid;
    gap: 0.25rem;
  }

  .dataset {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
  }

  .dataset-name {
    font-weight: 600;
  }

  .dataset-failed,
  .dataset-message {
    color: var(--codat-danger);
  }

  .dataset-fetching,
  .dataset-never,
  .dataset-stopped {
    color: var(--codat-muted);
  }
`;
