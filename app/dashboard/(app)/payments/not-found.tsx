import { NotFoundPanel } from '@/components/dashboard/not-found-panel';

// A payment id that is not the signed-in merchant's (by URL, or by a server action posted for it)
export default function NotFound() {
  return <NotFoundPanel noun="payment" backHref="/dashboard/payments" backLabel="Back to payments" />;
}
