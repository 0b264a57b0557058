import { AttemptStatus, attemptError } from './attempts';
import { EventEndpointForm } from './event-endpoint-form';
import { RowActionButton } from './row-action-button';
import { deliveryStateLabel } from './format';
import { Badge, EmptyState, Section, Table, td, th, Time } from './primitives';
import { ResendButton } from './resend-button';
import type { ActionState } from '@/lib/dashboard/action';
import type { EndpointWithDeliveries } from '@/lib/dashboard/settings';
import { EVENT_TYPES } from '@/lib/schemas/event-types';
import { MAX_EVENT_ENDPOINTS } from '@/lib/schemas/events';

type FormAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/** Settings: the merchant's event endpoints, each with its latest deliveries, and the form adding one. */
export function EventEndpointsSection({
  endpoints,
  addEventEndpointAction,
  deleteEventEndpointAction,
  sendTestEventAction,
  resendEventDeliveryAction,
}: {
  endpoints: EndpointWithDeliveries[];
  addEventEndpointAction: FormAction;
  deleteEventEndpointAction: FormAction;
  sendTestEventAction: FormAction;
  resendEventDeliveryAction: FormAction;
}) {
  return (
        <Section
          id="event-endpoints"
          title="Event endpoints"
          description={`Kasa POSTs JSON events {id, type, created, data} here, signed like callbacks (X-Kasa-Signature, the callback secret), retried for about 3 days. Up to ${MAX_EVENT_ENDPOINTS}.`}
        >
          <div className="space-y-5">
            {endpoints.length === 0 ? <p className="text-sm text-slate-600">No event endpoints yet.</p> : null}
            {endpoints.map(({ endpoint, deliveries }) => (
              <article key={endpoint.id} aria-label={`Endpoint ${endpoint.url}`} className="space-y-2 rounded-md border border-slate-200 p-3">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="font-mono text-[13px] break-all text-slate-900">{endpoint.url}</p>
                    <p className="text-xs text-slate-600">
                      <span className="font-mono">{endpoint.id}</span> · {endpoint.events.length === EVENT_TYPES.length ? 'all events' : endpoint.events.join(', ')}
                    </p>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <RowActionButton action={sendTestEventAction} field={{ name: 'endpointId', value: endpoint.id }} label={`Send test event to ${endpoint.url}`}>
                      Send test event
                    </RowActionButton>
                    <RowActionButton action={deleteEventEndpointAction} field={{ name: 'endpointId', value: endpoint.id }} label={`Delete endpoint ${endpoint.url}`} tone="danger">
                      Delete
                    </RowActionButton>
                  </div>
                </div>
                <Table
                  label={`Deliveries to ${endpoint.url}`}
                  head={
                    <tr>
                      <th scope="col" className={th}>Event</th>
                      <th scope="col" className={th}>State</th>
                      <th scope="col" className={th}>Last attempt</th>
                      <th scope="col" className={th}>
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  }
                  empty={deliveries.length === 0 ? <EmptyState>No deliveries yet.</EmptyState> : null}
                >
                  {deliveries.map((delivery) => {
                    const state = deliveryStateLabel(delivery);
                    const last = delivery.attempts.at(-1);
                    return (
                      <tr key={delivery.id}>
                        <td className={td}>
                          <span className="font-mono text-[13px]">{delivery.eventType}</span>
                          <span className="block font-mono text-xs text-slate-600">{delivery.eventId}</span>
                          <span className="block text-xs text-slate-600">
                            <Time date={delivery.createdAt} seconds />
                          </span>
                        </td>
                        <td className={td}>
                          <Badge tone={state.tone}>{state.label}</Badge>
                        </td>
                        <td className={td}>
                          {last ? (
                            <span className="block">
                              <AttemptStatus attempt={last} />
                              {attemptError(last) ? <span className="block text-xs text-red-800">{attemptError(last)}</span> : null}
                            </span>
                          ) : (
                            <span className="text-xs text-slate-600">Not tried yet</span>
                          )}
                        </td>
                        <td className={td}>
                          <ResendButton action={resendEventDeliveryAction} deliveryId={delivery.id} label={`Resend ${delivery.eventType} ${delivery.eventId}`} />
                        </td>
                      </tr>
                    );
                  })}
                </Table>
              </article>
            ))}
            <div className="border-t border-slate-200 pt-4">
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Add endpoint</h3>
              <EventEndpointForm action={addEventEndpointAction} eventTypes={EVENT_TYPES} disabled={endpoints.length >= MAX_EVENT_ENDPOINTS} />
            </div>
          </div>
        </Section>
  );
}
