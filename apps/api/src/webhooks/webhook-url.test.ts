import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error.ts';
import { checkWebhookUrl } from './webhook-url.ts';

const dev = { allowLoopbackHttp: true };
const production = { allowLoopbackHttp: false };

function refusal(url: string, policy = dev): string {
  try {
    checkWebhookUrl(url, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('url');
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

describe('webhook endpoint URLs', () => {
  it('accept https anywhere, and plain http to loopback outside production', () => {
    expect(checkWebhookUrl('https://hooks.example.com/in?x=1', production)).toBe(
      'https://hooks.example.com/in?x=1',
    );
    for (const url of ['http://localhost:3000/h', 'http://127.0.0.1:9/h', 'http://[::1]:8080/']) {
      expect(checkWebhookUrl(url, dev)).toBe(url);
      expect(refusal(url, production)).toBe('url must use https');
    }
  });

  it('refuse what is not an https URL, carries secrets, or aims at private addresses in production', () => {
    expect(refusal('http://hooks.example.com/')).toMatch(/must use https/);
    expect(refusal('ftp://hooks.example.com/')).toMatch(/must use https/);
    expect(refusal('hooks.example.com/in')).toMatch(/absolute URL/);
    expect(refusal('')).toMatch(/1 to 2000/);
    expect(refusal(`https://example.com/${'a'.repeat(2000)}`)).toMatch(/1 to 2000/);
    expect(refusal('https://user:pw@example.com/')).toMatch(/user name or password/);
    expect(refusal('https://example.com/#frag')).toMatch(/fragment/);
    for (const host of [
      '127.0.0.1',
      'localhost',
      '10.0.0.8',
      '192.168.1.1',
      '169.254.169.254',
      '[::1]',
      '[fd00::1]',
    ]) {
      expect(refusal(`https://${host}/h`, production)).toMatch(/loopback or private/);
    }
  });
});
