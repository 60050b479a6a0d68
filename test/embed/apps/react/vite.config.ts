import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server sends /api to the partner's backend, as partners write it: the string shorthand,
// which sets `changeOrigin: true` (the backend sees its own host, the browser Vite's).
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': process.env.API_ORIGIN ?? 'http://localhost:3000' } },
});
