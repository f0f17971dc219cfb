//! Perjanjian Kinerja documents (issue 5, §9): one PK as PDF, every PK of
//! the demo pemda as a ZIP, and LibreOffice converting the same PKs' DOCX
//! to PDF, for the ratio.
//!
//! `cargo bench -p web --bench pk_documents` loads the demo pemda into a
//! fresh SQLite file, then renders through the same functions the pages
//! use. LibreOffice (`soffice`, Debian's `libreoffice-writer-nogui`) is
//! used when installed; without it that part is reported as skipped.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};
use store::{Store, StoreOptions};
use web::{AppState, WebConfig, documents};

const WARM_ROUNDS: usize = 30;
/// DOCX files per LibreOffice run.
const BATCH: usize = 50;

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("kinerja_bench_pk_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}", dir.join("demo.db").display());
    let store = Store::connect(&url, &StoreOptions::default()).await.expect("open sqlite");
    store.migrate().await.expect("migrate");
    let today = time::OffsetDateTime::now_utc().date();
    let summary = demo::load(&store, |p| format!("plain:{p}"), today).await.expect("demo");
    let tenant = summary.tenant.tenant_id();
    let year = today.year();
    let state = AppState::new(store.clone(), WebConfig::default());
    let slots = store.pk_slots(tenant, year, None, today).await.expect("slots");
    let versions: Vec<i64> = slots.iter().filter_map(|s| s.version_id).collect();
    let kadis = slots
        .iter()
        .find(|s| s.position_name == "Kepala Dinas Kesehatan")
        .and_then(|s| s.version_id)
        .expect("the kepala dinas kesehatan's PK");
    println!("demo pemda: {} officials, {} PKs of {year}", summary.officials, versions.len());

    let pdf = |id: i64| {
        let state = state.clone();
        async move {
            let version = state.store.pk_version(tenant, id).await.expect("version");
            documents::pdf_bytes(&state, tenant, version).await.expect("pdf").1
        }
    };

    // The first render in a process loads the fonts and compiles the template.
    let started = Instant::now();
    let first = pdf(kadis).await;
    println!("\n== one PK as PDF (Kepala Dinas Kesehatan, {} bytes)", first.len());
    println!("first render in the process: {:.1} ms", ms(started.elapsed()));
    let mut same = Vec::new();
    for _ in 0..WARM_ROUNDS {
        let started = Instant::now();
        pdf(kadis).await;
        same.push(started.elapsed());
    }
    report("warm, the same PK again", &mut same);
    let mut others = Vec::new();
    for id in versions.iter().copied().filter(|id| *id != kadis).take(WARM_ROUNDS) {
        let started = Instant::now();
        pdf(id).await;
        others.push(started.elapsed());
    }
    report("warm, a different PK each time", &mut others);

    println!("\n== every PK of the year as one ZIP");
    let (total, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let started = Instant::now();
    let zip = documents::build_zip(&state, tenant, year, &total, &done).await.expect("zip");
    let zip_time = started.elapsed();
    println!("{} PDFs, {:.1} MB, in {:.2} s", versions.len(), zip.len() as f64 / 1e6, zip_time.as_secs_f64());

    let typst = Typst { zip: zip_time, one: others[others.len() / 2] };
    libreoffice(&state, tenant, &versions, kadis, &dir, typst).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// What typst took, to compare with.
struct Typst {
    zip: Duration,
    /// The median warm render of a PK not rendered before.
    one: Duration,
}

/// Writes the DOCX of every PK and converts them with LibreOffice headless,
/// one alone and then all of them.
async fn libreoffice(
    state: &AppState,
    tenant: domain::TenantId,
    versions: &[i64],
    kadis: i64,
    dir: &Path,
    typst: Typst,
) {
    println!("\n== the same PKs as DOCX, converted to PDF by LibreOffice headless");
    let found = ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(soffice) = found else {
        println!("skipped: soffice is not installed (apt-get install libreoffice-writer-nogui)");
        return;
    };
    let (docx_dir, out_dir, single_dir) = (dir.join("docx"), dir.join("pdf"), dir.join("single"));
    for d in [&docx_dir, &out_dir, &single_dir] {
        std::fs::create_dir_all(d).expect("dir");
    }
    let started = Instant::now();
    let mut files = Vec::new();
    for id in versions {
        let version = state.store.pk_version(tenant, *id).await.expect("version");
        let (_, bytes) = documents::docx_bytes(state, tenant, version).await.expect("docx");
        let path = docx_dir.join(format!("{id}.docx"));
        std::fs::write(&path, bytes).expect("write docx");
        files.push(path);
    }
    println!("writing {} DOCX: {:.2} s", files.len(), started.elapsed().as_secs_f64());
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let convert = |out: &Path, inputs: &[PathBuf]| {
        let started = Instant::now();
        let output = std::process::Command::new(soffice)
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(out)
            .args(inputs)
            .output()
            .expect("soffice runs");
        assert!(output.status.success(), "soffice failed: {}", String::from_utf8_lossy(&output.stderr));
        started.elapsed()
    };
    // The first run creates LibreOffice's profile; it is not counted.
    convert(&single_dir, &files[..1]);
    let single = convert(&single_dir, &[docx_dir.join(format!("{kadis}.docx"))]);
    // One soffice process for hundreds of files gave up part way in trials,
    // so the files go in batches; each batch pays the start once.
    let all = files.chunks(BATCH).map(|batch| convert(&out_dir, batch)).fold(Duration::ZERO, Duration::saturating_add);
    let converted = std::fs::read_dir(&out_dir).map(|d| d.count()).unwrap_or(0);
    println!("one DOCX (Kepala Dinas Kesehatan), process start included: {:.0} ms", ms(single));
    println!(
        "{converted} of {} DOCX in {} soffice runs of up to {BATCH}: {:.2} s",
        files.len(),
        files.len().div_ceil(BATCH),
        all.as_secs_f64()
    );
    println!(
        "ratio LibreOffice / typst: one PK {:.0}x (vs a warm typst render), all PKs {:.1}x (vs the ZIP)",
        single.as_secs_f64() / typst.one.as_secs_f64(),
        all.as_secs_f64() / typst.zip.as_secs_f64()
    );
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    println!("{label}: p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} renders)", at(0.5), at(0.9), at(1.0), times.len());
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
