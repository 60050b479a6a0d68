// The gallery page (gallery.html): every state of gallery.ts one below the other, each under its
// name and description; `?state=<name>` shows one alone, as a state with a modal dialog must be.
import { galleryStates, mountState, type GalleryState } from './gallery.js';

async function show(state: GalleryState, alone: boolean, into: HTMLElement): Promise<void> {
  const section = document.createElement('section');
  section.id = state.name;
  const heading = document.createElement('h2');
  const description = document.createElement('p');
  description.textContent = state.description;
  section.append(heading, description);
  into.append(section);
  if (state.modal && !alone) {
    const link = document.createElement('a');
    link.href = `?state=${encodeURIComponent(state.name)}`;
    link.textContent = `${state.name} (opens alone)`;
    heading.append(link);
    return;
  }
  heading.textContent = state.name;
  try {
    await mountState(state, section);
  } catch (error) {
    const failed = document.createElement('p');
    failed.className = 'failed';
    failed.textContent = `Not reached: ${error instanceof Error ? error.message : String(error)}`;
    section.append(failed);
  }
}

/** One state at a time, in order, so that focus ends where the last one puts it, as in the tests. */
async function showAll(): Promise<void> {
  const only = new URLSearchParams(location.search).get('state');
  const into = document.querySelector<HTMLElement>('#states')!;
  for (const state of galleryStates) if (!only || state.name === only) await show(state, Boolean(only), into);
}

void showAll();
