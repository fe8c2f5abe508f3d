/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  test: {
    environment: 'node',
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**'],
    // Tests wait on work, never on the clock; these limits only catch a hang. The CLI tests spawn
    // node with tsx, which on a shared, busy machine can take minutes (fixtures in hooks too).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
