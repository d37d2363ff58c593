import { defineConfig } from 'vite';

// The gateway serves dist/ at / (gateway/src/console-static.ts); `npm run dev -w @mainline/web` proxies the API.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500, reportCompressedSize: false },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/console': 'http://localhost:4000', '/tiles': 'http://localhost:4000' } },
});
