// A Vue 3 app (the browser build, no bundler) using <codat-connections> with `@codat-*` listeners.
import { createApp, ref } from '/vendor/vue.js';
import '/dist/codat-connections.js';

const app = createApp({
  setup() {
    const log = ref([]);
    return {
      log,
      onReady: (event) => log.value.push(`ready ${event.detail.connections.length}`),
      onLinked: (event) => log.value.push(`linked ${event.detail.connection.platformName}`),
    };
  },
  template: `
    <codat-connections token-url="/api/codat/token" @codat-ready="onReady" @codat-linked="onLinked"></codat-connections>
    <ol id="log"><li v-for="entry in log">{{ entry }}</li></ol>`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('codat-');
app.mount('#app');
