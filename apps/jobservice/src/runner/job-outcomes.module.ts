import { Module } from '@nestjs/common';
import { JobOutcomes } from './job-outcomes.js';

/** One job-outcome publisher (one Redis connection) for every handler, GC's steps included. */
@Module({ providers: [JobOutcomes], exports: [JobOutcomes] })
export class JobOutcomesModule {}
