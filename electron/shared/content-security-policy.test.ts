import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name = '', ...sources] = directive.split(' ');
      return [name, sources.join(' ')];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('is strict for the built app', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('never allows inline scripts, eval or remote hosts in the built app', () => {
    const policy = contentSecurityPolicy();
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/https?:|ws:|\*/);
  });

  it('lets the dev server add its inline preamble, styles and HMR socket, and nothing more', () => {
    const policy = directives(contentSecurityPolicy({ devServerUrl: 'http://localhost:5173' }));
    expect(policy.get('script-src')).toBe("'self' 'unsafe-inline'");
    expect(policy.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(policy.get('connect-src')).toBe("'self' ws://localhost:5173");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect([...policy.values()].join(' ')).not.toContain('unsafe-eval');
  });

  it('leaves frame-ancestors out of the <meta> form, where browsers ignore it', () => {
    const meta = contentSecurityPolicy({ forMeta: true });
    expect(meta).not.toContain('frame-ancestors');
    expect(meta).toBe(contentSecurityPolicy().replace("; frame-ancestors 'none'", ''));
  });
});
