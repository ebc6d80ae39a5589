import { Global, Module } from '@nestjs/common';
import { CoreEvents } from './core-events.js';

/** Global: every use case emits through the one CoreEvents. */
@Global()
@Module({ providers: [CoreEvents], exports: [CoreEvents] })
export class EventsModule {}
