import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createDeliverer, isLoopbackUrl, type DeliveryOptions, type WebhookTarget } from './webhook-delivery.js';
import { newRecordSchema, recordChangesSchema, type SandboxWebhooks, type WebhookNotification } from './webhook-types.js';

const targetSchema = z.union([
  z.object({ url: z.string().refine(isLoopbackUrl, 'must be an http(s) URL on the loopback interface'), secret: z.string().min(1).optional() }).strict(),
  z.object({}).strict(),
]);

const issuesOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);

/**
 * The webhook part of the control surface:
 * - `PUT /__sandbox/webhooks` `{ url, secret? }` — where to deliver and the secret to sign with (the sandbox's own
 *   `webhookSecret` when none is named); `{}` disables;
 * - `GET /__sandbox/webhooks` — the target URL (never the secret) and the most recent deliveries;
 * - `PATCH /__sandbox/records/:id` — canonical field changes to one record, then its signed webhook(s);
 * - `POST /__sandbox/records` — a new record from canonical fields (and an optional `personId`), then its creation
 *   webhook(s): 201 `{ id, eventIds, deliveries }`, 409 when the vendor refuses it, 404 when the sandbox cannot create;
 * - `POST /__sandbox/webhooks/redeliver-last` — sends the last notification again (same event ids), as vendors retry.
 */
export function registerWebhookControl(app: FastifyInstance, webhooks: SandboxWebhooks, options: DeliveryOptions = {}, ownSecret?: string): void {
  const deliverer = createDeliverer(options);
  let target: WebhookTarget | null = null;
  let last: WebhookNotification | null = null;
  app.addHook('onClose', async () => deliverer.close());

  app.get('/__sandbox/webhooks', async () => ({ url: target?.url ?? null, deliveries: deliverer.records() }));
  app.put('/__sandbox/webhooks', async (request, reply) => {
    const parsed = targetSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.status(400).send({ error: 'invalid webhook target', issues: issuesOf(parsed.error) });
    if (!('url' in parsed.data)) {
      target = null;
      return { url: null };
    }
    const secret = parsed.data.secret ?? ownSecret;
    if (!secret) return reply.status(400).send({ error: 'invalid webhook target', issues: ['secret: this sandbox has no key of its own; name one'] });
    target = { url: parsed.data.url, secret };
    return { url: target.url };
  });

  /** Sends notifications to the target, if one is set, and remembers the last for redelivery. */
  const announce = (notifications: WebhookNotification[]) => {
    if (notifications.length > 0) last = notifications.at(-1) ?? last;
    const deliveries = target ? notifications.map((n) => deliverer.send(n, target as WebhookTarget).seq) : [];
    return { eventIds: notifications.flatMap((n) => n.eventIds), deliveries };
  };

  app.patch('/__sandbox/records/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const parsed = recordChangesSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.status(400).send({ error: 'invalid record changes', issues: issuesOf(parsed.error) });
    const notifications = webhooks.change(id, parsed.data, Date.now());
    if (notifications === null) return reply.status(404).send({ error: `no record with id ${id}` });
    return { id, changed: Object.keys(parsed.data), ...announce(notifications) };
  });

  app.post('/__sandbox/records', async (request, reply) => {
    if (!webhooks.create) return reply.status(404).send({ error: 'this sandbox cannot create records' });
    const parsed = newRecordSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.status(400).send({ error: 'invalid new record', issues: issuesOf(parsed.error) });
    const created = webhooks.create(parsed.data, Date.now());
    if ('refused' in created) return reply.status(409).send({ error: created.refused });
    return reply.status(201).send({ id: created.id, ...announce(created.notifications) });
  });

  app.post('/__sandbox/webhooks/redeliver-last', async (_request, reply) => {
    if (!target) return reply.status(409).send({ error: 'webhooks are disabled: PUT /__sandbox/webhooks first' });
    if (!last) return reply.status(409).send({ error: 'nothing was sent yet' });
    const record = deliverer.send(last, target);
    return reply.status(202).send({ eventIds: record.eventIds, deliveries: [record.seq] });
  });
}

/** Points a running sandbox's webhooks at `target` (null disables), in process: what `PUT /__sandbox/webhooks` does. */
export async function setWebhookTarget(app: FastifyInstance, target: WebhookTarget | null): Promise<void> {
  const res = await app.inject({ method: 'PUT', url: '/__sandbox/webhooks', payload: target ?? {} });
  if (res.statusCode !== 200) throw new Error(`the sandbox refused the webhook target (${res.statusCode}): it must be an http(s) URL on the loopback interface`);
}
