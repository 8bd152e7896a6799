// The client other services import: one entry point, so its files can move without breaking them.
export {
  createBrokerHttpClient,
  type BrokerHttpClient,
  type BrokerHttpClientOptions,
} from './brokerHttpClient.js';
export type { HttpSubmission, Preview, SubmitOptions } from './brokerHttpClient.js';
export { BrokerProblemError } from './brokerProblemError.js';
export { InvalidSubmissionError } from './invalidSubmissionError.js';
export { OutcomeTimeoutError } from './outcomeTimeoutError.js';
export { requestEventBodySchema, type RequestEventMessage } from './requestEventSchema.js';
export { INTAKE_QUEUE_NAME, submitToQueue, type QueueSubmission, type QueueVia } from './submitToQueue.js';
export { EVENTS_TOPIC_NAME, waitForOutcome, type EventsVia, type WaitOptions } from './waitForOutcome.js';
