use super::*;
use crate::d;
use crate::planning::Aggregation;
use proptest::prelude::*;

fn value(text: &str) -> Target {
    Target::Value { value: d(text) }
}

fn capaian(method: &Method, polarity: Polarity, target: &str, actual: &str) -> Achievement {
    value_achievement(method, polarity, d(target), d(actual))
}

const INVERSE: Method = Method { negative: NegativeFormula::Inverse, ..Method::STANDARD };

#[test]
fn higher_is_better_is_actual_over_target() {
    assert_eq!(capaian(&Method::STANDARD, Polarity::Higher, "90.89", "92.22").rounded(), Some(d("101.46")));
    assert_eq!(capaian(&Method::STANDARD, Polarity::Higher, "50", "25").percent, Some(d("50")));
}

#[test]
fn lower_is_better_by_either_formula() {
    // The poverty example of sakip-rules.md §3: T = 8.0, R = 7.6.
    assert_eq!(capaian(&Method::STANDARD, Polarity::Lower, "8.0", "7.6").percent, Some(d("105")));
    assert_eq!(capaian(&INVERSE, Polarity::Lower, "8.0", "7.6").rounded(), Some(d("105.26")));
    // Twice the target is zero under the standard formula, and below it negative.
    assert_eq!(capaian(&Method::STANDARD, Polarity::Lower, "10", "20").percent, Some(d("0")));
    assert_eq!(capaian(&Method::STANDARD, Polarity::Lower, "10", "25").percent, Some(d("-50")));
}

#[test]
fn a_zero_target_is_reached_or_not() {
    let zero_target = |polarity, actual| capaian(&Method::STANDARD, polarity, "0", actual);
    assert_eq!(zero_target(Polarity::Lower, "0"), Achievement::noted(d("100"), Note::ZeroTarget));
    assert_eq!(zero_target(Polarity::Lower, "3"), Achievement::noted(d("0"), Note::ZeroTarget));
    assert_eq!(zero_target(Polarity::Higher, "3"), Achievement::noted(d("100"), Note::ZeroTarget));
    assert_eq!(zero_target(Polarity::Higher, "-1"), Achievement::noted(d("0"), Note::ZeroTarget));
}

#[test]
fn inverse_needs_a_cap_for_a_zero_actual() {
    assert_eq!(capaian(&INVERSE, Polarity::Lower, "5", "0"), Achievement::none(Note::ZeroActual));
    let capped = Method { cap: Some(d("120")), ..INVERSE };
    assert_eq!(capaian(&capped, Polarity::Lower, "5", "0"), Achievement::noted(d("120"), Note::Capped));
    assert_eq!(capaian(&capped, Polarity::Lower, "5", "-2"), Achievement::noted(d("120"), Note::Capped));
}

#[test]
fn a_negative_target_measures_the_distance_from_it() {
    // Growth of −2 % planned, −1 % reached: half the target's size better.
    assert_eq!(
        capaian(&Method::STANDARD, Polarity::Higher, "-2", "-1"),
        Achievement::noted(d("150"), Note::NegativeTarget)
    );
    assert_eq!(
        capaian(&Method::STANDARD, Polarity::Lower, "-2", "-1"),
        Achievement::noted(d("50"), Note::NegativeTarget)
    );
}

#[test]
fn ranges_score_against_the_nearer_bound() {
    let range = Target::Range { low: d("2"), high: d("4") };
    let score = |actual: &str| {
        achievement(
            &Method::STANDARD,
            Polarity::Range,
            LevelRule::default(),
            Some(&range),
            Some(Actual::Value(d(actual))),
        )
    };
    assert_eq!(score("3").percent, Some(d("100")));
    assert_eq!(score("4").percent, Some(d("100")));
    assert_eq!(score("5").percent, Some(d("75")), "(2×4 − 5)/4");
    assert_eq!(score("1").percent, Some(d("50")), "1/2");
}

#[test]
fn levels_score_by_scale_or_by_reaching() {
    let scale: Vec<String> = ["Rintisan", "Berkembang", "Maju", "Mandiri"].map(String::from).to_vec();
    let target = Target::Level { level: "Maju".into() };
    let score = |scoring, scale: &[String], reached: &str| {
        let rule = LevelRule { scale, scoring: Some(scoring) };
        achievement(&Method::STANDARD, Polarity::Higher, rule, Some(&target), Some(Actual::Level(reached)))
    };
    assert_eq!(score(LevelScoring::Ordinal, &scale, "berkembang").rounded(), Some(d("66.67")));
    assert_eq!(score(LevelScoring::Ordinal, &scale, "Mandiri").percent, Some(d("133.33333333333333333333333333")));
    assert_eq!(score(LevelScoring::Reached, &scale, "Mandiri").percent, Some(d("100")));
    assert_eq!(score(LevelScoring::Reached, &scale, "Rintisan").percent, Some(d("0")));
    assert_eq!(score(LevelScoring::Reached, &[], "maju").percent, Some(d("100")));
    assert_eq!(score(LevelScoring::Reached, &[], "Mandiri").percent, Some(d("0")));
    assert_eq!(score(LevelScoring::Ordinal, &scale, "Unggul"), Achievement::none(Note::LevelNotOnScale));
    assert_eq!(score(LevelScoring::Ordinal, &[], "Maju"), Achievement::none(Note::LevelNotOnScale));
}

#[test]
fn missing_values_and_mismatches_have_reasons() {
    let method = Method::STANDARD;
    let rule = LevelRule::default();
    let target = value("10");
    let none = |target, actual| achievement(&method, Polarity::Higher, rule, target, actual);
    assert_eq!(none(None, Some(Actual::Value(d("1")))), Achievement::none(Note::MissingTarget));
    assert_eq!(none(Some(&target), None), Achievement::none(Note::MissingActual));
    assert_eq!(none(Some(&target), Some(Actual::Level("Maju"))), Achievement::none(Note::KindMismatch));
    assert_eq!(
        capaian(&method, Polarity::Higher, "0.0000000000000000000000000001", &Decimal::MAX.to_string()).note,
        Some(Note::Overflow)
    );
}

#[test]
fn caps_and_floors_limit_and_say_so() {
    let method = Method::new(NegativeFormula::Standard, Some(d("120")), Some(d("0"))).unwrap();
    assert_eq!(capaian(&method, Polarity::Higher, "10", "15"), Achievement::noted(d("120"), Note::Capped));
    assert_eq!(capaian(&method, Polarity::Lower, "10", "25"), Achievement::noted(d("0"), Note::Floored));
    assert_eq!(capaian(&method, Polarity::Higher, "10", "11").percent, Some(d("110")));
    assert_eq!(Method::new(NegativeFormula::Standard, Some(d("50")), Some(d("60"))), Err(Reason::CapBelowFloor));
}

#[test]
fn display_rounding_is_half_up() {
    assert_eq!(round(d("101.455")), d("101.46"));
    assert_eq!(round(d("-0.125")), d("-0.13"));
    assert_eq!(round(d("99.994999")), d("99.99"));
}

#[test]
fn quarters_parse_in_the_forms_people_write() {
    for raw in ["2", "TW2", "tw 2", "Q2", "TW II", "ii"] {
        assert_eq!(Quarter::parse(raw).map(Quarter::number), Ok(2), "{raw}");
    }
    assert_eq!(Quarter::parse("5"), Err(Reason::NotAQuarter));
    assert_eq!(Quarter::new(0), Err(Reason::NotAQuarter));
    assert_eq!(Quarter::new(4).map(|q| q.to_string()), Ok("TW IV".into()));
}

#[test]
fn quarters_aggregate_by_the_indicators_kind() {
    let values = || [d("10"), d("30"), d("20")].into_iter();
    assert_eq!(aggregate(Aggregation::Sum, values()), Some(d("60")));
    assert_eq!(aggregate(Aggregation::Last, values()), Some(d("20")));
    assert_eq!(aggregate(Aggregation::Average, values()), Some(d("20")));
    assert_eq!(aggregate(Aggregation::Max, values()), Some(d("30")));
    assert_eq!(aggregate(Aggregation::Min, values()), Some(d("10")));
    assert_eq!(aggregate(Aggregation::Sum, std::iter::empty()), None);
}

#[test]
fn capaian_to_date_uses_the_quarters_so_far() {
    let mut series = Series::default();
    for (q, target, actual) in [(1, "25", Some("20")), (2, "25", Some("30")), (3, "25", None), (4, "25", None)] {
        series.set(Quarter::new(q).unwrap(), Some(d(target)), actual.map(d));
    }
    let method = Method::STANDARD;
    let at = |kind, q| series.capaian_to_date(&method, Polarity::Higher, kind, Quarter::new(q).unwrap()).percent;
    assert_eq!(at(Aggregation::Sum, 1), Some(d("80")));
    assert_eq!(at(Aggregation::Sum, 2), Some(d("100")), "(20 + 30) / (25 + 25)");
    assert_eq!(at(Aggregation::Last, 2), Some(d("120")));
    // The year, before TW III is reported: data s.d. TW II, the missing quarters are not zeros.
    assert_eq!(series.capaian_of_year(&method, Polarity::Higher, Aggregation::Sum).percent, Some(d("100")));
    let year = series.to_date(Aggregation::Sum, Quarter::LAST, ToDateRule::Contiguous);
    assert_eq!((year.target, year.actual, year.through), (Some(d("50")), Some(d("50")), Quarter::new(2).ok()));
    assert_eq!(
        series.capaian_of_quarter(&method, Polarity::Higher, Quarter::new(3).unwrap()).note,
        Some(Note::MissingActual)
    );
}

#[test]
fn roll_ups_count_what_is_behind_them() {
    let mut sasaran = Tally::default();
    let (q1, q2) = (Quarter::new(1).ok(), Quarter::new(2).ok());
    sasaran.add(Some(d("100")), d("2"), q2);
    sasaran.add(Some(d("70")), d("1"), q2);
    sasaran.add(None, d("1"), None);
    let mut opd = Tally::default();
    opd.add(Some(d("40")), Decimal::ZERO, q1);
    opd.merge(&sasaran);
    let sasaran = sasaran.finish();
    assert_eq!(sasaran.mean, Some(d("85")));
    assert_eq!(sasaran.weighted_mean, Some(d("90")));
    assert_eq!((sasaran.indicators, sasaran.without_capaian), (2, 1));
    let opd = opd.finish();
    assert_eq!(opd.mean, Some(d("70")));
    assert_eq!(opd.weighted_mean, Some(d("90")), "a zero weight stays out of the weighted mean");
    assert_eq!((opd.indicators, opd.without_capaian), (3, 1));
    assert_eq!((sasaran.through, sasaran.through_earliest), (q2, q2));
    assert_eq!((opd.through, opd.through_earliest), (q2, q1), "one indicator's data stop at TW I");
    assert_eq!(Tally::default().finish().mean, None);
}

#[test]
fn bands_and_status_follow_the_default_rulebook() {
    let books = crate::rulebook::Rulebooks::builtin().unwrap();
    let (_, rules) = books.capaian_or_default(None);
    let label = |capaian: &str| rules.bands.of(d(capaian)).label(Locale::Id).to_owned();
    assert_eq!(label("184.75"), "Sangat Tinggi");
    assert_eq!(label("91"), "Sangat Tinggi");
    assert_eq!(label("90.99"), "Tinggi");
    assert_eq!(label("66"), "Sedang");
    assert_eq!(label("51"), "Rendah");
    assert_eq!(label("50.99"), "Sangat Rendah");
    assert_eq!(label("-20"), "Sangat Rendah");
    assert_eq!(rules.bands.of(d("80")).label(Locale::En), "High");
    assert_eq!(rules.status.status(d("95")), Status::OnTrack);
    assert_eq!(rules.status.status(d("80")), Status::AtRisk);
    assert_eq!(rules.status.status(d("75.99")), Status::OffTrack);
}

#[test]
fn budget_absorption_and_efficiency() {
    assert_eq!(absorption(d("200"), d("150")), Some(d("75")));
    assert_eq!(absorption(d("0"), d("150")), None);
    assert_eq!(savings_efficiency(d("100"), d("200"), d("150")), Some(d("25")));
    assert_eq!(savings_efficiency(d("99.9"), d("200"), d("150")), None, "no efficiency without the target met");
    let outputs = [
        // 10 % cheaper per unit than planned.
        OutputCost { pagu: d("1000"), spent: d("900"), target_volume: d("10"), actual_volume: d("10") },
        // 20 % dearer per unit.
        OutputCost { pagu: d("1000"), spent: d("600"), target_volume: d("10"), actual_volume: d("5") },
        OutputCost { pagu: d("1000"), spent: d("0"), target_volume: d("10"), actual_volume: d("0") },
    ];
    let result = unit_cost_efficiency(&outputs).unwrap();
    assert_eq!(result.efficiency, d("-5"));
    assert_eq!(result.score, d("37.5"), "50 + (−5/20) × 50");
    assert_eq!(result.skipped, 1);
    assert_eq!(unit_cost_efficiency(&[]), None);
}

// --- properties ---------------------------------------------------------------

/// Decimals of every size and scale, with zero and the extremes well represented.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        3 => (-1_000_000i64..1_000_000, 0u32..6).prop_map(|(n, scale)| Decimal::new(n, scale)),
        1 => Just(Decimal::ZERO),
        1 => (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
            .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale)),
        1 => prop_oneof![Just(Decimal::MAX), Just(Decimal::MIN)],
    ]
}

fn any_method() -> impl Strategy<Value = Method> {
    let limit = prop::option::of((0i64..300).prop_map(Decimal::from));
    (prop_oneof![Just(NegativeFormula::Standard), Just(NegativeFormula::Inverse)], limit.clone(), limit)
        .prop_filter_map("cap below floor", |(negative, cap, floor)| Method::new(negative, cap, floor).ok())
}

proptest! {
    #[test]
    fn higher_never_falls_as_the_actual_grows(method in any_method(), target in any_decimal(), a in any_decimal(), b in any_decimal()) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let at_low = value_achievement(&method, Polarity::Higher, target, low).percent;
        let at_high = value_achievement(&method, Polarity::Higher, target, high).percent;
        if let (Some(at_low), Some(at_high)) = (at_low, at_high) {
            prop_assert!(at_low <= at_high, "{at_low} > {at_high}");
        }
    }

    #[test]
    fn lower_never_rises_as_the_actual_grows(method in any_method(), target in any_decimal(), a in any_decimal(), b in any_decimal()) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let at_low = value_achievement(&method, Polarity::Lower, target, low).percent;
        let at_high = value_achievement(&method, Polarity::Lower, target, high).percent;
        if let (Some(at_low), Some(at_high)) = (at_low, at_high) {
            prop_assert!(at_low >= at_high, "{at_low} < {at_high}");
        }
    }

    #[test]
    fn caps_and_floors_hold(method in any_method(), polarity in prop::sample::select(Polarity::ALL), target in any_decimal(), actual in any_decimal()) {
        let result = value_achievement(&method, polarity, target, actual);
        if let Some(percent) = result.percent {
            prop_assert!(method.cap.is_none_or(|cap| percent <= cap));
            prop_assert!(method.floor.is_none_or(|floor| percent >= floor));
        }
    }

    /// Decimals cannot be NaN or infinite: "finite" means every input gives a
    /// value or a reason, without a panic.
    #[test]
    fn every_input_gives_a_value_or_a_reason(method in any_method(), polarity in prop::sample::select(Polarity::ALL), target in any_decimal(), actual in any_decimal()) {
        let result = value_achievement(&method, polarity, target, actual);
        prop_assert!(result.percent.is_some() || result.note.is_some());
        let _ = result.rounded();
    }

    #[test]
    fn cumulative_and_last_agree_on_a_single_quarter(quarter in 1i64..=4, target in any_decimal(), actual in any_decimal(), polarity in prop::sample::select(Polarity::ALL)) {
        let quarter = Quarter::new(quarter).unwrap();
        let mut series = Series::default();
        series.set(quarter, Some(target), Some(actual));
        for upto in Quarter::ALL.into_iter().filter(|q| *q >= quarter) {
            prop_assert_eq!(series.to_date(Aggregation::Sum, upto, ToDateRule::Contiguous), series.to_date(Aggregation::Last, upto, ToDateRule::Contiguous));
            prop_assert_eq!(
                series.capaian_to_date(&Method::STANDARD, polarity, Aggregation::Sum, upto),
                series.capaian_to_date(&Method::STANDARD, polarity, Aggregation::Last, upto)
            );
        }
    }

    #[test]
    fn every_capaian_falls_in_one_band(capaian in any_decimal()) {
        let books = crate::rulebook::Rulebooks::builtin().unwrap();
        let (_, rules) = books.capaian_or_default(None);
        let band = rules.bands.of(capaian);
        prop_assert!(band.from.is_none_or(|from| capaian >= from));
        let rank = rules.bands.rank(capaian);
        if rank > 0 {
            prop_assert!(rules.bands.all()[rank - 1].from.is_some_and(|from| capaian < from));
        }
    }
}

#[test]
fn a_year_is_tallied_per_element_and_for_the_group() {
    let series = |target: &str, actual: Option<&str>| {
        let mut series = Series::default();
        series.set(Quarter::LAST, Some(d(target)), actual.map(d));
        series
    };
    let indicator = |indicator, element, polarity, series| IndicatorYear {
        indicator,
        element,
        polarity,
        aggregation: Aggregation::Last,
        series,
    };
    let mut indicators = vec![
        indicator(3, 20, Polarity::Higher, series("50", Some("40"))),
        indicator(1, 10, Polarity::Higher, series("80", Some("80"))),
        indicator(2, 10, Polarity::Lower, series("10", Some("8"))),
        indicator(4, 20, Polarity::Higher, series("50", None)),
    ];
    let (elements, group) = tally_year(&Method::STANDARD, &mut indicators);
    let means: Vec<_> = elements.iter().map(|(e, t)| (*e, t.finish().mean, t.finish().without_capaian)).collect();
    assert_eq!(means, [(10, Some(d("110")), 0), (20, Some(d("80")), 1)]);
    let group = group.finish();
    assert_eq!((group.mean, group.indicators, group.without_capaian), (Some(d("100")), 3, 1));
}

/// A series with arbitrary quarters set: each may have a target, an actual, both or neither.
fn any_series() -> impl Strategy<Value = Series> {
    let slot = (prop::option::of(any_decimal()), prop::option::of(any_decimal()));
    prop::array::uniform4(slot).prop_map(|slots| {
        let mut series = Series::default();
        for (quarter, (target, actual)) in Quarter::ALL.into_iter().zip(slots) {
            series.set(quarter, target, actual);
        }
        series
    })
}

fn any_rule() -> impl Strategy<Value = ToDateRule> {
    prop::sample::select(ToDateRule::ALL)
}

proptest! {
    /// Missing is not zero: reading one quarter further, into a quarter
    /// without an actual, changes nothing, whatever its target.
    #[test]
    fn a_quarter_without_an_actual_never_changes_capaian_to_date(
        series in any_series(),
        rule in any_rule(),
        kind in prop::sample::select(Aggregation::ALL),
        polarity in prop::sample::select(Polarity::ALL),
        quarter in 1i64..4,
        target in prop::option::of(any_decimal()),
    ) {
        let upto = Quarter::new(quarter).unwrap();
        let next = Quarter::new(quarter + 1).unwrap();
        let mut extended = series;
        extended.set(next, target, None);
        let method = Method { to_date: rule, ..Method::STANDARD };
        let before = series.to_date(kind, upto, rule);
        let after = extended.to_date(kind, next, rule);
        if before.through.is_some() {
            prop_assert_eq!((before.actual, before.through), (after.actual, after.through));
            prop_assert_eq!(before.target, after.target);
            prop_assert_eq!(
                series.capaian_to_date(&method, polarity, kind, upto),
                extended.capaian_to_date(&method, polarity, kind, next)
            );
        } else {
            prop_assert_eq!(after.actual, None);
        }
    }

    /// The quarters counted are exactly those the rule names, and the data reach the last of them.
    #[test]
    fn the_data_reach_the_last_quarter_counted(series in any_series(), rule in any_rule(), quarter in 1i64..=4) {
        let upto = Quarter::new(quarter).unwrap();
        let counted = series.to_date(Aggregation::Sum, upto, rule);
        match counted.through {
            Some(through) => {
                prop_assert!(through <= upto);
                prop_assert!(series.actuals[usize::from(through.number() - 1)].is_some());
            }
            None => prop_assert_eq!(counted.actual, None),
        }
    }

    /// Roll-ups over any values, stored ones beyond entry's range included, never panic.
    #[test]
    fn roll_ups_never_panic(values in prop::collection::vec((prop::option::of(any_decimal()), any_decimal()), 0..40)) {
        let mut first = Tally::default();
        let mut second = Tally::default();
        for (i, (capaian, weight)) in values.iter().enumerate() {
            let target = if i % 2 == 0 { &mut first } else { &mut second };
            target.add(*capaian, *weight, Quarter::new(1 + (i as i64 % 4)).ok());
        }
        first.merge(&second);
        let rolled = first.finish();
        prop_assert_eq!(rolled.indicators as usize + rolled.without_capaian as usize, values.len());
    }

    /// Sums over any stored values never panic: an overflow is a missing figure.
    #[test]
    fn aggregates_never_panic(values in prop::collection::vec(any_decimal(), 0..12), kind in prop::sample::select(Aggregation::ALL)) {
        let _ = aggregate(kind, values.iter().copied());
        let _ = crate::number::checked_sum(values.iter().copied());
        let _ = absorption(values.first().copied().unwrap_or_default(), values.last().copied().unwrap_or_default());
    }
}

/// The case that showed the defect: Dinas Kesehatan's 15 indicators had
/// TW I and II approved, no TW III, and a partial TW IV (2 of 15) approved.
/// Cumulated targets to TW IV against actuals without TW III made its
/// capaian to date fall; data s.d. TW II must give the same figure as before.
#[test]
fn a_partial_fourth_quarter_after_a_missing_third_changes_nothing() {
    let books = crate::rulebook::Rulebooks::builtin().unwrap();
    let (_, rules) = books.capaian_or_default(None);
    let indicators: Vec<IndicatorYear> = (0..15)
        .map(|i| {
            let mut series = Series::default();
            for quarter in Quarter::ALL {
                let target = Decimal::from(25);
                let actual = match quarter.number() {
                    1 | 2 => Some(Decimal::from(23 + i % 4)),
                    4 if i < 2 => Some(Decimal::from(30)),
                    _ => None,
                };
                series.set(quarter, Some(target), actual);
            }
            IndicatorYear {
                indicator: i,
                element: 1,
                polarity: Polarity::Higher,
                aggregation: Aggregation::Sum,
                series,
            }
        })
        .collect();
    let opds = vec![(Some(1), indicators)];
    let at_two = overview(rules, &opds, Quarter::new(2).unwrap());
    let at_four = overview(rules, &opds, Quarter::LAST);
    assert_eq!(at_four.total.mean, at_two.total.mean);
    assert_eq!(at_four.total.through, Quarter::new(2).ok(), "data s.d. TW II");
    // The trend shows nothing for TW III and IV: no indicator's data reach them.
    assert_eq!(at_four.trend[3].1.indicators, 0);
    assert_eq!(at_four.trend[3].1.mean, None);
    assert_eq!(at_four.trend[1].1.mean, at_two.total.mean);
    // The old reading: every actual so far against all four targets (25 × 4 = 100), the gap as zero.
    let actuals = opds[0].1.iter().flat_map(|i| i.series.actuals.iter().flatten().copied());
    let old = crate::number::checked_sum(actuals).unwrap() / Decimal::from(15);
    assert!(at_two.total.mean.unwrap() > old + Decimal::from(40), "{old} is far below {:?}", at_two.total.mean);
}

#[test]
fn band_shares_are_percentages_of_the_banded_indicators() {
    let books = crate::rulebook::Rulebooks::builtin().unwrap();
    let (_, rules) = books.capaian_or_default(None);
    let mut view = overview(rules, &[], Quarter::LAST);
    assert!(view.band_shares().iter().all(|s| s.is_zero()), "nothing banded: no share, no division by zero");
    view.bands = vec![3, 1, 0, 0, 0];
    assert_eq!(view.band_shares(), [Decimal::from(75), Decimal::from(25), Decimal::ZERO, Decimal::ZERO, Decimal::ZERO]);
    view.bands = vec![1, 1, 1, 0, 0];
    let shares = view.band_shares();
    assert_eq!(round(shares[0]), Decimal::new(3333, 2));
}
