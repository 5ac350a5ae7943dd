import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressDir, summary } from '../../scripts/precompress';

// Paths relative to this file, so the build works from the repo root and from apps/web alike.
const here = (p: string) => decodeURIComponent(new URL(p, import.meta.url).pathname);

// Multi-page: the office app is index.html; the inspector's phone page (field.html) and the
// citizen page (public.html) join rollupOptions.input when they arrive.
export default defineConfig({
  root: here('.'),
  plugins: [
    react(),
    // Brotli and gzip copies of every text file once the build is written (and public/ copied):
    // the server sends them by Accept-Encoding instead of raw JavaScript.
    { name: 'chuangwen-precompress', apply: 'build', closeBundle: async () => console.log(summary(await precompressDir(here('./dist')))) },
  ],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    manifest: true, // read by scripts/bundle-size.mjs, which enforces the 350 KiB gz first-screen budget
    chunkSizeWarningLimit: 650, // antd + react core share one chunk (~190 KiB gz); the budget above is what counts
    rollupOptions: {
      input: { index: here('./index.html'), field: here('./field.html'), public: here('./public.html') },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://localhost:3000' } },
  },
});
