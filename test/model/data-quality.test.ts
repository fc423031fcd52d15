import { describe, expect, it } from 'vitest';
import { emailDefectOf } from '../../src/model/index.js';

describe('emailDefectOf: the one check INVALID_EMAIL makes', () => {
  it.each([
    ['ada.lovelaceexample.com', 'no @'],
    ['ada.lovelace@@example.com', 'a doubled @'],
    ['ada.lovelace@example.com.', 'a trailing dot'],
    ['ada lovelace@example.com', 'a space'],
    ['ada.lovelace@example,com', 'a comma for a dot'],
    ['ada@example..com', 'an empty label'],
    ['ada@localhost', 'no dot in the domain'],
  ])('calls %s a syntax fault (%s)', (email) => {
    expect(emailDefectOf(email)).toBe('SYNTAX');
  });

  it.each(['ada@mailinator.com', 'ada@guerrillamail.com', 'ada@10minutemail.com', 'ada@yopmail.com', 'ada@TrashMail.com'])(
    'calls %s disposable',
    (email) => {
      expect(emailDefectOf(email)).toBe('DISPOSABLE');
    },
  );

  it.each(['ada@example.com', ' ADA@Example.NET ', 'ada@mail.example\t', 'info@acme.example', 'a.b.1@oldmail.example'])('accepts %j', (email) => {
    expect(emailDefectOf(email)).toBeNull();
  });
});
