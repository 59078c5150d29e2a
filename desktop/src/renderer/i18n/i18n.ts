import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './locales/en'
import { ja } from './locales/ja'

/** The languages of the UI. */
export const LANGUAGES = ['en', 'ja'] as const
export type Language = (typeof LANGUAGES)[number]

const STORED = 'accord.language'

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED)
  if (stored === 'en' || stored === 'ja') return stored
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}

/** Starts i18next with both languages loaded, so switching is instant. */
export async function startI18n(): Promise<void> {
  const lng = initialLanguage()
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: false,
    resources: { en: { translation: en }, ja: { translation: ja } },
    interpolation: { escapeValue: false },
    returnNull: false,
    // A missing key shows itself, visibly, instead of quietly falling back to English.
    parseMissingKeyHandler: (key) => `⟦${key}⟧`,
  })
  document.documentElement.lang = lng
}

/** Switches the language now and keeps the choice for next time. */
export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORED, language)
  await i18next.changeLanguage(language)
  document.documentElement.lang = language
}

/** Formats a time in the user's language and time zone. */
export function formatDateTime(ms: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms)
}

/** Formats a calendar date (YYYY-MM-DD) in the user's language. */
export function formatDay(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.UTC(y!, (m ?? 1) - 1, d ?? 1),
  )
}
