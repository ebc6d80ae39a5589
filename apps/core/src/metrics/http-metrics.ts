import { Counter, Gauge, Summary, type Registry } from 'prom-client';

/**
 * Core's own request metrics, with Harbor's names and labels (namespace harbor, subsystem core):
 * in-flight gauge, count by method/code/operation, duration summary by method/operation.
 */
export class HttpMetrics {
  readonly inflight: Gauge;
  readonly requests: Counter<'method' | 'code' | 'operation'>;
  readonly durations: Summary<'method' | 'operation'>;

  constructor(registry: Registry) {
    this.inflight = new Gauge({
      name: 'harbor_core_http_inflight_requests',
      help: 'The total number of requests',
      registers: [registry],
    });
    this.requests = new Counter({
      name: 'harbor_core_http_request_total',
      help: 'The total number of requests',
      labelNames: ['method', 'code', 'operation'],
      registers: [registry],
    });
    this.durations = new Summary({
      name: 'harbor_core_http_request_duration_seconds',
      help: 'The time duration of the requests',
      labelNames: ['method', 'operation'],
      percentiles: [0.5, 0.9, 0.99],
      registers: [registry],
    });
  }

  /** Starts timing a request; the returned function records it once the response is done. */
  start(): (method: string, code: number, operation: string) => void {
    const began = process.hrtime.bigint();
    this.inflight.inc();
    return (method, code, operation) => {
      this.inflight.dec();
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      this.durations.observe({ method, operation }, seconds);
      this.requests.inc({ method, code: String(code), operation });
    };
  }
}
