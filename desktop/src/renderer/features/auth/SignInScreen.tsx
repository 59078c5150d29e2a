import { type FormEvent, useEffect, useState } from 'react'
import { Form, Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { TextField } from '../../components/TextField'
import { bridge } from '../../platform/bridge'
import { signIn } from '../../session/session'

/** Sign-in with email and password. `expired` says the previous session ended on its own. */
export function SignInScreen({ expired }: { readonly expired: boolean }) {
  const { t } = useTranslation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  // On the desktop the user says which server; on the web it is the page's own origin.
  const asksForServer = bridge.platform === 'electron'
  const [server, setServer] = useState('')
  useEffect(() => {
    if (asksForServer) void bridge.serverUrl().then((url) => setServer(url ?? ''))
  }, [asksForServer])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      if (asksForServer) await bridge.setServerUrl(new URL(server).origin)
      await signIn(email, password)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card narrow" aria-labelledby="sign-in-heading">
      <Heading level={1} id="sign-in-heading">
        {t('signIn.title')}
      </Heading>
      {expired ? <p className="notice-inline">{t('signIn.expired')}</p> : null}
      <Form onSubmit={submit} className="form">
        {asksForServer ? (
          <TextField
            label={t('signIn.server')}
            description={t('signIn.serverHint')}
            type="url"
            isRequired
            value={server}
            onChange={setServer}
          />
        ) : null}
        <TextField
          label={t('signIn.email')}
          type="email"
          name="email"
          autoComplete="username"
          isRequired
          value={email}
          onChange={setEmail}
          autoFocus
        />
        <TextField
          label={t('signIn.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          isRequired
          value={password}
          onChange={setPassword}
        />
        <ErrorMessage error={error} />
        <Button type="submit" variant="primary" isDisabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </Button>
      </Form>
    </section>
  )
}
