/** Which silo errors are the gateway's own doing: the marks live with the error vocabulary, which shows them. */
export { blameGateway, isBlamedOnGateway, shedByGateway } from '../errors/index.js';
