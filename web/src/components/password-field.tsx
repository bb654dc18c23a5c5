import { Button } from '@utrecht/component-library-react'
import { type ReactNode, useState } from 'react'
import { useT } from './use-t.ts'

/**
 * "Toon wachtwoord" for one password field, or a new password and its repetition together:
 * renders `children` with the input type to use, then a toggle button (aria-pressed). Its name
 * stays the same while its state changes, as a toggle's should; the pressed state says whether
 * the password shows. Tiny on purpose: the login page, the first route, uses it too.
 */
export function PasswordVisibility({ children }: { children: (type: 'password' | 'text') => ReactNode }) {
  const t = useT()
  const [shown, setShown] = useState(false)
  return (
    <>
      {children(shown ? 'text' : 'password')}
      <div>
        <Button type="button" appearance="subtle-button" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
          {t('password.show')}
        </Button>
      </div>
    </>
  )
}
