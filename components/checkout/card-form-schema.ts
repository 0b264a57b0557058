// The card form's schema as the browser loads it (a chunk of its own, see card-form.tsx): zod set to
// jitless first, then the schema the server action validates with.
import './zod-jitless';

export { checkoutCardFormSchema } from '@/lib/schemas/checkout';
