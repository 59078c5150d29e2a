#!/usr/bin/env node
// `pnpm accord …` runs this file as the `accord` bin of @accord/server (see docs/architecture.md).
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })
await import('./accord.ts')
