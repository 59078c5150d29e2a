import type { Page } from 'playwright-core'
import type { DemoAccount } from './demoServer.js'

/** Page model of the web client, in terms of what a person does. */
export class AccordPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Opens /app and signs in with the form. */
  async signIn(
    account: DemoAccount,
    labels = { email: 'Email', password: 'Password', submit: 'Sign in' },
  ) {
    await this.page.goto(`${this.baseUrl}/app/`)
    await this.page.getByLabel(labels.email).fill(account.email)
    await this.page.getByLabel(labels.password).fill(account.password)
    await this.page.getByRole('button', { name: labels.submit, exact: true }).click()
    await this.page.locator('.conference').first().waitFor()
  }

  /** Opens the declaration from the home screen and waits for its text. */
  async openDeclaration() {
    await this.page.locator('.declaration-link').first().click()
    await this.editor.locator('[data-pid]').first().waitFor()
    await this.page.locator('.connection[data-state="online"]').waitFor({ timeout: 20_000 })
  }

  get editor() {
    return this.page.locator('.declaration-text')
  }

  paragraph(pid: string) {
    return this.editor.locator(`[data-pid="${pid}"]`)
  }

  gutterItem(pid: string) {
    return this.page.locator(`.gutter-item[data-pid="${pid}"]`)
  }

  /** Selects a paragraph through its gutter entry (the panel follows). */
  async select(pid: string) {
    await this.gutterItem(pid).locator('button').click()
    await this.page.locator(`.side-panel[data-pid="${pid}"]`).waitFor()
  }

  /** Puts the cursor at the end of a paragraph and types. */
  async typeAtEnd(pid: string, text: string) {
    await this.paragraph(pid).click()
    await this.page.keyboard.press('End')
    await this.page.keyboard.type(text)
  }

  get panel() {
    return this.page.locator('.side-panel')
  }

  async openTab(name: RegExp) {
    await this.panel.getByRole('tab', { name }).click()
  }

  /** The text of the whole editor, without other people's carets (their labels are inline). */
  text() {
    return this.editor.evaluate(textWithoutCarets)
  }

  /** The text of one paragraph, without carets. */
  paragraphText(pid: string) {
    return this.paragraph(pid).evaluate(textWithoutCarets)
  }
}

function textWithoutCarets(element: Element): string {
  const copy = element.cloneNode(true) as Element
  for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
  return copy.textContent ?? ''
}
