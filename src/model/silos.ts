import type { ContactConnector } from './contact-connector.js';
import type { CrmHistorySource, FeedbackSource, OrderSource, PosSource, TicketSource } from './facet-sources.js';
import type { PrivacyConnector } from './privacy-connector.js';
import type { Source } from './provenance.js';

/** The four silos as the gateway uses them: contacts everywhere, plus each silo's own facet. */
export interface Silos {
  contacts: Readonly<Record<Source, ContactConnector>>;
  orders: OrderSource;
  pos: PosSource;
  tickets: TicketSource;
  /** The CRM's NPS answers; absent in rigs without one (NPS then reports the CRM as a gap). */
  feedback?: FeedbackSource;
  /** The CRM's lifecycle-stage and consent history; absent in rigs without one (the timeline then reports the CRM as a gap). */
  crmHistory?: CrmHistorySource;
}

/** Each silo's data-subject operations (deletion, consent writes) through its vendor's API. */
export type PrivacySilos = Readonly<Record<Source, PrivacyConnector>>;
