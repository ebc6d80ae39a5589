import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-error';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';
import { errorMessage } from './error-messages';
import { detectLocale, formatMessage, englishMessages, LOCALE_STORAGE_KEY, matchLocale } from './locales';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translation files', () => {
  const english = enUS as Record<string, string>;
  const chinese = zhCN as Record<string, string>;

  it('zh-CN has exactly the keys of en-US', () => {
    const missing = Object.keys(english).filter((key) => !(key in chinese));
    const extra = Object.keys(chinese).filter((key) => !(key in english));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('every zh-CN text is non-empty and keeps the same {{placeholders}}', () => {
    for (const [key, text] of Object.entries(english)) {
      const translated = chinese[key] ?? '';
      expect(translated.trim(), key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
  });
});

describe('locale selection', () => {
  it('maps browser languages to supported locales', () => {
    expect(matchLocale('zh')).toBe('zh-CN');
    expect(matchLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(matchLocale('en-GB')).toBe('en-US');
    expect(matchLocale('de-DE')).toBe('en-US');
    expect(matchLocale(undefined)).toBe('en-US');
  });

  it('prefers the stored choice over the browser language', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN');
    expect(detectLocale()).toBe('zh-CN');
    localStorage.setItem(LOCALE_STORAGE_KEY, 'klingon');
    expect(detectLocale()).toBe(matchLocale(navigator.language));
  });

  it('fills placeholders', () => {
    expect(formatMessage(englishMessages, 'sign_in.failed', { reason: 'boom' })).toBe('Sign-in failed: boom');
  });
});

describe('errorMessage', () => {
  const t = (key: keyof typeof enUS, params?: Record<string, string | number>) =>
    formatMessage(zhCN, key, params);

  it('translates known Harbor codes', () => {
    expect(errorMessage(new ApiError(404, 'NOT_FOUND', 'not found'), t)).toBe(zhCN['error.NOT_FOUND']);
  });

  it('keeps a useful server detail next to the translation', () => {
    const error = new ApiError(409, 'CONFLICT', 'project library already exists');
    expect(errorMessage(error, t)).toBe(`${zhCN['error.CONFLICT']} (project library already exists)`);
  });

  it('falls back to the server message for unknown codes', () => {
    expect(errorMessage(new ApiError(422, 'TEAPOT', 'short and stout'), t)).toBe('short and stout');
    expect(errorMessage(new Error('x'), t)).toBe(zhCN['error.UNKNOWN']);
  });
});
