import { html, type TemplateResult } from 'lit';

/** A labelled search box (the list's filter, the picker's search): `input` gets each new value. */
export function searchTemplate(id: 'filter' | 'picker-search', label: string, value: string, input: (value: string) => void): TemplateResult {
  return html`<label class="visually-hidden" for=${id}>${label}</label>
    <input
      id=${id}
      part=${id}
      class="input"
      type="search"
      placeholder=${label}
      .value=${value}
      @input=${(event: Event) => input((event.target as HTMLInputElement).value)}
    />`;
}
