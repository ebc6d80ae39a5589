import enUS from './en-US.json';

/** en-US is the source of truth: every other language must have exactly its keys. */
export type MessageKey = keyof typeof enUS;
export type Messages = Record<MessageKey, string>;

export const LOCALES = ['en-US', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Names shown in the switch are written in their own language, so anyone can find theirs. */
export const LOCALE_NAMES: Record<Locale, string> = { 'en-US': 'English', 'zh-CN': '中文简体' };

export const DEFAULT_LOCALE: Locale = 'en-US';
export const LOCALE_STORAGE_KEY = 'harbor-lang';

export const englishMessages: Messages = enUS;

// Only English ships in the initial bundle; other languages load on demand.
// The `satisfies` makes tsc reject a translation file that lacks a key.
const loaders: Record<Locale, () => Promise<Messages>> = {
  'en-US': () => Promise.resolve(enUS),
  'zh-CN': () => import('./zh-CN.json').then((m) => m.default satisfies Messages),
};

export function loadMessages(locale: Locale): Promise<Messages> {
  return loaders[locale]();
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Map a browser language tag (zh, zh-Hans-CN, en-GB, ...) to a supported locale. */
export function matchLocale(tag: string | undefined): Locale {
  const lower = (tag ?? '').toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  return DEFAULT_LOCALE;
}

function readStored(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null; // Storage can be disabled (privacy mode); fall back to the browser language.
  }
}

/** The user's explicit choice wins over the browser language. */
export function detectLocale(): Locale {
  const stored = readStored();
  if (isLocale(stored)) return stored;
  return matchLocale(typeof navigator === 'undefined' ? undefined : navigator.language);
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not fatal: the choice just won't survive a reload.
  }
}

export function formatMessage(
  messages: Messages,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const template = messages[key] ?? englishMessages[key] ?? key;
  if (!params) return template;
  return template.replace(/\{\{(\w+)\}\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}
