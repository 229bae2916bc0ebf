import type { AttemptObservation, GatewayObserver, RequestObservation } from './core-contract';

/** One observer that forwards to each of `observers` (metrics, tracing); undefined when none. */
export function composeObservers(observers: readonly GatewayObserver[]): GatewayObserver | undefined {
  if (observers.length === 0) return undefined;
  if (observers.length === 1) return observers[0];
  return {
    requestStarted(request, endpoint) {
      const started = observers
        .map((observer) => observer.requestStarted(request, endpoint))
        .filter((observation): observation is RequestObservation => observation !== undefined);
      if (started.length === 0) return undefined;
      return {
        attemptStarted(attempt) {
          const attempts: AttemptObservation[] = started.map((observation) =>
            observation.attemptStarted(attempt),
          );
          return {
            ended(outcome) {
              for (const observation of attempts) observation.ended(outcome);
            },
          };
        },
        streamOpened() {
          for (const observation of started) observation.streamOpened?.();
        },
        ended(record, extra) {
          for (const observation of started) observation.ended(record, extra);
        },
      };
    },
    failover(info) {
      for (const observer of observers) observer.failover?.(info);
    },
    cooldown(info) {
      for (const observer of observers) observer.cooldown?.(info);
    },
  };
}
