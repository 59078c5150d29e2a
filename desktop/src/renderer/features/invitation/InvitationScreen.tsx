import { type FormEvent, useEffect, useState } from 'react'
import { Form, Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import type { Invitation } from '../../api/types'
import { navigate } from '../../app/route'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { TextField } from '../../components/TextField'
import { acceptInvitation } from '../../session/session'

/** An invitation link (`#/invitation/<token>`): what it grants, and an account to accept it with. */
export function InvitationScreen({ token }: { readonly token: string }) {
  const { t } = useTranslation()
  const [invitation, setInvitation] = useState<Invitation | null>(null)
  const [lookupError, setLookupError] = useState<unknown>(null)
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    // POST with the token in the body: a token in a path would end up in logs.
    api<Invitation>('POST', '/invitations/lookup', { token }).then(
      (found) => live && setInvitation(found),
      (caught: unknown) => live && setLookupError(caught),
    )
    return () => {
      live = false
    }
  }, [token])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await acceptInvitation({ token, name, email, password })
      navigate({ screen: 'home' })
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card narrow" aria-labelledby="invitation-heading">
      <Heading level={1} id="invitation-heading">
        {t('invitation.title')}
      </Heading>
      {lookupError ? <ErrorMessage error={lookupError} /> : null}
      {!invitation && !lookupError ? <p>{t('common.loading')}</p> : null}
      {invitation ? (
        <>
          <p>
            {t('invitation.grants', {
              conference: invitation.conferenceName,
              role: t(`roles.${invitation.role}`),
            })}
            {invitation.delegation
              ? ` ${t('invitation.delegation', { delegation: invitation.delegation })}`
              : ''}
          </p>
          <Form onSubmit={submit} className="form">
            <TextField
              label={t('invitation.name')}
              isRequired
              value={name}
              onChange={setName}
              autoComplete="name"
            />
            <TextField
              label={t('signIn.email')}
              type="email"
              isRequired
              value={email}
              onChange={setEmail}
              autoComplete="username"
            />
            <TextField
              label={t('invitation.password')}
              description={t('invitation.passwordRule')}
              type="password"
              isRequired
              minLength={12}
              value={password}
              onChange={setPassword}
              autoComplete="new-password"
            />
            <ErrorMessage error={error} />
            <Button type="submit" variant="primary" isDisabled={busy}>
              {t('invitation.accept')}
            </Button>
          </Form>
        </>
      ) : null}
    </section>
  )
}
