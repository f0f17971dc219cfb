//! Recomputing a national year of capaian from the database, against a
//! plain SQL aggregate over the same rows (issue 4, §5).
//!
//! `cargo bench -p store --bench capaian_national` generates 550 pemda × 40
//! OPD × 30 indicators × 4 quarters into a fresh SQLite file, and into a
//! fresh PostgreSQL database when `BENCH_POSTGRES_URL` names a server, then
//! times each query several times and prints the best and the median.

use domain::rulebook::Rulebooks;
use std::time::{Duration, Instant};
use store::{NationalSpec, Store, StoreOptions};

const SPEC: NationalSpec = NationalSpec { tenants: 550, opds: 40, sasaran: 5, indicators: 30, year: 2026 };
const ROUNDS: usize = 5;

#[tokio::main]
async fn main() {
    let rulebooks = Rulebooks::builtin().expect("the shipped rulebooks load");
    let dir = std::env::temp_dir().join(format!("kinerja_bench_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let sqlite = format!("sqlite://{}", dir.join("national.db").display());
    run("SQLite", &sqlite, &rulebooks).await;
    if let Ok(admin_url) = std::env::var("BENCH_POSTGRES_URL") {
        let name = format!("kinerja_bench_{}", std::process::id());
        let admin = Store::connect(&admin_url, &StoreOptions { max_connections: Some(1), ..StoreOptions::default() })
            .await
            .expect("connect");
        admin.execute_unchecked(&format!("CREATE DATABASE {name}")).await.expect("create database");
        let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
        run("PostgreSQL", &format!("{base}/{name}"), &rulebooks).await;
        admin.execute_unchecked(&format!("DROP DATABASE {name}")).await.expect("drop database");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

async fn run(backend: &str, url: &str, rulebooks: &Rulebooks) {
    let store = Store::connect(url, &StoreOptions::default()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let started = Instant::now();
    let rows = store.generate_national(&SPEC).await.expect("generate");
    store.execute_unchecked("ANALYZE").await.expect("analyze");
    println!(
        "\n{backend}: {rows} quarterly rows of {} pemda generated in {:.1} s",
        SPEC.tenants,
        secs(started.elapsed())
    );

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A recompute part reads its indicators and its quarters on two connections at once.
    for parts in [1, cores] {
        let (mut by_opd, mut by_pemda, mut recompute) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let groups = store.sum_quarters(SPEC.year, parts, true).await.expect("aggregate");
            by_opd.push(started.elapsed());
            assert_eq!(groups as i64, SPEC.tenants * SPEC.opds);

            let started = Instant::now();
            let groups = store.sum_quarters(SPEC.year, parts, false).await.expect("aggregate");
            by_pemda.push(started.elapsed());
            assert_eq!(groups as i64, SPEC.tenants);

            let started = Instant::now();
            let year = store.recompute_capaian(SPEC.year, rulebooks, parts).await.expect("recompute");
            recompute.push(started.elapsed());
            let indicators = year
                .tenants
                .iter()
                .map(|t| t.total.indicators + t.total.without_capaian)
                .fold(0u32, u32::saturating_add);
            assert_eq!(i64::from(indicators), SPEC.tenants * SPEC.opds * SPEC.indicators);
        }
        let (by_opd, by_pemda, recompute) = (median(&mut by_opd), median(&mut by_pemda), median(&mut recompute));
        println!("{backend}, pemda split in {parts} part(s) run at once, best / median of {ROUNDS}:");
        println!("  plain SQL SUM per OPD (joins):     {:.3} s / {:.3} s", secs(by_opd.0), secs(by_opd.1));
        println!("  plain SQL SUM per pemda (no join): {:.3} s / {:.3} s", secs(by_pemda.0), secs(by_pemda.1));
        println!("  recompute, capaian + roll-ups:     {:.3} s / {:.3} s", secs(recompute.0), secs(recompute.1));
        println!(
            "  ratio of medians: {:.2}× the per-OPD aggregate, {:.2}× the per-pemda aggregate",
            secs(recompute.1) / secs(by_opd.1),
            secs(recompute.1) / secs(by_pemda.1)
        );
    }
    store.close().await;
}

fn median(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    (times[0], times[times.len() / 2])
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}
