import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * The renderer built as the web client that the server serves at /app. The output must run
 * under the server's CSP (no inline script, no eval, no inline style), so the module-preload
 * polyfill, which Vite would inline, is off; Chromium and Electron need none.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: '/app/',
  plugins: [react()],
  resolve: {
    // One copy of each, whichever package imports it: two Yjs or ProseMirror instances would
    // silently break collaboration and `instanceof` checks.
    dedupe: [
      'yjs',
      'y-protocols',
      'lib0',
      '@tiptap/core',
      '@tiptap/pm',
      '@tiptap/y-tiptap',
      'react',
      'react-dom',
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
})
