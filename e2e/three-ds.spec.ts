// 3-D Secure in a real browser: the merchant stub shows htmlContent, the shopper answers the sandbox
// issuer page by its accessible names (§9), the issuer posts back to the stub, which completes (§5).
import { expect, test, type Page } from '@playwright/test';

const stubUrl = () => {
  const url = process.env.E2E_STUB_URL;
  if (!url) throw new Error('E2E_STUB_URL is not set: run the specs through playwright.config.ts (its globalSetup starts the servers)');
  return url;
};

const VERIFICATION_CODE = '123456';
const WRONG_CODES = ['000000', '654321', '111111'];

/** Starts a payment at the merchant and waits for the issuer page (htmlContent submits itself). */
async function startPayment(page: Page, query: string) {
  await page.goto(`${stubUrl()}/pay?${query}`);
  const code = page.getByRole('textbox', { name: 'Verification code' });
  await expect(code).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`^${process.env.E2E_KASA_URL}/sandbox/acs$`));
  return code;
}

async function expectResult(page: Page, result: { returnedTo: string; status: string; resultCode: string; installmentCount?: string }) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(result.status === 'SUCCESS' ? 'Payment successful' : 'Payment failed');
  await expect(page.getByTestId('returned-to')).toHaveText(result.returnedTo);
  await expect(page.getByTestId('http-status')).toHaveText('200');
  await expect(page.getByTestId('status')).toHaveText(result.status);
  await expect(page.getByTestId('result-code')).toHaveText(result.resultCode);
  if (result.installmentCount) await expect(page.getByTestId('installment-count')).toHaveText(result.installmentCount);
}

test.describe('3-D Secure through the sandbox issuer page', () => {
  test('Verification code 123456 and Submit: SUCCESS with 3 installments', async ({ page }) => {
    const code = await startPayment(page, 'card=world&installments=3&interest=1&amount=1000');
    await expect(page.getByText('1,035.00')).toBeVisible();
    await code.fill(VERIFICATION_CODE);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expectResult(page, { returnedTo: 'success', status: 'SUCCESS', resultCode: 'SUCCESS', installmentCount: '3' });
    await expect(page.getByTestId('total-amount')).toHaveText('1035');
  });

  test('a wrong code three times: FAILED with THREE_DS_AUTH_FAILED', async ({ page }) => {
    const code = await startPayment(page, 'card=world&installments=3');
    for (const [index, wrong] of WRONG_CODES.entries()) {
      await code.fill(wrong);
      await page.getByRole('button', { name: 'Submit' }).click();
      if (index < WRONG_CODES.length - 1) {
        const left = WRONG_CODES.length - 1 - index;
        await expect(page.getByRole('alert')).toContainText(`${left} ${left === 1 ? 'attempt' : 'attempts'} left`);
      }
    }
    await expectResult(page, { returnedTo: 'failure', status: 'FAILED', resultCode: 'THREE_DS_AUTH_FAILED', installmentCount: '3' });
  });

  test('Cancel: FAILED with THREE_DS_AUTH_FAILED', async ({ page }) => {
    await startPayment(page, 'card=visaInternational');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expectResult(page, { returnedTo: 'failure', status: 'FAILED', resultCode: 'THREE_DS_AUTH_FAILED', installmentCount: '1' });
  });

  test('a decline card authenticates and is declined at completion: FAILED with DO_NOT_HONOR', async ({ page }) => {
    const code = await startPayment(page, 'card=doNotHonor');
    await code.fill(VERIFICATION_CODE);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expectResult(page, { returnedTo: 'success', status: 'FAILED', resultCode: 'DO_NOT_HONOR' });
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the visible buttons carry the shopper to the issuer and back: SUCCESS', async ({ page }) => {
    await page.goto(`${stubUrl()}/pay?card=bonus&installments=2`);
    await page.getByRole('button').click();
    await page.getByRole('textbox', { name: 'Verification code' }).fill(VERIFICATION_CODE);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('button').click();
    await expectResult(page, { returnedTo: 'success', status: 'SUCCESS', resultCode: 'SUCCESS', installmentCount: '2' });
  });
});
