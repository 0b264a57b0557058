'use client';

import dynamic from 'next/dynamic';
import { Suspense } from 'react';
import type { CardFormProps } from './card-form';

/**
 * The card form with its libraries (react-hook-form, card-validator, the installment picker) in a
 * chunk of its own. The server still renders the whole form, so the first paint is the same; the
 * browser fetches the chunk at low priority beside the page's own scripts and hydrates the form in a
 * task of its own once the rest of the page has hydrated, instead of in one long task with it. Until
 * then Pay is disabled (see useCardPayment), as it is before any hydration.
 */
const DeferredCardForm = dynamic(() => import('./card-form').then((module) => module.CardForm));

export function CardForm(props: CardFormProps) {
  return (
    <Suspense>
      <DeferredCardForm {...props} />
    </Suspense>
  );
}
