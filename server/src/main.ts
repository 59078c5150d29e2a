import { runServerProcess } from './run.js'

/** What to tell the person at the terminal when the server cannot start, with the fix. */
function startFailure(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (code === 'EADDRINUSE') {
    return `accord: cannot listen: ${String(message)}. Another server holds the port: stop it, or set PORT to a free one.`
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN') {
    return `accord: cannot start: ${String(message)}. Run as the user that owns ACCORD_DATA_DIR, or point ACCORD_DATA_DIR at a folder that user may write.`
  }
  return ''
}

runServerProcess().catch((error: unknown) => {
  const known = startFailure(error)
  if (known) console.error(known)
  else console.error('accord: failed to start', error)
  process.exit(1)
})
