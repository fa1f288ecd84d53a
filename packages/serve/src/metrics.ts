import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { StateHolder } from "./holder.js";
import type { ServeState } from "./state.js";

/** Prometheus metrics of one server (its own registry: two servers in one process do not mix). */
export class ServeMetrics {
  private readonly registry = new Registry();
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly latency: Histogram<"route">;
  private readonly reloads: Counter<"result">;

  constructor(state: () => ServeState, holder: StateHolder) {
    this.requests = new Counter({
      name: "segform_serve_requests_total",
      help: "HTTP requests answered, by method, route pattern and status",
      labelNames: ["method", "route", "status"],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: "segform_serve_request_duration_seconds",
      help: "Time to answer a request, by route pattern",
      labelNames: ["route"],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.reloads = new Counter({
      name: "segform_serve_reloads_total",
      help: "Reloads of definitions and membership, by result (ok, failed)",
      labelNames: ["result"],
      registers: [this.registry],
    });
    this.reloads.inc({ result: "ok" }, 0);
    this.reloads.inc({ result: "failed" }, 0);
    new Gauge({
      name: "segform_serve_accounts",
      help: "Accounts in the loaded membership",
      registers: [this.registry],
      collect() {
        this.set(state().labels.size);
      },
    });
    new Gauge({
      name: "segform_serve_plan_generation",
      help: "How many states the server has loaded (1 at start, +1 per successful reload)",
      registers: [this.registry],
      collect() {
        this.set(holder.generation);
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ route }, seconds);
  }

  reloaded(ok: boolean): void {
    this.reloads.inc({ result: ok ? "ok" : "failed" });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
