import { describe, expect, it } from 'vitest';
import { buildHistory } from './build-history.js';
import { chartDependencies } from './chart-dependencies.js';

describe('chartDependencies', () => {
  it("gives a v2 chart's Chart.yaml dependencies in Helm's JSON, null when it has none", () => {
    const chart = `apiVersion: v2\nname: a\nversion: 1.0.0\ndependencies:\n  - name: db\n    repository: oci://r/charts\n    tags: [x]\n    enabled: false\n`;
    expect(JSON.parse(chartDependencies(chart, undefined))).toEqual([
      { name: 'db', repository: 'oci://r/charts', tags: ['x'] },
    ]);
    expect(chartDependencies('apiVersion: v2\nname: a\nversion: 1.0.0\n', undefined)).toBe('null');
  });

  it("reads a v1 chart's requirements.yaml, [] without one", () => {
    const requirements =
      'dependencies:\n  - name: cache\n    version: 1.x\n    repository: https://c\n    alias: c\n';
    expect(JSON.parse(chartDependencies('apiVersion: v1\nname: a\n', requirements))).toEqual([
      { name: 'cache', version: '1.x', repository: 'https://c', alias: 'c' },
    ]);
    expect(chartDependencies('apiVersion: v1\nname: a\n', undefined)).toBe('[]');
    expect(() => chartDependencies('apiVersion: v1\nname: a\n', 'other: 1\n')).toThrow(
      /no dependencies found/,
    );
    expect(() => chartDependencies(undefined, undefined)).toThrow(/no Chart.yaml/);
  });
});

describe('buildHistory', () => {
  it("keeps Harbor's fields in its order and drops empty ones", () => {
    const config = {
      history: [{ empty_layer: true, created_by: 'CMD', comment: '', author: 'me', extra: 1 }],
    };
    expect(buildHistory(config)).toBe('[{"created_by":"CMD","author":"me","empty_layer":true}]');
    expect(buildHistory({})).toBe('null');
  });
});
