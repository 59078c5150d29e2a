import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// Main and preload build for Electron's Node; the renderer is the same React app that
// vite.web.config.ts builds for the server's /app, here with base './' so it loads from
// accord://app/.
export default defineConfig({
  main: {
    build: {
      lib: { entry: resolve(import.meta.dirname, 'src/main/index.ts') },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load ES modules or other local files: one CommonJS bundle.
      externalizeDeps: false,
      lib: {
        entry: resolve(import.meta.dirname, 'src/preload/index.ts'),
        formats: ['cjs'],
        fileName: () => 'index.cjs',
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: {
        input: resolve(import.meta.dirname, 'src/renderer/index.html'),
      },
    },
  },
})
