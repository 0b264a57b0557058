import { describe, expect, test } from 'vitest';
import { caretAfterDigits, DEFAULT_GAPS, formatExpiry, groupDigits, maxPanLength } from './card-input-format';

describe('groupDigits', () => {
  test('groups at the gaps given: 4-4-4-4 by default, 4-6-5 for AMEX', () => {
    expect(groupDigits('4546710000000007', DEFAULT_GAPS)).toBe('4546 7100 0000 0007');
    expect(groupDigits('378282246310005', [4, 10])).toBe('3782 822463 10005');
    expect(groupDigits('45467', DEFAULT_GAPS)).toBe('4546 7');
    expect(groupDigits('', DEFAULT_GAPS)).toBe('');
  });
});

describe('maxPanLength', () => {
  test('is the longest length of the typed brand, 19 while unknown', () => {
    expect(maxPanLength('')).toBe(19);
    expect(maxPanLength('3782')).toBe(15);
    expect(maxPanLength('5421')).toBe(16);
  });
});

describe('formatExpiry', () => {
  test.each([
    ['1', '', '1'],
    ['4', '', '04/'],
    ['12', '1', '12/'],
    ['12', '12/', '12'],
    ['1228', '', '12/28'],
    ['04 / 2031', '', '04/31'],
    ['4/2031', '', '04/31'],
    ['12/345', '', '12/34'],
    ['ab', '', ''],
  ])('%j after %j reads %j', (raw, previous, expected) => {
    expect(formatExpiry(raw, previous)).toBe(expected);
  });
});

describe('caretAfterDigits', () => {
  test('lands after the n-th digit, skipping the group spaces', () => {
    expect(caretAfterDigits('4546 7100', 0)).toBe(0);
    expect(caretAfterDigits('4546 7100', 4)).toBe(4);
    expect(caretAfterDigits('4546 7100', 5)).toBe(6);
    expect(caretAfterDigits('4546 7100', 20)).toBe(9);
  });
});
