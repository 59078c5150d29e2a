/**
 * The Origin the desktop app's pages send: its renderer is served from `accord://app/…` (see
 * desktop/src/main/appOrigin.ts). The server trusts it for CORS, sign-in and the relay, because
 * no web page can send it: browsers set Origin themselves, and only the app has this scheme.
 */
export const DESKTOP_APP_ORIGIN = 'accord://app'
