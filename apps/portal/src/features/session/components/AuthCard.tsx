import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { Logo } from '../../../components/Logo';
import { useI18n } from '../../../i18n/I18nProvider';
import './SignInPage.css';

/** The centred card of the pages before sign-in (sign in, sign up), with the language switch. */
export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="sign-in">
      <div className="sign-in__language">
        <LanguageSwitch />
      </div>
      <main className="sign-in__card">
        <div className="sign-in__brand">
          <Logo size={44} />
          <span className="sign-in__product">{t('app.product_name')}</span>
        </div>
        <h1 className="sign-in__title">{title}</h1>
        {subtitle && <p className="sign-in__subtitle">{subtitle}</p>}
        {children}
      </main>
    </div>
  );
}
