// The README's "Languages" pictures: the main pages in Spanish (Mexico) and French (Canada), with Chromium set
// to each language as a marketer's would be (the console follows the browser). English is the main set.
import type { Browser, BrowserContext, Page } from '@playwright/test';

type Words = {
  partitions: string;
  lead: (position: number) => string;
  email: string;
  addLead: string;
  save: string;
  results: string;
  leadHeading: (id: number) => string;
  importHeading: string;
  startImport: RegExp;
};

// As the translations say them (src/i18n/messages/).
const LANGUAGES: Record<'es-MX' | 'fr-CA', Words> = {
  'es-MX': {
    partitions: 'Particiones',
    lead: (position) => `Prospecto ${position}`,
    email: 'Correo electrónico',
    addLead: 'Agregar prospecto',
    save: 'Guardar',
    results: 'Resultados',
    leadHeading: (id) => `Prospecto ${id}`,
    importHeading: 'Importar prospectos',
    startImport: /^Iniciar importación \(/,
  },
  'fr-CA': {
    partitions: 'Partitions',
    lead: (position) => `Prospect ${position}`,
    email: 'Courriel',
    addLead: 'Ajouter un prospect',
    save: 'Enregistrer',
    results: 'Résultats',
    leadHeading: (id) => `Prospect ${id}`,
    importHeading: 'Importer des prospects',
    startImport: /^Lancer l’importation \(/,
  },
};

/** A lead the emulator starts with, so the lead page shows Marketo's own fields. */
const SEEDED_LEAD = 318801;

type Save = (page: Page, name: string, fullPage?: boolean) => Promise<void>;

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

async function shootLanguage(
  context: BrowserContext,
  origin: string,
  locale: string,
  words: Words,
  save: Save,
) {
  const page = await context.newPage();
  await page.goto(`${origin}/partitions`);
  await heading(page, words.partitions);
  await save(page, `partitions.${locale}`);

  await page.goto(`${origin}/leads/new?partition=Mexico`);
  const group = (position: number) => page.getByRole('group', { name: words.lead(position), exact: true });
  await group(1).getByLabel(words.email, { exact: true }).fill(`lucia.${locale.toLowerCase()}@example.mx`);
  await page.getByRole('button', { name: words.addLead }).click();
  await group(2).getByLabel(words.email, { exact: true }).fill(`andres.${locale.toLowerCase()}@example.mx`);
  await page.getByRole('button', { name: words.save, exact: true }).click();
  await page.getByRole('heading', { name: words.results }).waitFor();
  await save(page, `lead-form.${locale}`, true);

  await page.goto(`${origin}/leads/${SEEDED_LEAD}`);
  await heading(page, words.leadHeading(SEEDED_LEAD));
  await save(page, `lead-lookup.${locale}`);

  await page.goto(`${origin}/imports?partition=Mexico`);
  await heading(page, words.importHeading);
  await page.locator('input[type="file"]').setInputFiles('public/samples/trade-show-mexico.csv');
  await page.getByRole('button', { name: words.startImport }).waitFor();
  await save(page, `import.${locale}`);
  await page.close();
}

/** Every page in each language, signed in as the English page was (`storageState`). */
export async function shootLanguages(
  browser: Browser,
  origin: string,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
  save: Save,
): Promise<void> {
  for (const [locale, words] of Object.entries(LANGUAGES)) {
    const context = await browser.newContext({
      locale,
      storageState,
      viewport: { width: 1280, height: 720 },
      colorScheme: 'light',
    });
    try {
      await shootLanguage(context, origin, locale, words, save);
    } finally {
      await context.close();
    }
  }
}
