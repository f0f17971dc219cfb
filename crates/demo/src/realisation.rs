//! The demo pemda's realisation: the reporting calendar of this year and
//! plausible reports for the quarters that have ended. Most OPDs report on
//! time and are approved; some report late, some fall behind their targets,
//! some reports were returned by the verifier, a few OPDs have not reported
//! the last quarter. The values are a deterministic function of the OPD,
//! the line and the quarter, so every demo database is the same.

use domain::TenantId;
use domain::capaian::Quarter;
use domain::planning::ElementKind;
use domain::realisation::{Entry, Narrative, ReportStep, Window, last_ended_quarter, quarter_days};
use rust_decimal::Decimal;
use store::{Actor, ReportKey, Result, Store};
use time::{Date, Duration};

/// A spread in hundredths from a few inputs, stable across runs.
fn spread(seed: u64, low: i64, high: i64) -> Decimal {
    let mixed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) >> 33;
    Decimal::new(low + (mixed % (high - low + 1) as u64) as i64, 2)
}

/// What happens to one OPD's report of a quarter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    OnTime,
    Late,
    Returned,
    Missing,
}

fn fate(opd_index: usize, quarter: Quarter, last: Quarter) -> Fate {
    match (opd_index % 9, quarter == last) {
        (3, _) => Fate::Late,
        (5, true) => Fate::Returned,
        (7, true) => Fate::Missing,
        _ => Fate::OnTime,
    }
}

pub async fn load(store: &Store, tenant: TenantId, actor: &Actor, today: Date) -> Result<()> {
    let year = today.year();
    // The quarter under way is open from its first day, so the demo can be tried at once.
    let windows: Vec<Window> = Quarter::ALL
        .iter()
        .map(|q| {
            let (first, last) = quarter_days(year, *q);
            if (first..=last).contains(&today) {
                Window { quarter: *q, opens_on: first, closes_on: last + Duration::days(15) }
            } else {
                Window::standard(year, *q)
            }
        })
        .collect();
    store.set_reporting_calendar(tenant, actor, year, &windows).await?;
    let Some(last) = last_ended_quarter(year, today) else { return Ok(()) };
    let opds = store.opd_options(tenant).await?;
    for (index, (opd, _)) in opds.iter().enumerate() {
        let lines = store.report_lines(tenant, *opd, year).await?;
        if lines.is_empty() {
            continue;
        }
        let renja = store.renja(tenant, *opd, year).await?;
        // Some OPDs fall well behind their targets.
        let behind = index % 6 == 2;
        for quarter in Quarter::ALL.iter().copied().filter(|q| *q <= last) {
            let fate = fate(index, quarter, last);
            if fate == Fate::Missing {
                continue;
            }
            let window = windows[usize::from(quarter.number() - 1)];
            let day = match fate {
                Fate::Late => window.closes_on + Duration::days(4),
                _ => window.closes_on - Duration::days(3),
            };
            if fate == Fate::Late {
                let key = ReportKey { opd: *opd, year, quarter, today: window.closes_on + Duration::days(1) };
                store.reopen_period(tenant, actor, key, day, "Operator baru ditunjuk, akun belum aktif").await?;
            }
            let key = ReportKey { opd: *opd, year, quarter, today: day };
            let entries: Vec<_> = lines
                .iter()
                .enumerate()
                .filter_map(|(i, line)| {
                    let target = line.target(quarter)?;
                    let seed = (*opd as u64) * 1000 + i as u64 * 10 + u64::from(quarter.number());
                    let factor = if behind { spread(seed, 35, 70) } else { spread(seed, 82, 112) };
                    // Within what the indicator plausibly takes: no percentage above 100.
                    let actual = (target * factor).round_dp(2);
                    let actual = line.plausible.high.map_or(actual, |high| actual.min(high));
                    let narrative = Narrative {
                        achieved: format!(
                            "Realisasi {} dari target {} {}.",
                            actual.normalize(),
                            target.normalize(),
                            line.unit
                        ),
                        obstacles: if factor < Decimal::ONE {
                            "Keterlambatan pengadaan dan SDM terbatas.".into()
                        } else {
                            String::new()
                        },
                        follow_up: if factor < Decimal::ONE {
                            "Percepatan kegiatan pada triwulan berikutnya.".into()
                        } else {
                            String::new()
                        },
                    };
                    Some((line.subject, Entry { actual: Some(actual), narrative }))
                })
                .collect();
            let spent: Vec<(String, Decimal)> = renja
                .iter()
                .filter(|r| r.kind == ElementKind::SubKegiatan)
                .filter_map(|r| {
                    let pagu = r.pagu_in_force()?;
                    let share = spread(*opd as u64 + u64::from(quarter.number()), 15, 27);
                    Some((r.code.clone(), (pagu * share).round_dp(0)))
                })
                .collect();
            store.import_entries(tenant, actor, key, &entries, &spent, false).await?;
            // Lines without a target for the quarter stay empty; the operator submits knowingly.
            store.report_step(tenant, actor, key, ReportStep::Submit, "", true).await?;
            let verifier = Actor::system("demo-verifikator");
            if fate == Fate::Returned {
                let note = "Bukti dukung belum dilampirkan untuk beberapa indikator; mohon dilengkapi.";
                store.report_step(tenant, &verifier, key, ReportStep::Return, note, false).await?;
            } else {
                store.report_step(tenant, &verifier, key, ReportStep::Approve, "", false).await?;
            }
        }
    }
    Ok(())
}
