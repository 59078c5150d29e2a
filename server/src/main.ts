import { runServerProcess } from './run.js'

runServerProcess().catch((error: unknown) => {
  console.error('accord: failed to start', error)
  process.exit(1)
})
