import { expect, test } from 'vitest';
import { autoPostForm, html, raw, toMarkup } from './html';

test('interpolated values are escaped, raw markup is not', () => {
  expect(toMarkup(html`<p title="${'"><script>'}">${'<b>'}${raw('<i>x</i>')}</p>`)).toBe(
    '<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;<i>x</i></p>',
  );
});

test('an auto-post form carries its fields as hidden inputs and a no-script button', () => {
  const markup = toMarkup(
    autoPostForm({ action: 'https://shop.example/3ds?a=1&b=2', fields: { paymentId: 'p"1' }, buttonLabel: 'Continue', message: 'Wait' }),
  );
  expect(markup).toContain('action="https://shop.example/3ds?a=1&amp;b=2"');
  expect(markup).toContain('<input type="hidden" name="paymentId" value="p&quot;1">');
  expect(markup).toMatch(/<noscript><button type="submit">Continue<\/button><\/noscript>/);
});
