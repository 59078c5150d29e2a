/**
 * The one stylesheet of the server-rendered pages (portal, printable comparisons). Served as a
 * file so the pages' CSP can forbid inline styles. Readable on a phone (fluid width, no fixed
 * sizes), high contrast, visible focus, and a print layout without navigation.
 */
export const PORTAL_CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #ccc; --accent: #0b4f8a; }
* { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: Georgia, "Times New Roman", serif; line-height: 1.55; color: var(--ink); background: #fff; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header.site, footer.site { padding: .75rem 1rem; border-bottom: 1px solid var(--rule); font-family: system-ui, sans-serif; }
footer.site { border-top: 1px solid var(--rule); border-bottom: 0; color: var(--muted); font-size: .9rem; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
.meta { color: var(--muted); font-family: system-ui, sans-serif; font-size: .95rem; }
.record { border-left: 4px solid var(--accent); padding: .25rem .75rem; }
ol.text { list-style: none; padding: 0; }
ol.text li { margin: 0 0 1rem; }
.num { font-weight: bold; margin-right: .5rem; }
.label { color: var(--muted); font-family: system-ui, sans-serif; font-size: .8rem; margin-left: .5rem; }
.heading { font-weight: bold; margin-top: 1.5rem; }
.chapeau { font-style: italic; }
.summary-kind { display: inline-block; border: 2px solid #8a3b0b; color: #8a3b0b; padding: 0 .5rem; font-family: system-ui, sans-serif; }
code, .fingerprint { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule); padding: .4rem; }
ins { background: #d7f5dd; text-decoration: underline; }
del { background: #fbdada; text-decoration: line-through; }
.change { font-family: system-ui, sans-serif; font-size: .85rem; font-weight: bold; }
ul.downloads li { margin-bottom: .4rem; }
@media print {
  header.site, footer.site, nav, .downloads, .skip { display: none; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  ins, del { background: none; }
  li, tr { break-inside: avoid; }
}
`
