//! Capaian per second on one core, in memory (issue 4, §5: at least 10 million).
//!
//! `cargo bench -p domain --bench capaian` scores 20 million indicator
//! capaian (a mix of higher- and lower-is-better, both formulas, with and
//! without a cap) on the calling thread, and a year of four quarters per
//! indicator as the recompute does it.

use domain::capaian::{Method, NegativeFormula, Quarter, Series, value_achievement};
use domain::planning::{Aggregation, Polarity};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Instant;

const COUNT: usize = 20_000_000;

fn main() {
    // Varied, entered-looking values: two decimals, 1 to 200.
    let values: Vec<(Decimal, Decimal)> = (0..4096i64)
        .map(|i| (Decimal::new(100 + (i * 7919) % 19_900, 2), Decimal::new(100 + (i * 104_729) % 19_900, 2)))
        .collect();
    let methods = [
        Method::STANDARD,
        Method {
            negative: NegativeFormula::Inverse,
            cap: Some(Decimal::ONE_HUNDRED),
            floor: Some(Decimal::ZERO),
            ..Method::STANDARD
        },
    ];
    for method in methods {
        let started = Instant::now();
        let mut reached = 0usize;
        for i in 0..COUNT {
            let (target, actual) = values[i % values.len()];
            let polarity = if i % 5 == 0 { Polarity::Lower } else { Polarity::Higher };
            let result = value_achievement(&method, polarity, black_box(target), black_box(actual));
            reached += usize::from(result.percent.is_some_and(|p| p >= Decimal::ONE_HUNDRED));
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{:>8} formula, cap {:>4}: {COUNT} capaian in {seconds:.3} s = {:.1} million/s on one core ({reached} reached)",
            method.negative.key(),
            method.cap.map_or("none".into(), |c| c.to_string()),
            COUNT as f64 / seconds / 1e6,
        );
    }

    let series: Vec<Series> = values
        .chunks(4)
        .map(|quarters| {
            let mut series = Series::default();
            for (quarter, (target, actual)) in Quarter::ALL.into_iter().zip(quarters) {
                series.set(quarter, Some(*target), Some(*actual));
            }
            series
        })
        .collect();
    let years = COUNT / 4;
    let started = Instant::now();
    let mut sum = Decimal::ZERO;
    for i in 0..years {
        let aggregation = if i % 3 == 0 { Aggregation::Sum } else { Aggregation::Last };
        let year =
            black_box(&series[i % series.len()]).capaian_of_year(&Method::STANDARD, Polarity::Higher, aggregation);
        sum = sum.saturating_add(year.percent.unwrap_or_default());
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "year of 4 quarters (aggregate + capaian): {years} indicators in {seconds:.3} s = {:.1} million/s on one core ({})",
        years as f64 / seconds / 1e6,
        sum.is_zero()
    );
}
