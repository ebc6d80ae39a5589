import { describe, expect, it } from 'vitest';
import {
  assertOutboundUrl,
  isForbiddenAddress,
  normaliseHttpUrl,
  outboundUrlProblem,
} from './outbound-url.js';

const rules = { what: 'webhook address' };

describe('outboundUrlProblem', () => {
  it.each([
    ['http://ci.example.com/hook', undefined],
    ['https://10.0.0.5:8443/x', undefined],
    ['http://127.0.0.1:9000', undefined],
    ['ftp://example.com', 'invalid webhook address: only http and https are supported'],
    ['http://user:pw@example.com', 'invalid webhook address: credentials must not be part of the URL'],
    [
      'http://169.254.169.254/latest/meta-data',
      'invalid webhook address: 169.254.169.254 is not an allowed address',
    ],
    ['http://[fe80::1]/', 'invalid webhook address: fe80::1 is not an allowed address'],
    ['http://0.0.0.0:80/', 'invalid webhook address: 0.0.0.0 is not an allowed address'],
    ['not a url', 'invalid webhook address: not a url'],
  ])('%s', (url, problem) => {
    expect(outboundUrlProblem(url, rules)).toBe(problem);
  });
});

describe('isForbiddenAddress', () => {
  it('sees IPv4 addresses mapped into IPv6', () => {
    expect(isForbiddenAddress('::ffff:169.254.169.254')).toBe(true);
    expect(isForbiddenAddress('::ffff:10.1.2.3')).toBe(false);
    expect(isForbiddenAddress('fd00:ec2::254')).toBe(true);
  });
});

describe('assertOutboundUrl', () => {
  it('resolves the host and accepts localhost', async () => {
    await expect(assertOutboundUrl('http://localhost:1/x', rules)).resolves.toBeInstanceOf(URL);
  });
  it('refuses a host that does not resolve', async () => {
    await expect(assertOutboundUrl('http://no-such-host.invalid/', rules)).rejects.toThrow(
      'cannot be resolved',
    );
  });
});

describe('normaliseHttpUrl (Harbor ValidateHTTPURL)', () => {
  it.each([
    [' http://scanner:8080/ ', 'http://scanner:8080'],
    ['scanner:8080', 'http://scanner:8080'],
    ['https://u:p@scanner.example.com/base//?q=1#f', 'https://scanner.example.com/base'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseHttpUrl(raw, rules)).toBe(expected);
  });

  it.each([
    ['', 'invalid webhook address: empty string'],
    ['ftp://scanner', 'invalid webhook address: invalid HTTP scheme ftp'],
    ['http://169.254.169.254', 'invalid webhook address: 169.254.169.254 is not an allowed address'],
  ])('refuses %j', (raw, message) => {
    expect(() => normaliseHttpUrl(raw, rules)).toThrow(message);
  });
});
