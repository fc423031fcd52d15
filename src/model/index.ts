/** The canonical model: what every connector returns, whatever its vendor. */
export type { Source, System, Provenance } from './provenance.js';
export { SOURCES, SYSTEM_OF } from './provenance.js';
export type { Money } from './money.js';
export { parseDecimalMoney, formatMinorUnits, currencyExponent } from './money.js';
export type {
  ConsentChannel,
  ConsentFact,
  ConsentState,
  ContactRecord,
  CrmProfile,
  CrossRef,
  LineItem,
  Order,
  PosTransaction,
  Ticket,
  TicketStatus,
} from './records.js';
export { TICKET_STATUSES } from './records.js';
