//! 200 OPD operators saving actuals at once (issue 6, §9), over HTTP on
//! loopback against the real router, on SQLite or PostgreSQL.
//!
//! `cargo bench -p web --bench realisation_load` loads the demo pemda into
//! a fresh SQLite file; with `BENCH_DATABASE_URL=postgres://…` it uses that
//! (empty) database instead. Each operator has a session of its own and
//! saves one line of its OPD's open quarter again and again, sending the
//! revision it last got back, as the page does. Afterwards the saves are
//! counted in the database two ways (the entries' revisions and the audit
//! chain) and compared with the 200 answers: none lost, none twice.

use domain::access::Role;
use domain::capaian::Quarter;
use domain::drafts::GrantDraft;
use domain::realisation::{PeriodState, Subject};
use domain::{OpdId, TenantId};
use sha2::Digest;
use std::collections::HashMap;
use std::time::Duration;
use store::{Actor, AuditQuery, Store, StoreOptions};
use web::{AppState, WebConfig};

const OPERATORS: usize = 200;

struct Operator {
    cookie: String,
    opd: i64,
    subject: Subject,
    /// The revision of the last answer, sent with the next save.
    revision: i64,
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    ok: u64,
    server_errors: u64,
    other: u64,
}

async fn database() -> Store {
    let url = match std::env::var("BENCH_DATABASE_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            let dir = std::env::temp_dir().join(format!("kinerja_bench_load_{}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("temp dir");
            format!("sqlite://{}", dir.join("demo.db").display())
        }
    };
    // BENCH_SQLITE_SYNCHRONOUS=normal measures the setting before acknowledged saves were synced.
    let synchronous = match std::env::var("BENCH_SQLITE_SYNCHRONOUS").as_deref() {
        Ok("normal") => store::Synchronous::Normal,
        _ => store::Synchronous::Full,
    };
    let store = Store::connect(&url, &StoreOptions { synchronous, ..StoreOptions::default() }).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
}

/// An operator account on `opd` with a session made in the store, as a cookie.
async fn operator(store: &Store, tenant: TenantId, n: usize, opd: i64) -> String {
    let grant = GrantDraft { role: Role::OpdOperator, opd_id: Some(OpdId(opd)) };
    let user = store
        .create_user(
            Some(tenant),
            &Actor::system("bench"),
            &format!("beban.{n}"),
            "Operator Uji Beban",
            "plain:x",
            &grant,
        )
        .await
        .expect("user");
    let secret = format!("bench-session-{n}-{}", std::process::id());
    let hash = hex::encode(sha2::Sha256::digest(secret.as_bytes()));
    let now = time::OffsetDateTime::now_utc();
    store.create_session(domain::UserId(user.id), &hash, now, now + time::Duration::hours(2)).await.expect("session");
    format!("kinerja_sesi={secret}")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let store = database().await;
    let today = time::OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap()).date();
    let summary = demo::load(&store, |p| format!("plain:{p}"), today).await.expect("demo");
    let tenant = summary.tenant.tenant_id();
    let year = today.year();
    let calendar = store.reporting_calendar(tenant, year).await.expect("calendar");
    let quarter: Quarter =
        calendar.iter().find(|w| w.state(today, None) == PeriodState::Open).expect("an open quarter").quarter;

    // One line per operator, spread over the OPDs.
    let mut lines: Vec<(i64, Subject)> = Vec::new();
    let opds = store.opd_options(tenant).await.expect("opds");
    let mut per_opd: Vec<Vec<Subject>> = Vec::new();
    for (opd, _) in &opds {
        let subjects: Vec<Subject> =
            store.report_lines(tenant, *opd, year).await.expect("lines").iter().map(|l| l.subject).collect();
        per_opd.push(subjects);
    }
    for depth in 0.. {
        let before = lines.len();
        for ((opd, _), subjects) in opds.iter().zip(&per_opd) {
            if let Some(subject) = subjects.get(depth) {
                lines.push((*opd, *subject));
            }
        }
        if lines.len() >= OPERATORS || lines.len() == before {
            break;
        }
    }
    lines.truncate(OPERATORS);
    let mut operators = Vec::new();
    for (n, (opd, subject)) in lines.into_iter().enumerate() {
        operators.push(Operator { cookie: operator(&store, tenant, n, opd).await, opd, subject, revision: 0 });
    }
    let distinct_opds = operators.iter().map(|o| o.opd).collect::<std::collections::HashSet<_>>().len();
    println!(
        "database: {}{} · {} operators on {distinct_opds} OPDs · TW {} {year} · {seconds} s",
        store.backend_name(),
        match (&store, std::env::var("BENCH_SQLITE_SYNCHRONOUS").as_deref()) {
            (Store::Sqlite(_), Ok("normal")) => " (synchronous=NORMAL)",
            (Store::Sqlite(_), _) => " (synchronous=FULL)",
            _ => "",
        },
        operators.len(),
        quarter.number()
    );

    let state = AppState::new(store.clone(), WebConfig { cookie_secure: false, ..WebConfig::default() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        axum::serve(listener, web::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
            .await
            .expect("serve");
    });
    let client = reqwest::Client::builder().pool_max_idle_per_host(OPERATORS).build().expect("client");
    let rate: f64 = std::env::var("BENCH_RATE").ok().and_then(|s| s.parse().ok()).unwrap_or(600.0);
    let mut answered = 0;
    let mut server_errors = 0;
    for (label, pace) in [
        (format!("paced at {rate:.0} saves/s offered"), Some(rate)),
        ("as fast as they can (saturation)".to_owned(), None),
    ] {
        let (back, tally, warm) = phase(&client, address, operators, year, quarter, pace, seconds).await;
        operators = back;
        answered += tally.ok + warm.ok;
        server_errors += tally.server_errors + warm.server_errors;
        report(&label, &tally, seconds);
    }

    // Counted afterwards: every answered save is one revision and one audit entry.
    let mut stored_revisions = 0i64;
    let mut mismatched = 0;
    let mut reports = HashMap::new();
    for Operator { opd, subject, revision, .. } in &operators {
        let report = match reports.get(opd) {
            Some(id) => *id,
            None => {
                let id = store.latest_report(tenant, *opd, year, quarter).await.expect("report").expect("a report").id;
                reports.insert(*opd, id);
                id
            }
        };
        let entries = store.report_entries(tenant, report).await.expect("entries");
        let stored = entries.iter().find(|e| e.subject == *subject).map_or(0, |e| e.revision);
        stored_revisions += stored;
        if stored != *revision {
            mismatched += 1;
        }
    }
    let query = AuditQuery {
        entity: Some("realisation".into()),
        action: Some("save".into()),
        page: 1,
        per_page: 1,
        ..AuditQuery::default()
    };
    let audited = store.audit_log(tenant, &query).await.expect("audit").total;
    let lost = answered as i64 - stored_revisions;
    println!(
        "counted: {answered} answered saves · {stored_revisions} stored revisions · {audited} audit entries · lost {} · duplicated {} · lines whose last answer differs from the database: {mismatched}",
        lost.max(0),
        (-lost).max(0) + (audited - answered as i64).max(0),
    );
    assert_eq!(server_errors, 0, "no 5xx");
    assert_eq!(stored_revisions, answered as i64, "every answered save is stored exactly once");
    assert_eq!(audited, answered as i64, "every answered save is audited exactly once");
}

fn report(label: &str, tally: &Tally, seconds: u64) {
    let mut latencies = tally.latencies.clone();
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: {} ok in {seconds} s = {:.0} saves/s · latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms · 5xx: {} · other: {}",
        tally.ok,
        tally.ok as f64 / seconds as f64,
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
        tally.server_errors,
        tally.other,
    );
}

/// Every operator saves its line for `seconds` after a 2 s warm-up; with
/// `rate`, the operators together offer that many saves per second, each at
/// its own fixed interval, and latency counts from when a save was due (so
/// a slow server cannot hide its queue by slowing the senders down).
async fn phase(
    client: &reqwest::Client,
    address: std::net::SocketAddr,
    operators: Vec<Operator>,
    year: i32,
    quarter: Quarter,
    rate: Option<f64>,
    seconds: u64,
) -> (Vec<Operator>, Tally, Tally) {
    let count = operators.len();
    let started = tokio::time::Instant::now();
    let warm_until = started + Duration::from_secs(2);
    let stop_at = warm_until + Duration::from_secs(seconds);
    let interval = rate.map(|r| Duration::from_secs_f64(count as f64 / r));
    let mut tasks = Vec::new();
    for (index, mut operator) in operators.into_iter().enumerate() {
        let client = client.clone();
        let url = format!("http://{address}/pemda/16.03/realisasi/opd/{}/isian", operator.opd);
        // Spread the operators' first saves over one interval.
        let offset = interval.map_or(Duration::ZERO, |i| i.mul_f64(index as f64 / count as f64));
        tasks.push(tokio::spawn(async move {
            let (mut tally, mut warm) = (Tally::default(), Tally::default());
            let key = operator.subject.key();
            let mut due = started + offset;
            let mut n: u64 = 0;
            while due < stop_at {
                if interval.is_some() {
                    tokio::time::sleep_until(due).await;
                } else {
                    due = tokio::time::Instant::now();
                }
                n += 1;
                let form = [
                    ("tahun", year.to_string()),
                    ("tw", quarter.number().to_string()),
                    ("subject", key.clone()),
                    ("revision", operator.revision.to_string()),
                    ("actual", format!("{}", 50 + n % 50)),
                    ("achieved", format!("Uji beban, simpanan ke-{n}")),
                    ("obstacles", String::new()),
                    ("follow_up", String::new()),
                ];
                let response = client
                    .post(&url)
                    .header("cookie", &operator.cookie)
                    .header("hx-request", "true")
                    .form(&form)
                    .send()
                    .await;
                let into = if due < warm_until { &mut warm } else { &mut tally };
                match response {
                    Ok(response) if response.status().is_success() => {
                        let body = response.text().await.unwrap_or_default();
                        let found = body
                            .split("data-revision=\"")
                            .nth(1)
                            .and_then(|rest| rest.split('"').next())
                            .and_then(|r| r.parse().ok());
                        match found {
                            Some(next) => {
                                operator.revision = next;
                                into.ok += 1;
                            }
                            None => into.other += 1,
                        }
                    }
                    Ok(response) if response.status().is_server_error() => into.server_errors += 1,
                    _ => into.other += 1,
                }
                into.latencies.push(due.elapsed());
                if let Some(interval) = interval {
                    due += interval;
                }
            }
            (operator, tally, warm)
        }));
    }
    let (mut back, mut total, mut warm) = (Vec::new(), Tally::default(), Tally::default());
    for task in tasks {
        let (operator, tally, warmed) = task.await.expect("task");
        back.push(operator);
        total.latencies.extend(tally.latencies);
        total.ok += tally.ok;
        total.server_errors += tally.server_errors;
        total.other += tally.other;
        warm.ok += warmed.ok;
        warm.server_errors += warmed.server_errors;
        warm.other += warmed.other;
    }
    (back, total, warm)
}
