/** The agent view the upstream-cost suites count requests of: a ticket's customer with every facet, plus `extra` fields. */
export const agentViewQuery = (extra = '') => `query($ticketId: ID!) { customerByTicket(ticketId: $ticketId) {
  id displayName emails phones
  consent { email { state } sms { state } }
  crm { recordId lifecycleStage }
  orders(first: 5) { totalCount edges { node { id total { amount currencyCode } } } }
  tickets(first: 10, status: OPEN) { totalCount edges { node { id subject status } } }
  posTransactions(first: 5) { totalCount edges { node { id } } }
  ${extra}
} }`;
