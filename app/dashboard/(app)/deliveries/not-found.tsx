import { NotFoundPanel } from '@/components/dashboard/not-found-panel';

// A callback event id that is not the signed-in merchant's (by URL, or by a server action posted for it)
export default function NotFound() {
  return <NotFoundPanel noun="callback event" backHref="/dashboard/deliveries" backLabel="Back to callbacks" />;
}
