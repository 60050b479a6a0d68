/// <reference types="vite/client" />
import type {} from '@codat-connections/widget/vue';
