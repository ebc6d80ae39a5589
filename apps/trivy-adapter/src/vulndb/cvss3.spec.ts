import { describe, expect, it } from 'vitest';
import { cvss3BaseScore, ratingOf } from './cvss3.js';

describe('CVSS v3 base score', () => {
  // Scores as NVD publishes them for these vectors.
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N', 0],
  ])('%s is %d', (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });
  it('refuses what is not a v3 vector, and rates scores', () => {
    expect(cvss3BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBeUndefined();
    expect(ratingOf(9.8)).toBe('Critical');
    expect(ratingOf(5.9)).toBe('Medium');
  });
});
