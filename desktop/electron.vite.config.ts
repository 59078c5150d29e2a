import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './src/main/contentSecurityPolicy.js'

/**
 * Puts the app's CSP into the built index.html as well as in the protocol's response header, so
 * the page is covered even if it is ever loaded some other way. A <meta> policy cannot carry
 * frame-ancestors (browsers ignore it there), so that one directive is left to the header.
 */
function contentSecurityPolicyMeta(): Plugin {
  const content = contentSecurityPolicy()
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ')
  return {
    name: 'accord:csp-meta',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content },
        injectTo: 'head-prepend',
      },
    ],
  }
}

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
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      rolldownOptions: {
        input: resolve(import.meta.dirname, 'src/renderer/index.html'),
      },
    },
  },
})
