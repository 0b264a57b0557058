/**
 * The hosted checkout page's words in English and Turkish, and which of the two a shopper gets.
 * Pure (no server or browser APIs) so the page and its client form share it. The English names of
 * the form controls, the `Installments` group, `Pay …` and the result headings are the automation
 * contract of api-reference §9: merchants' end-to-end suites find them by these exact words.
 * It is over 300 lines because it is two dictionaries of the page's words side by side, kept in one
 * file so a missing Turkish entry is a type error next to its English one.
 */

export const locales = ['en', 'tr'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

/** Remembers the language picked with the page's switch (`?lang=`), set by proxy.ts. */
export const LANGUAGE_COOKIE = 'kasa_lang';

/** The BCP 47 tag handed to Intl (number, currency and date formats). */
export const intlLocale: Record<Locale, string> = { en: 'en-US', tr: 'tr-TR' };

/** The name of each language in itself, for the switch. */
export const languageNames: Record<Locale, string> = { en: 'English', tr: 'Türkçe' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * `?lang=` wins, then the language the shopper picked earlier (cookie), then the first language of
 * Accept-Language (by q-value) that the page speaks; English otherwise.
 */
export function negotiateLocale(input: { query?: string | string[] | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  const query = Array.isArray(input.query) ? input.query[0] : input.query;
  if (isLocale(query)) return query;
  if (isLocale(input.cookie)) return input.cookie;
  return fromAcceptLanguage(input.acceptLanguage ?? '') ?? defaultLocale;
}

function fromAcceptLanguage(header: string): Locale | null {
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      const weight = q === undefined ? 1 : Number(q);
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.primary && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    if (isLocale(range.primary)) return range.primary;
    if (range.primary === '*') return defaultLocale;
  }
  return null;
}

/** Replaces `{name}` placeholders: fill('Pay {amount}', { amount: '10.00 TRY' }). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/**
 * An amount as the checkout shows it: the number in the shopper's language with the currency's
 * ISO 4217 decimals (`digits`, from lib/money's currencyExponent: the ISO table stays out of the
 * browser bundle), then the code (`1,035.00 TRY`, `1.035,00 TRY`), so `Pay 1,035.00 TRY` reads the
 * same on every device whatever the CLDR symbol data says.
 */
export function formatAmount(minor: number, currency: string, digits: number, locale: Locale): string {
  const number = new Intl.NumberFormat(intlLocale[locale], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    minor / 10 ** digits,
  );
  return `${number} ${currency}`;
}

/** One / other plural forms, chosen with Intl.PluralRules. */
export interface Plural {
  one: string;
  other: string;
}

export function plural(locale: Locale, forms: Plural, count: number): string {
  const form = new Intl.PluralRules(intlLocale[locale]).select(count) === 'one' ? forms.one : forms.other;
  return fill(form, { count });
}

/** The card form's words: plain strings only, because they are handed to a client component. */
export interface FormMessages {
  cardHolderName: string;
  cardNumber: string;
  expiry: string;
  expiryPlaceholder: string;
  securityCode: string;
  securityCodeHint3: string;
  securityCodeHint4: string;
  /** Announced to screen readers when the number's brand is recognised: `{brand}`. */
  brandDetected: string;
  installments: string;
  installmentsHint: string;
  installmentsLoading: string;
  installmentsSingleOnly: string;
  singlePayment: string;
  /** `{count}` installments. */
  installmentCount: string;
  /** `{count}` × `{amount}`. */
  perInstallment: string;
  /** Total `{amount}`. */
  total: string;
  /** Pay `{amount}`; the English form must start with `Pay` (§9). */
  pay: string;
  processing: string;
  needsJavaScript: string;
  errors: {
    cardHolderName: string;
    pan: string;
    expiry: string;
    expired: string;
    /** `{digits}`: 3 or 4. */
    cvv: string;
    installmentCount: string;
  };
  failures: {
    RATE_LIMITED: string;
    INSTALLMENT_NOT_AVAILABLE: string;
    generic: string;
  };
  challengeHeading: string;
  challengeHint: string;
  challengeFrameTitle: string;
  secureNote: string;
}

/** Plain-words reasons for a failed attempt, by the payment's resultCode (§8 test cards). */
export const failureReasonCodes = [
  'DO_NOT_HONOR',
  'INSUFFICIENT_FUNDS',
  'EXPIRED_CARD',
  'INVALID_CVV',
  'STOLEN_CARD',
  'PROCESSING_ERROR',
  'THREE_DS_AUTH_FAILED',
  'NOT_ENROLLED',
  'THREE_DS_EXPIRED',
] as const;
type FailureReasonCode = (typeof failureReasonCodes)[number];

export interface PageMessages {
  title: string;
  /** Pay `{merchant}`: the summary's caption. */
  payTo: string;
  amountDue: string;
  order: string;
  interestNote: string;
  testMode: string;
  testModeHint: string;
  language: string;
  securedBy: string;
  success: {
    heading: string;
    lead: string;
    amount: string;
    orderAmount: string;
    interest: string;
    installments: string;
    card: string;
    authCode: string;
    orderId: string;
    date: string;
    merchant: string;
  };
  failure: {
    heading: string;
    reasons: Record<FailureReasonCode | 'generic', string>;
    attemptsLeft: Plural;
    tryAgain: string;
    closed: string;
    expired: string;
  };
  closed: { heading: string; text: string };
  expired: { heading: string; text: string };
  notFound: { heading: string; text: string };
  /** Return to `{merchant}`. */
  returnTo: string;
  /** Automatic return: `{merchant}`, `{seconds}`. */
  autoReturn: Plural;
  stay: string;
  stayed: string;
  form: FormMessages;
}

const en: PageMessages = {
  title: 'Pay {merchant}',
  payTo: 'Pay {merchant}',
  amountDue: 'Amount due',
  order: 'Order {orderId}',
  interestNote: 'Installment interest, if any, is added to the total.',
  testMode: 'Test mode',
  testModeHint: 'Sandbox: no real money moves. Use a test card.',
  language: 'Language',
  securedBy: 'Payments are processed securely by Kasa and verified by your bank with 3-D Secure.',
  success: {
    heading: 'Payment successful',
    lead: 'Thank you. Your payment to {merchant} is complete.',
    amount: 'Amount charged',
    orderAmount: 'Order amount',
    interest: 'Installment interest',
    installments: 'Installments',
    card: 'Card',
    authCode: 'Authorization code',
    orderId: 'Order ID',
    date: 'Date',
    merchant: 'Merchant',
  },
  failure: {
    heading: 'Payment failed',
    reasons: {
      DO_NOT_HONOR: 'Your bank declined the payment. Contact your bank or try another card.',
      INSUFFICIENT_FUNDS: 'The card does not have enough available funds for this payment.',
      EXPIRED_CARD: 'The card has expired. Try another card.',
      INVALID_CVV: 'The security code was not correct. Check the code on your card and try again.',
      STOLEN_CARD: 'Your bank declined this card. Contact your bank or use another card.',
      PROCESSING_ERROR: 'The bank could not process the payment just now. Please try again in a moment.',
      THREE_DS_AUTH_FAILED: 'Your bank could not verify the payment (3-D Secure was not completed).',
      NOT_ENROLLED: 'This card cannot be verified with 3-D Secure, which this payment needs. Try another card or contact your bank.',
      THREE_DS_EXPIRED: 'The bank verification took too long and timed out.',
      generic: 'The payment could not be completed.',
    },
    attemptsLeft: { one: 'You can try {count} more time.', other: 'You can try {count} more times.' },
    tryAgain: 'Try again',
    closed: 'Your card was not charged. This payment link is now closed after too many unsuccessful attempts.',
    expired: 'Your card was not charged. This payment link has expired.',
  },
  closed: {
    heading: 'Payment failed',
    text: 'This payment link is closed after too many unsuccessful attempts. Your card was not charged. Contact the merchant for a new link.',
  },
  expired: {
    heading: 'This payment link has expired',
    text: 'Your card was not charged. Contact the merchant for a new payment link.',
  },
  notFound: {
    heading: 'Payment link not found',
    text: 'Check the address, or ask the merchant for a new payment link.',
  },
  returnTo: 'Return to {merchant}',
  autoReturn: {
    one: 'Taking you back to {merchant} in {count} second…',
    other: 'Taking you back to {merchant} in {count} seconds…',
  },
  stay: 'Stay on this page',
  stayed: 'You can return to {merchant} with the link above.',
  form: {
    cardHolderName: 'Cardholder name',
    cardNumber: 'Card number',
    expiry: 'Expiry date',
    expiryPlaceholder: 'MM/YY',
    securityCode: 'Security code',
    securityCodeHint3: '3 digits on the back of the card',
    securityCodeHint4: '4 digits on the front of the card',
    brandDetected: '{brand} card',
    installments: 'Installments',
    installmentsHint: 'Enter your card number to see the installment options for your card.',
    installmentsLoading: 'Loading installment options…',
    installmentsSingleOnly: 'This card can be used for a single payment only.',
    singlePayment: 'Single payment',
    installmentCount: '{count} installments',
    perInstallment: '{count} × {amount}',
    total: 'Total {amount}',
    pay: 'Pay {amount}',
    processing: 'Processing…',
    needsJavaScript: 'This payment page needs JavaScript. Turn it on to pay.',
    errors: {
      cardHolderName: 'Enter the name on the card (2–100 characters).',
      pan: 'Enter a valid card number.',
      expiry: 'Enter the expiry date as MM/YY.',
      expired: 'This card has expired.',
      cvv: 'Enter the {digits}-digit security code.',
      installmentCount: 'Choose one of the installment options.',
    },
    failures: {
      RATE_LIMITED: 'Too many attempts in a short time. Please wait a minute and try again.',
      INSTALLMENT_NOT_AVAILABLE: 'That installment option is not available for this card. Choose another option.',
      generic: 'The payment could not be started. Please try again.',
    },
    challengeHeading: 'Verify your payment',
    challengeHint: 'Your bank asks you to confirm this payment. Finish the step below; this page continues by itself.',
    challengeFrameTitle: '3-D Secure',
    secureNote: 'Protected by 3-D Secure',
  },
};

const tr: PageMessages = {
  title: '{merchant} ödemesi',
  payTo: '{merchant} ödemesi',
  amountDue: 'Ödenecek tutar',
  order: 'Sipariş {orderId}',
  interestNote: 'Taksit faizi varsa toplama eklenir.',
  testMode: 'Test modu',
  testModeHint: 'Sandbox: gerçek para hareketi olmaz. Test kartı kullanın.',
  language: 'Dil',
  securedBy: 'Ödemeler Kasa tarafından güvenle işlenir ve bankanız tarafından 3-D Secure ile doğrulanır.',
  success: {
    heading: 'Ödeme başarılı',
    lead: 'Teşekkürler. {merchant} için ödemeniz tamamlandı.',
    amount: 'Çekilen tutar',
    orderAmount: 'Sipariş tutarı',
    interest: 'Taksit faizi',
    installments: 'Taksit',
    card: 'Kart',
    authCode: 'Onay kodu',
    orderId: 'Sipariş no',
    date: 'Tarih',
    merchant: 'İşyeri',
  },
  failure: {
    heading: 'Ödeme başarısız',
    reasons: {
      DO_NOT_HONOR: 'Bankanız ödemeyi onaylamadı. Bankanızla görüşün veya başka bir kart deneyin.',
      INSUFFICIENT_FUNDS: 'Kartınızın kullanılabilir limiti bu ödeme için yetersiz.',
      EXPIRED_CARD: 'Kartınızın son kullanma tarihi geçmiş. Başka bir kart deneyin.',
      INVALID_CVV: 'Güvenlik kodu hatalı. Kartınızdaki kodu kontrol edip tekrar deneyin.',
      STOLEN_CARD: 'Bankanız bu kartla ödemeyi onaylamadı. Bankanızla görüşün veya başka bir kart kullanın.',
      PROCESSING_ERROR: 'Banka ödemeyi şu anda işleyemedi. Lütfen biraz sonra tekrar deneyin.',
      THREE_DS_AUTH_FAILED: 'Ödeme bankanız tarafından doğrulanamadı (3-D Secure tamamlanmadı).',
      NOT_ENROLLED: 'Bu kart, bu ödeme için gereken 3-D Secure doğrulamasını desteklemiyor. Başka bir kart deneyin veya bankanızla görüşün.',
      THREE_DS_EXPIRED: 'Banka doğrulaması çok uzun sürdü ve zaman aşımına uğradı.',
      generic: 'Ödeme tamamlanamadı.',
    },
    attemptsLeft: { one: '{count} deneme hakkınız kaldı.', other: '{count} deneme hakkınız kaldı.' },
    tryAgain: 'Tekrar dene',
    closed: 'Kartınızdan ücret alınmadı. Çok sayıda başarısız deneme nedeniyle bu ödeme bağlantısı kapatıldı.',
    expired: 'Kartınızdan ücret alınmadı. Bu ödeme bağlantısının süresi doldu.',
  },
  closed: {
    heading: 'Ödeme başarısız',
    text: 'Çok sayıda başarısız deneme nedeniyle bu ödeme bağlantısı kapatıldı. Kartınızdan ücret alınmadı. Yeni bir bağlantı için işyeriyle iletişime geçin.',
  },
  expired: {
    heading: 'Bu ödeme bağlantısının süresi doldu',
    text: 'Kartınızdan ücret alınmadı. Yeni bir ödeme bağlantısı için işyeriyle iletişime geçin.',
  },
  notFound: {
    heading: 'Ödeme bağlantısı bulunamadı',
    text: 'Adresi kontrol edin veya işyerinden yeni bir ödeme bağlantısı isteyin.',
  },
  returnTo: '{merchant} sitesine dön',
  autoReturn: {
    one: '{count} saniye içinde {merchant} sitesine yönlendiriliyorsunuz…',
    other: '{count} saniye içinde {merchant} sitesine yönlendiriliyorsunuz…',
  },
  stay: 'Bu sayfada kal',
  stayed: 'Yukarıdaki bağlantıyla {merchant} sitesine dönebilirsiniz.',
  form: {
    cardHolderName: 'Kart üzerindeki isim',
    cardNumber: 'Kart numarası',
    expiry: 'Son kullanma tarihi',
    expiryPlaceholder: 'AA/YY',
    securityCode: 'Güvenlik kodu',
    securityCodeHint3: 'Kartın arkasındaki 3 haneli kod',
    securityCodeHint4: 'Kartın önündeki 4 haneli kod',
    brandDetected: '{brand} kartı',
    installments: 'Taksit',
    installmentsHint: 'Kartınıza uygun taksit seçeneklerini görmek için kart numaranızı girin.',
    installmentsLoading: 'Taksit seçenekleri yükleniyor…',
    installmentsSingleOnly: 'Bu kartla yalnızca tek çekim yapılabilir.',
    singlePayment: 'Tek çekim',
    installmentCount: '{count} taksit',
    perInstallment: '{count} × {amount}',
    total: 'Toplam {amount}',
    pay: '{amount} öde',
    processing: 'İşleniyor…',
    needsJavaScript: 'Bu ödeme sayfası JavaScript gerektirir. Ödemek için açın.',
    errors: {
      cardHolderName: 'Kart üzerindeki ismi girin (2–100 karakter).',
      pan: 'Geçerli bir kart numarası girin.',
      expiry: 'Son kullanma tarihini AA/YY olarak girin.',
      expired: 'Bu kartın son kullanma tarihi geçmiş.',
      cvv: '{digits} haneli güvenlik kodunu girin.',
      installmentCount: 'Taksit seçeneklerinden birini seçin.',
    },
    failures: {
      RATE_LIMITED: 'Kısa sürede çok fazla deneme yapıldı. Lütfen bir dakika bekleyip tekrar deneyin.',
      INSTALLMENT_NOT_AVAILABLE: 'Bu taksit seçeneği kartınız için kullanılamıyor. Başka bir seçenek seçin.',
      generic: 'Ödeme başlatılamadı. Lütfen tekrar deneyin.',
    },
    challengeHeading: 'Ödemenizi doğrulayın',
    challengeHint: 'Bankanız bu ödemeyi onaylamanızı istiyor. Aşağıdaki adımı tamamlayın; sayfa kendiliğinden devam eder.',
    challengeFrameTitle: '3-D Secure',
    secureNote: '3-D Secure ile korunur',
  },
};

export const messages: Record<Locale, PageMessages> = { en, tr };

/** The plain-words reason for a failed attempt's resultCode; unknown codes get the generic one. */
export function failureReason(locale: Locale, resultCode: string | null): string {
  const reasons = messages[locale].failure.reasons;
  return resultCode && (failureReasonCodes as readonly string[]).includes(resultCode)
    ? reasons[resultCode as FailureReasonCode]
    : reasons.generic;
}
