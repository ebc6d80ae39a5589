import { Global, Module } from '@nestjs/common';
import { CoreEvents } from './core-events.js';
import { JobOutcomeConsumer } from './job-outcome.consumer.js';

/** Global: every use case emits through the one CoreEvents; jobservice's outcomes arrive here too. */
@Global()
@Module({ providers: [CoreEvents, JobOutcomeConsumer], exports: [CoreEvents] })
export class EventsModule {}
