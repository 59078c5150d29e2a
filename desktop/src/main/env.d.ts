// Vite replaces `import.meta.env.DEV` at build time: true only for `electron-vite dev` or a
// build with `--mode development`, false for `electron-vite build`.
interface ImportMeta {
  readonly env: { readonly DEV: boolean }
}
