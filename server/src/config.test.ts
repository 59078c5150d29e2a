import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'
import { DEFAULT_RELAY_LIMITS } from './sync/RelayLimits.js'

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, '/srv/accord')
    expect(config.port).toBe(3000)
    expect(config.host).toBe('127.0.0.1')
    expect(config.dataDir).toBe('/srv/accord/data')
    expect(config.logLevel).toBe('info')
    expect(config.demo).toBe(true)
    expect(config.limits).toEqual(DEFAULT_RELAY_LIMITS)
  })

  it('reads every limit', () => {
    const config = loadConfig(
      {
        PORT: '0',
        ACCORD_DATA_DIR: '/var/lib/accord',
        ACCORD_MAX_FRAME_BYTES: '65536',
        ACCORD_KEEPALIVE_MS: '5000',
      },
      '/',
    )
    expect(config.port).toBe(0)
    expect(config.dataDir).toBe('/var/lib/accord')
    expect(config.limits.maxFrameBytes).toBe(65536)
    expect(config.limits.keepaliveMs).toBe(5000)
  })

  it('turns the demo seed off with ACCORD_DEMO=false', () => {
    expect(loadConfig({ ACCORD_DEMO: 'false' }).demo).toBe(false)
    expect(loadConfig({ ACCORD_DEMO: 'true' }).demo).toBe(true)
  })

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ ACCORD_DEMO: 'yes' }, 'ACCORD_DEMO'],
    [{ PORT: 'http' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ACCORD_MAX_FRAME_BYTES: '-1' }, 'ACCORD_MAX_FRAME_BYTES'],
    [{ ACCORD_KEEPALIVE_MS: '30000' }, 'ACCORD_KEEPALIVE_MS'],
    [{ ACCORD_MESSAGES_PER_SECOND: '100', ACCORD_MESSAGE_BURST: '10' }, 'ACCORD_MESSAGE_BURST'],
    [{ ACCORD_MAX_FRAME_BYTES: '1000000', ACCORD_BYTE_BURST: '1000' }, 'ACCORD_BYTE_BURST'],
  ])('rejects %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(name)
  })
})
