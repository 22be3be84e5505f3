export { Receiver } from './receiver.ts';
export type { ReceiverEvent } from './receiver-event.ts';
export { ReceiverInputDStream, type ReceiverStreamOptions } from './receiver-input-dstream.ts';
