import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  DEFAULT_LOCALE,
  englishMessages,
  formatMessage,
  loadMessages,
  storeLocale,
  type Locale,
  type MessageKey,
  type Messages,
} from './locales';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18nContextValue {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => Promise<void>;
}

const I18nContext = createContext<I18nContextValue | null>(null);

interface I18nProviderProps {
  /** main.tsx loads the detected language before the first render, so the UI never flashes English. */
  locale?: Locale;
  messages?: Messages;
  children: ReactNode;
}

export function I18nProvider({
  locale = DEFAULT_LOCALE,
  messages = englishMessages,
  children,
}: I18nProviderProps) {
  const [state, setState] = useState({ locale, messages });

  useEffect(() => {
    document.documentElement.lang = state.locale;
  }, [state.locale]);

  const setLocale = useCallback(async (next: Locale) => {
    const nextMessages = await loadMessages(next);
    storeLocale(next);
    setState({ locale: next, messages: nextMessages });
  }, []);

  const value = useMemo<I18nContextValue>(
    () => ({
      locale: state.locale,
      setLocale,
      t: (key, params) => formatMessage(state.messages, key, params),
    }),
    [state, setLocale],
  );

  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18nContextValue {
  const value = use(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
