import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { DEFAULT_LOCALE, detectLocale, englishMessages, loadMessages } from './i18n/locales';
import './styles/global.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

// Load the user's language before the first paint so the page does not flash English first.
// If that chunk fails to load (flaky network, stale deploy), English is better than a blank page.
const detected = detectLocale();
const { locale, messages } = await loadMessages(detected).then(
  (loaded) => ({ locale: detected, messages: loaded }),
  () => ({ locale: DEFAULT_LOCALE, messages: englishMessages }),
);

createRoot(root).render(
  <StrictMode>
    <App locale={locale} messages={messages} />
  </StrictMode>,
);
