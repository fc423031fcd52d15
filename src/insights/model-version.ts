/**
 * The version of the insight models, carried in every field's basis. Bump it when a formula, a minimum, the
 * segment table or the interval method changes, so cached or compared figures can tell.
 */
export const MODEL_VERSION = 'bgnbd-gg-rfm/1';
