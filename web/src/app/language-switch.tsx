import { Button } from '@utrecht/component-library-react'
import { LOCALES, type Locale } from '@vp/shared/constants'
import { useT } from '../components/use-t.ts'
import { useLocale } from '../i18n/locale.tsx'

/** Each language is named in its own language (and marked with its lang) so everyone can find theirs. */
export function LanguageSwitch() {
  const t = useT()
  const { locale, setLocale } = useLocale()
  return (
    <fieldset className="vp-language-switch">
      <legend className="vp-visually-hidden">{t('language.label')}</legend>
      {LOCALES.map((option: Locale) => (
        <Button
          key={option}
          appearance="subtle-button"
          lang={option}
          pressed={option === locale}
          onClick={() => void setLocale(option)}
        >
          {t(`language.${option}`)}
        </Button>
      ))}
    </fieldset>
  )
}
