/// <reference types="vite/client" />
/// <reference types="svelte" />
import type {} from '@codat-connections/widget/svelte';
