import { describe, expect, it } from 'vitest';
import { onboardUsernameProblem } from './onboard';
import { HOME_PATH, localPath, oidcLoginPath } from './redirect';

describe('OIDC redirects', () => {
  it('keeps local paths and replaces anything that could leave the site with the landing page', () => {
    expect(localPath('/harbor/projects/7/repositories?page=2')).toBe(
      '/harbor/projects/7/repositories?page=2',
    );
    expect(localPath('/')).toBe('/');
    for (const target of [
      null,
      '',
      'harbor/projects',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
    ])
      expect(localPath(target), String(target)).toBe(HOME_PATH);
  });

  it('sends the browser to core’s OIDC login with an encoded local redirect_url', () => {
    expect(oidcLoginPath('/harbor/projects/7?tab=a&b=c')).toBe(
      `/c/oidc/login?redirect_url=${encodeURIComponent('/harbor/projects/7?tab=a&b=c')}`,
    );
    expect(oidcLoginPath('//evil.example')).toBe(
      `/c/oidc/login?redirect_url=${encodeURIComponent(HOME_PATH)}`,
    );
  });

  it('checks a chosen username with Harbor’s rules', () => {
    expect(onboardUsernameProblem('dana')).toBeNull();
    expect(onboardUsernameProblem('  ')).toBe('onboard.username_required');
    expect(onboardUsernameProblem('da,na')).toBe('onboard.username_invalid');
    expect(onboardUsernameProblem('x'.repeat(256))).toBe('onboard.username_invalid');
  });
});
