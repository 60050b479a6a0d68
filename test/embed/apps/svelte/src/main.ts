import { mount } from 'svelte';
import Connections from './Connections.svelte';

mount(Connections, { target: document.getElementById('app')! });
