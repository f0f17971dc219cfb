//! The HTTP server loop: axum's router behind the limits an open network
//! needs. `axum::serve` has none of them: a half-sent request or an idle
//! socket stayed open past 150 s, and a few hundred of them starved
//! `/healthz`. Here the headers of every request (and the wait for the next
//! request on a kept-alive connection) must arrive within `header_timeout`,
//! at most `connections` are served at once and at most `per_address` from
//! one client address, and a whole request is bounded by the router's own
//! timeout layer.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The limits of the server loop.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; further ones wait in the listen queue.
    pub connections: usize,
    /// Connections of one client address at once; further ones are closed
    /// at once, so that one client cannot take every slot. 0: no such limit
    /// (behind a reverse proxy every client has its address).
    pub per_address: usize,
    /// The time a client has to send a request's headers, and an idle
    /// kept-alive connection to start its next request.
    pub header_timeout: Duration,
}

/// How long open connections get to finish once a shutdown is asked for.
const DRAIN: Duration = Duration::from_secs(10);

pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.connections.max(1)));
    let open: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors, most likely: wait instead of spinning.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(seat) = Seat::take(&open, peer.ip(), limits.per_address) else {
            tracing::warn!(%peer, "too many connections from one address; closed");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone().layer(axum::Extension(ConnectInfo(peer))));
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended");
            }
            drop((permit, seat));
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("connections still open after {} s; stopping anyway", DRAIN.as_secs());
    }
    Ok(())
}

/// One connection counted against its client address while it is open.
struct Seat {
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    address: IpAddr,
}

impl Seat {
    /// A seat for `address`, unless it already holds `limit` (0: no limit).
    fn take(open: &Arc<Mutex<HashMap<IpAddr, usize>>>, address: IpAddr, limit: usize) -> Option<Seat> {
        let mut counts = open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = counts.entry(address).or_insert(0);
        if limit > 0 && *count >= limit {
            return None;
        }
        *count = count.saturating_add(1);
        Some(Seat { open: open.clone(), address })
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut counts = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = counts.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.remove(&self.address);
            }
        }
    }
}

/// Raises the soft limit on open files to the hard one, so that the
/// connection cap, not the descriptor limit, is what bounds the connections.
pub fn raise_open_file_limit() -> u64 {
    rlimit::increase_nofile_limit(u64::MAX).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream};

    /// A server answering `ok` on every path, with a one-second header timeout.
    async fn serve(connections: usize) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let app = Router::new().fallback(|| async { "ok" });
        let limits = Limits { connections, per_address: 3, header_timeout: Duration::from_secs(1) };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(run(listener, app, limits, async move {
            let _ = stopped.await;
        }));
        (address, stop)
    }

    /// Reads what the server sends until it closes the connection or `wait` passes.
    fn read_within(stream: &mut TcpStream, wait: Duration) -> (String, bool) {
        stream.set_read_timeout(Some(wait)).unwrap();
        let mut received = Vec::new();
        let mut buffer = [0u8; 1024];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => return (String::from_utf8_lossy(&received).into_owned(), true),
                Ok(n) => received.extend_from_slice(&buffer[..n]),
                // Closed with the request unread, the kernel resets the connection.
                Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {
                    return (String::from_utf8_lossy(&received).into_owned(), true);
                }
                Err(_) => return (String::from_utf8_lossy(&received).into_owned(), false),
            }
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn half_sent_headers_and_idle_connections_are_closed() {
        let (address, _stop) = serve(8).await;
        tokio::task::spawn_blocking(move || {
            // Headers that never finish: closed (with 408) after the header timeout.
            let mut slow = TcpStream::connect(address).unwrap();
            slow.write_all(b"GET / HTTP/1.1\r\nHost: kinerja\r\n").unwrap();
            let (_, closed) = read_within(&mut slow, Duration::from_secs(5));
            assert!(closed, "a half-sent request does not keep its connection");
            // A kept-alive connection left idle after its answer: closed too.
            let mut idle = TcpStream::connect(address).unwrap();
            idle.write_all(b"GET / HTTP/1.1\r\nHost: kinerja\r\n\r\n").unwrap();
            let (answer, closed) = read_within(&mut idle, Duration::from_secs(5));
            assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok"), "{answer}");
            assert!(closed, "an idle kept-alive connection is closed");
        })
        .await
        .unwrap();
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn one_address_cannot_take_every_slot() {
        let (address, _stop) = serve(8).await;
        tokio::task::spawn_blocking(move || {
            let held: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(address).unwrap()).collect();
            std::thread::sleep(Duration::from_millis(100));
            let mut fourth = TcpStream::connect(address).unwrap();
            let _ = fourth.write_all(b"GET / HTTP/1.1\r\nHost: kinerja\r\n\r\n");
            let (answer, closed) = read_within(&mut fourth, Duration::from_secs(2));
            assert!(answer.is_empty() && closed, "the fourth connection of one address is closed: {answer}");
            drop(held);
        })
        .await
        .unwrap();
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn connections_beyond_the_cap_wait_for_a_free_slot() {
        let (address, _stop) = serve(1).await;
        tokio::task::spawn_blocking(move || {
            let mut holder = TcpStream::connect(address).unwrap();
            holder.write_all(b"GET / HTTP/1.1\r\nHost: kinerja\r\n").unwrap();
            std::thread::sleep(Duration::from_millis(100));
            let mut waiting = TcpStream::connect(address).unwrap();
            waiting.write_all(b"GET / HTTP/1.1\r\nHost: kinerja\r\nConnection: close\r\n\r\n").unwrap();
            let (early, _) = read_within(&mut waiting, Duration::from_millis(300));
            assert_eq!(early, "", "not served while the only slot is taken");
            // The holder's headers time out; its slot goes to the waiting connection.
            let (later, closed) = read_within(&mut waiting, Duration::from_secs(5));
            assert!(later.starts_with("HTTP/1.1 200") && closed, "{later}");
            drop(holder);
        })
        .await
        .unwrap();
    }
}
