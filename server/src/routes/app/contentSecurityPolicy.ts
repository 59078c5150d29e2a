/**
 * The web client's Content Security Policy: scripts and styles only from the server's own files
 * (no inline script, no eval, no inline <style>), connections only back to this origin (REST and,
 * in CSP Level 3, its ws:/wss: relay), no plugins, no framing, no <base> rewriting.
 */
export const WEB_CLIENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')
