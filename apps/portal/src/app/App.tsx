import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale, Messages } from '../i18n/locales';
import { createAppQueryClient } from './query-client';
import { routes } from './router';

interface AppProps {
  locale: Locale;
  messages: Messages;
  queryClient?: QueryClient;
}

export function App({ locale, messages, queryClient }: AppProps) {
  // Created once per mount, not per render, so the cache survives re-renders.
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <QueryClientProvider client={client}>
      <I18nProvider locale={locale} messages={messages}>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>
  );
}
