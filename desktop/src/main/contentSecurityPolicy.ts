/**
 * Sets the Content-Security-Policy that every response of the app's protocol carries.
 *
 * Scripts come only from the app's own files: no inline script, no `eval` or `new Function`
 * (no 'unsafe-eval', not even 'wasm-unsafe-eval'), no plugins, no `<base>` tricks, no frames,
 * no form posts. Injected markup therefore stays inert, which is what protects the session
 * token and the internal comments the renderer holds.
 *
 * `connect-src` admits any http(s)/ws(s) server, because the user chooses the server at sign-in,
 * after the page has loaded, and a document's policy cannot widen later; pinning it would mean
 * reloading the sign-in form under the user's hands. With no script of an attacker's running,
 * an open `connect-src` gives nothing to exploit.
 *
 * Styles allow 'unsafe-inline': the editor and the component library set style attributes
 * (caret colours, popover positions). A style cannot run code.
 */
export function applyContentSecurityPolicy(
  headers: Record<string, string>,
): Record<string, string> {
  // One literal, assigned where it is set: Electronegativity's CSP check reads (and evaluates)
  // exactly this string, and the unit test parses the same one back.
  headers['Content-Security-Policy'] =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' https: wss: http: ws:; worker-src 'self'; manifest-src 'self'; media-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
  return headers
}

/** The policy as one header value. */
export function contentSecurityPolicy(): string {
  return applyContentSecurityPolicy({})['Content-Security-Policy']!
}
