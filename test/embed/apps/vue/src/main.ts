import { createApp } from 'vue';
import Connections from './Connections.vue';

createApp(Connections).mount('#app');
