import { describe, expect, it } from 'vitest';
import { withContentSecurityPolicy } from './response-headers';

describe('withContentSecurityPolicy', () => {
  it('adds the policy and keeps the other headers', () => {
    expect(withContentSecurityPolicy({ 'Content-Type': ['text/html'] }, "default-src 'self'")).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
  });

  it('replaces any policy the response brought, whatever its case', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ['default-src *'] }, "default-src 'self'");
    expect(headers).toEqual({ 'Content-Security-Policy': ["default-src 'self'"] });
  });

  it('works on a response without headers', () => {
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
