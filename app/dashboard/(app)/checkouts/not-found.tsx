import { NotFoundPanel } from '@/components/dashboard/not-found-panel';

// A checkout link id that is not the signed-in merchant's (by URL, or by a server action posted for it)
export default function NotFound() {
  return <NotFoundPanel noun="checkout link" backHref="/dashboard/checkouts" backLabel="Back to checkout links" />;
}
