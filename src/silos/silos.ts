import type { ContactConnector, OrderSource, PosSource, PrivacyConnector, TicketSource } from '../../connectors/shared/index.js';
import type { Source } from '../model/index.js';

/** The four silos as the gateway uses them: contacts everywhere, plus each silo's own facet. */
export interface Silos {
  contacts: Readonly<Record<Source, ContactConnector>>;
  orders: OrderSource;
  pos: PosSource;
  tickets: TicketSource;
}

/** Each silo's data-subject operations (deletion, consent writes) through its vendor's API. */
export type PrivacySilos = Readonly<Record<Source, PrivacyConnector>>;
