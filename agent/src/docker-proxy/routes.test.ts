import { describe, expect, it } from 'vitest';
import { Refusal } from './refusal';
import { forwardedQuery, parseTarget } from './routes';

function refusal(method: string, url: string): Refusal {
  try {
    parseTarget(method, url);
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error(`${method} ${url} was not refused`);
}

describe('parseTarget', () => {
  it.each([
    ['GET', '/_ping', 'ping', undefined],
    ['HEAD', '/_ping', 'ping', undefined],
    ['GET', '/version', 'version', undefined],
    ['GET', '/events?filters=%7B%7D', 'events', undefined],
    ['GET', '/containers/json?all=true', 'containers.list', undefined],
    ['POST', '/containers/create?name=zedops-a', 'containers.create', undefined],
    ['GET', '/containers/zedops-a/json', 'container.inspect', 'zedops-a'],
    ['POST', '/containers/abc123/start', 'container.start', 'abc123'],
    ['POST', '/containers/abc123/stop?t=10', 'container.stop', 'abc123'],
    ['POST', '/containers/abc123/restart', 'container.restart', 'abc123'],
    ['POST', '/containers/abc123/kill', 'container.kill', 'abc123'],
    ['POST', '/containers/abc123/update', 'container.update', 'abc123'],
    ['DELETE', '/containers/abc123?force=true', 'container.remove', 'abc123'],
    ['GET', '/containers/abc123/logs?stdout=1', 'container.logs', 'abc123'],
    ['POST', '/containers/abc123/wait', 'container.wait', 'abc123'],
    ['POST', '/images/create?fromImage=busybox', 'images.pull', undefined],
    ['GET', '/images/127.0.0.1:5000/zedops/pz-sim:latest/json', 'image.inspect', '127.0.0.1:5000/zedops/pz-sim:latest'],
    ['GET', '/images/sha256:0123abcd/json', 'image.inspect', 'sha256:0123abcd'],
    ['GET', '/networks', 'networks.list', undefined],
    ['GET', '/networks/zomboid-servers', 'network.inspect', 'zomboid-servers'],
    ['POST', '/networks/create', 'networks.create', undefined],
    ['POST', '/networks/zomboid-backend/connect', 'network.connect', 'zomboid-backend'],
  ])('%s %s is %s', (method, url, name, param) => {
    const target = parseTarget(method, url);
    expect(target.route.name).toBe(name);
    expect(target.param).toBe(param);
    expect(target.versionPrefix).toBe('');
  });

  it('accepts a version prefix of 1.24 or newer and keeps it', () => {
    expect(parseTarget('GET', '/v1.41/containers/json').versionPrefix).toBe('/v1.41');
    expect(parseTarget('GET', '/v1.24/_ping').route.name).toBe('ping');
    expect(parseTarget('GET', '/v2.0/_ping').versionPrefix).toBe('/v2.0');
  });

  it.each(['/v1.23/_ping', '/v1.12/containers/x/start', '/v1/_ping', '/v1.2.3/_ping'])(
    'refuses the old or odd version prefix of %s',
    (url) => {
      expect(refusal('GET', url).rule).toBe('api-version');
    },
  );

  it.each([
    ['POST', '/containers/abc/attach?stream=1'],
    ['POST', '/containers/abc/exec'],
    ['POST', '/exec/abc/start'],
    ['GET', '/containers/abc/attach/ws'],
    ['POST', '/session'],
  ])('refuses the hijacking call %s %s by the route rule', (method, url) => {
    const r = refusal(method, url);
    expect(r.rule).toBe('route');
    expect(r.status).toBe(403);
    expect(r.message).toMatch(/^zedops-agent refused: route: .*hijacked/);
  });

  it.each([
    ['GET', '/info'],
    ['GET', '/images/json'],
    ['GET', '/volumes'],
    ['POST', '/volumes/create'],
    ['POST', '/containers/abc/rename?name=x'],
    ['POST', '/containers/abc/pause'],
    ['GET', '/containers/abc/top'],
    ['GET', '/containers/abc/stats'],
    ['PUT', '/containers/abc/archive?path=/'],
    ['GET', '/containers/abc/export'],
    ['POST', '/commit'],
    ['POST', '/build'],
    ['DELETE', '/images/busybox'],
    ['POST', '/images/busybox/push'],
    ['DELETE', '/networks/zomboid-servers'],
    ['POST', '/networks/zomboid-servers/disconnect'],
    ['POST', '/networks/prune'],
    ['POST', '/containers/prune'],
    ['GET', '/swarm'],
    ['GET', '/plugins'],
    ['POST', '/_ping'],
    ['GET', '/containers/abc/start'],
    ['POST', '/containers/abc/json'],
    ['GET', '/zedops/v1/ports'],
  ])('refuses %s %s as outside the subset', (method, url) => {
    const r = refusal(method, url);
    expect(r.rule).toBe('route');
    expect(r.status).toBe(403);
  });

  it.each([
    '/containers/%2e%2e/json',
    '/containers/a%2Fb/json',
    '/containers/../images/create',
    '/containers//json',
    '/containers/json/',
    '/./_ping',
    '/containers/a b/json',
    '*',
    'http://docker/_ping',
    '',
  ])('refuses the unclear path %j with 400', (url) => {
    const r = refusal('GET', url);
    expect(r.rule).toBe('bad-request');
    expect(r.status).toBe(400);
  });
});

describe('forwardedQuery', () => {
  it("keeps only the route's parameters, first value of each, and drops the rest", () => {
    const target = parseTarget('DELETE', '/containers/abc?force=true&v=false&link=true&force=false');
    expect(forwardedQuery(target.route, target.query)).toBe('?v=false&force=true');
  });

  it('drops what dockerode copies of a create config into the query', () => {
    const target = parseTarget('POST', '/containers/create?name=zedops-a&Image=x&Env=ADMIN_PASSWORD%3Dsecret');
    expect(forwardedQuery(target.route, target.query)).toBe('?name=zedops-a');
  });

  it('re-encodes values so Docker reads what the policy read', () => {
    const target = parseTarget('POST', '/images/create?fromImage=busybox;fromSrc=-&tag=1');
    expect(forwardedQuery(target.route, target.query)).toBe('?fromImage=busybox%3BfromSrc%3D-&tag=1');
  });

  it('applies overrides', () => {
    const target = parseTarget('GET', '/events?filters=x&since=1');
    expect(forwardedQuery(target.route, target.query, { filters: '{}' })).toBe('?since=1&filters=%7B%7D');
  });
});
