//! Operations endpoints: `/healthz` and `/metrics` (Prometheus text format).

use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode, header};
use axum::response::IntoResponse;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// Cumulative counts per bucket of `BUCKETS`, then the +Inf bucket.
    latency_buckets: [AtomicU64; BUCKETS.len() + 1],
    latency_sum_micros: AtomicU64,
}

impl Metrics {
    pub fn record(&self, method: &Method, route: &str, status: StatusCode, elapsed: Duration) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests.entry((method.to_string(), route.to_owned(), status.as_u16())).or_default() += 1;
        }
        let seconds = elapsed.as_secs_f64();
        let bucket = BUCKETS.iter().position(|b| seconds <= *b).unwrap_or(BUCKETS.len());
        self.latency_buckets[bucket].fetch_add(1, Ordering::Relaxed);
        self.latency_sum_micros.fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    fn render(&self, pool: (u32, usize)) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str("# HELP kinerja_http_requests_total HTTP requests by method, route and status.\n");
        out.push_str("# TYPE kinerja_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((method, route, status), count) in requests.iter() {
                let _ = writeln!(
                    out,
                    "kinerja_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                    route.replace('"', "\\\"")
                );
            }
        }
        out.push_str("# HELP kinerja_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE kinerja_http_request_duration_seconds histogram\n");
        let mut cumulative = 0;
        for (i, bound) in BUCKETS.iter().enumerate() {
            cumulative += self.latency_buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(out, "kinerja_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        cumulative += self.latency_buckets[BUCKETS.len()].load(Ordering::Relaxed);
        let _ = writeln!(out, "kinerja_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {cumulative}");
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "kinerja_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(out, "kinerja_http_request_duration_seconds_count {cumulative}");
        out.push_str("# HELP kinerja_db_pool_connections Database connections open and idle.\n");
        out.push_str("# TYPE kinerja_db_pool_connections gauge\n");
        let _ = writeln!(out, "kinerja_db_pool_connections{{state=\"open\"}} {}", pool.0);
        let _ = writeln!(out, "kinerja_db_pool_connections{{state=\"idle\"}} {}", pool.1);
        if let Some(rss) = resident_memory_bytes() {
            out.push_str("# HELP process_resident_memory_bytes Resident memory size in bytes.\n");
            out.push_str("# TYPE process_resident_memory_bytes gauge\n");
            let _ = writeln!(out, "process_resident_memory_bytes {rss}");
        }
        out
    }
}

fn resident_memory_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({ "status": "ok", "database": state.store.backend_name() }))),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable" })))
        }
    }
}

pub async fn metrics(
    State(state): State<AppState>,
    crate::extract::PeerAddr(peer): crate::extract::PeerAddr,
    headers: axum::http::HeaderMap,
) -> Result<impl IntoResponse, crate::error::AppError> {
    if !state.config.metrics.admits(peer.map(|p| p.ip()), crate::auth::session::bearer(&headers)) {
        return Err(crate::error::AppError::Forbidden);
    }
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        state.metrics.render(state.store.pool_size()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let metrics = Metrics::default();
        metrics.record(&Method::GET, "/healthz", StatusCode::OK, Duration::from_millis(2));
        metrics.record(&Method::GET, "/healthz", StatusCode::OK, Duration::from_secs(3));
        let text = metrics.render((2, 1));
        assert!(text.contains("kinerja_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"));
        assert!(text.contains("kinerja_http_request_duration_seconds_bucket{le=\"0.0025\"} 1"));
        assert!(text.contains("kinerja_http_request_duration_seconds_bucket{le=\"+Inf\"} 2"));
        assert!(text.contains("kinerja_db_pool_connections{state=\"idle\"} 1"));
    }
}
