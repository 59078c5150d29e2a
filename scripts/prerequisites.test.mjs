import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findChromium } from './chromium.mjs'
import { installProblems, nodeVersionProblem } from './prerequisites.mjs'

describe('the Node.js version', () => {
  it.each([
    ['18.19.0', true],
    ['20.10.9', true],
    ['20.11.0', false],
    ['20.20.2', false],
    ['22.0.0', false],
    ['24.1.0', false],
  ])('%s too old: %s', (version, tooOld) => {
    const problem = nodeVersionProblem(version)
    expect(problem !== null).toBe(tooOld)
    if (problem) {
      expect(problem[0]).toContain(`Node.js ${version} is too old`)
      expect(problem[1]).toMatch(/^Fix: /)
    }
  })
})

describe('why an install failed', () => {
  const healthy = {
    registry: 'https://registry.npmjs.org/',
    registryError: null,
    missingTools: [],
    nodedir: '/usr',
    debian: true,
  }

  it('finds nothing to say on a machine that has everything', () => {
    expect(installProblems(healthy)).toEqual([])
  })

  it('names an unreachable registry and how to fix it', () => {
    const lines = installProblems({ ...healthy, registryError: 'ENOTFOUND' })
    expect(lines[0]).toBe(
      'the package registry https://registry.npmjs.org/ cannot be reached (ENOTFOUND).',
    )
    expect(lines[1]).toContain('Fix: connect to the network')
  })

  it('names the missing build tools, with the Debian command on Debian', () => {
    const lines = installProblems({ ...healthy, missingTools: ['make', 'c++'] })
    expect(lines[0]).toContain('no C++ toolchain (missing: make, c++)')
    expect(lines[1]).toBe('  Fix: apt-get install -y python3 make g++')
    const elsewhere = installProblems({ ...healthy, missingTools: ['c++'], debian: false })
    expect(elsewhere[1]).toContain('xcode-select --install')
  })

  it('names missing Node headers', () => {
    const lines = installProblems({ ...healthy, nodedir: null })
    expect(lines[0]).toContain("Node.js's headers are not installed")
    expect(lines[1]).toContain('npm_config_nodedir')
  })

  it('names every cause at once, each followed by its fix', () => {
    const lines = installProblems({
      ...healthy,
      registryError: 'ETIMEDOUT',
      missingTools: ['python3'],
      nodedir: null,
    })
    expect(lines).toHaveLength(6)
    expect(lines.filter((line) => line.startsWith('  Fix: '))).toHaveLength(3)
  })
})

describe('the browser the tests need', () => {
  let dir = null
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = null
  })

  it('takes CHROMIUM_PATH first, when it exists', () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-chromium-'))
    const binary = join(dir, 'chrome')
    writeFileSync(binary, '#!/bin/sh\n')
    chmodSync(binary, 0o755)
    expect(findChromium({ env: { CHROMIUM_PATH: binary }, install: false })).toEqual({
      path: binary,
    })
  })

  it('stops with the path when CHROMIUM_PATH names no file, rather than looking elsewhere', () => {
    const result = findChromium({ env: { CHROMIUM_PATH: '/nowhere/chrome' }, install: false })
    expect(result).toEqual({
      error: 'CHROMIUM_PATH is set to /nowhere/chrome, which does not exist.',
    })
  })

  it('falls back to Debian’s Chromium, which this machine has', () => {
    expect(findChromium({ env: {}, install: false })).toEqual({ path: '/usr/bin/chromium' })
  })
})
