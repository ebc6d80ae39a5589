import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createAppQueryClient } from './app/query-client';
import { preloadRoute } from './app/router';
import { SIGN_IN_PATH } from './features/session/redirect';
import { systemInfoQuery } from './features/systeminfo/queries';
import { currentUserQuery } from './features/users/queries';
import { DEFAULT_LOCALE, detectLocale, englishMessages, loadMessages } from './i18n/locales';
import './styles/global.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

// Load the user's language before the first paint so the page does not flash English first.
// If that chunk fails to load (flaky network, stale deploy), English is better than a blank page.
// The signed-in area starts with the session check: ask right away, while the code for the page loads,
// rather than after it (one round trip less before the first page is usable).
const queryClient = createAppQueryClient();
const path = window.location.pathname;
if (path === '/' || path.startsWith('/harbor')) void queryClient.prefetchQuery(currentUserQuery());
// The sign-in page's layout depends on the auth mode (OIDC puts the provider first): ask for it at once.
if (path === SIGN_IN_PATH) void queryClient.prefetchQuery(systemInfoQuery());

// The chunks of the page being opened load at the same time (a reload or deep link then renders at once).
const detected = detectLocale();
const [{ locale, messages }] = await Promise.all([
  loadMessages(detected).then(
    (loaded) => ({ locale: detected, messages: loaded }),
    () => ({ locale: DEFAULT_LOCALE, messages: englishMessages }),
  ),
  preloadRoute(window.location.pathname),
]);

createRoot(root).render(
  <StrictMode>
    <App locale={locale} messages={messages} queryClient={queryClient} />
  </StrictMode>,
);
