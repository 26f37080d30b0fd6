import { describe, expect, it } from 'vitest';
import { THEMES, themeLabel, themesOf } from '../lib/themes.ts';

describe('themes', () => {
  it('has unique ids and labels in zh-CN, zh-TW and en', () => {
    expect(new Set(THEMES.map((t) => t.id)).size).toBe(THEMES.length);
    for (const t of THEMES) {
      expect(t.labels['zh-CN']).not.toBe('');
      expect(t.labels['zh-TW']).not.toBe('');
      expect(t.labels.en).toMatch(/^[A-Z]/u);
      expect(t.keywords.length).toBeGreaterThan(0);
    }
    expect(themeLabel('credit-aeo', 'zh-TW')).toBe('信用管理與AEO');
  });

  it('matches keywords in either script and width', () => {
    expect(themesOf('推廣國際貿易“單一窗口”標準版')).toContain('single-window');
    expect(themesOf('ＡＥＯ企业')).toContain('credit-aeo');
    expect(themesOf('保税港区')).not.toContain('tax');
  });
});
