// Entry of the Vue 3 app: frameworks.test.ts bundles it with esbuild against Vue's runtime-only
// build (no template compiler in the page, so no eval under the strict CSP).
import { createApp } from 'vue';
import '@codat-connections/widget/codat-connections.js';
import App from './vue-app.vue';

createApp(App).mount('#app');
