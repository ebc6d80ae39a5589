/** Harbor's `GET /retentions/metadatas` answer (handler/retention.go), word for word. */
const param = (unit: string) => [{ type: 'int', unit, required: true }];

export const RETENTION_METADATA = {
  templates: [
    {
      rule_template: 'latestPushedK',
      display_text: 'the most recently pushed # artifacts',
      action: 'retain',
      params: param('COUNT'),
    },
    {
      rule_template: 'latestPulledN',
      display_text: 'the most recently pulled # artifacts',
      action: 'retain',
      params: param('COUNT'),
    },
    {
      rule_template: 'nDaysSinceLastPush',
      display_text: 'pushed within the last # days',
      action: 'retain',
      params: param('DAYS'),
    },
    {
      rule_template: 'nDaysSinceLastPull',
      display_text: 'pulled within the last # days',
      action: 'retain',
      params: param('DAYS'),
    },
    { rule_template: 'always', display_text: 'always', action: 'retain', params: [] },
  ],
  scope_selectors: [
    { display_text: 'Repositories', kind: 'doublestar', decorations: ['repoMatches', 'repoExcludes'] },
  ],
  tag_selectors: [{ display_text: 'Tags', kind: 'doublestar', decorations: ['matches', 'excludes'] }],
};
