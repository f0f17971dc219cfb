use super::*;
use proptest::prelude::*;
use time::macros::date;

#[test]
fn the_standard_calendar_opens_in_the_last_month_and_closes_fifteen_days_after() {
    let q1 = Window::standard(2026, Quarter::ALL[0]);
    assert_eq!((q1.opens_on, q1.closes_on), (date!(2026 - 03 - 01), date!(2026 - 04 - 15)));
    let q4 = Window::standard(2026, Quarter::LAST);
    assert_eq!((q4.opens_on, q4.closes_on), (date!(2026 - 12 - 01), date!(2027 - 01 - 15)));
}

#[test]
fn a_period_locks_at_close_unless_reopened() {
    let window = Window::new(Quarter::ALL[2], date!(2026 - 09 - 01), date!(2026 - 10 - 15)).unwrap();
    assert_eq!(window.state(date!(2026 - 08 - 31), None), PeriodState::NotOpen);
    assert_eq!(window.state(date!(2026 - 10 - 15), None), PeriodState::Open);
    assert_eq!(window.state(date!(2026 - 10 - 16), None), PeriodState::Closed);
    assert_eq!(window.state(date!(2026 - 10 - 20), Some(date!(2026 - 10 - 25))), PeriodState::Reopened);
    assert_eq!(window.state(date!(2026 - 10 - 26), Some(date!(2026 - 10 - 25))), PeriodState::Closed);
    assert!(window.is_late(date!(2026 - 10 - 16)) && !window.is_late(date!(2026 - 10 - 15)));
    assert_eq!(
        Window::new(Quarter::ALL[0], date!(2026 - 04 - 02), date!(2026 - 04 - 01)),
        Err(Reason::ClosesBeforeOpens)
    );
}

#[test]
fn quarters_cover_the_year_without_gaps() {
    for year in [2024, 2025, 2026] {
        let mut expected = Date::from_calendar_date(year, Month::January, 1).unwrap();
        for quarter in Quarter::ALL {
            let (first, last) = quarter_days(year, quarter);
            assert_eq!(first, expected);
            expected = last.next_day().unwrap();
        }
        assert_eq!(expected, Date::from_calendar_date(year + 1, Month::January, 1).unwrap());
    }
    assert_eq!(last_ended_quarter(2026, date!(2026 - 11 - 22)), Some(Quarter::ALL[2]));
    assert_eq!(last_ended_quarter(2026, date!(2026 - 03 - 31)), None);
}

#[test]
fn the_workflow_needs_a_note_to_return_and_freezes_on_approval() {
    use ReportStatus::*;
    assert_eq!(next_status(Draft, ReportStep::Submit, ""), Ok(Submitted));
    assert_eq!(next_status(Submitted, ReportStep::Return, "  "), Err(Reason::Required));
    assert_eq!(next_status(Submitted, ReportStep::Return, "bukti kurang"), Ok(Returned));
    assert_eq!(next_status(Returned, ReportStep::Submit, ""), Ok(Submitted));
    assert_eq!(next_status(Submitted, ReportStep::Approve, ""), Ok(Approved));
    for step in ReportStep::ALL {
        assert_eq!(next_status(Approved, *step, "x"), Err(Reason::StepNotAllowed));
        assert_eq!(next_status(Superseded, *step, "x"), Err(Reason::StepNotAllowed));
    }
    assert_eq!(next_status(Draft, ReportStep::Approve, ""), Err(Reason::StepNotAllowed));
    assert!(Draft.is_editable() && Returned.is_editable() && !Submitted.is_editable());
    assert!(Approved.is_frozen() && !Approved.is_editable());
}

#[test]
fn entries_parse_indonesian_numbers_and_limit_narratives() {
    let entry = Entry::parse("1.234,5", " naik ", "", "lanjut", Locale::Id).unwrap();
    assert_eq!(entry.actual, Some(Decimal::new(12345, 1)));
    assert_eq!(entry.narrative.achieved, "naik");
    assert_eq!(Entry::parse("", "", "", "", Locale::Id).unwrap().actual, None);
    // The dot groups thousands in Indonesian: 2.500 is refused rather than read as 2,5.
    let ambiguous = Entry::parse("2.500", "", "", "", Locale::Id).unwrap_err();
    assert!(matches!(ambiguous.for_field("actual").map(|e| &e.reason), Some(Reason::AmbiguousNumber { .. })));
    assert_eq!(Entry::parse("1.000.000", "", "", "", Locale::Id).unwrap().actual, Some(Decimal::from(1_000_000)));
    assert_eq!(Entry::parse("2,500", "", "", "", Locale::En).unwrap().actual, Some(Decimal::from(2500)));
    let long = "x".repeat(NARRATIVE_MAX + 1);
    let invalid = Entry::parse("abc", &long, "", "", Locale::Id).unwrap_err();
    assert_eq!(invalid.for_field("actual").map(|e| &e.reason), Some(&Reason::NotANumber));
    assert_eq!(invalid.for_field("achieved").map(|e| &e.reason), Some(&Reason::TooLong { max: NARRATIVE_MAX }));
    assert_eq!(parse_spent("-5", Locale::Id), Err(Reason::Negative));
    assert_eq!(parse_spent("", Locale::Id), Ok(None));
    assert!(matches!(parse_spent("50.000.000.000.000.000.000.000.000", Locale::Id), Err(Reason::OutOfRange { .. })));
}

#[test]
fn clearing_a_saved_actual_and_implausible_values_need_a_confirmation() {
    use crate::planning::{Plausible, ValueKind};
    let percent = Plausible::of(ValueKind::Percent, None, None);
    let years = Plausible::of(ValueKind::Number, None, None);
    let entry = |actual: Option<i64>| Entry { actual: actual.map(Decimal::from), ..Entry::default() };
    let none = Confirmed::default();
    let saved = Some(Decimal::from(70));
    assert_eq!(check_entry(saved, &entry(None), &percent, none), Err(Reason::ClearNotConfirmed));
    let clear = Confirmed { clear_actual: true, ..none };
    assert_eq!(check_entry(saved, &entry(None), &percent, clear), Ok(ActualChange::Cleared));
    assert_eq!(check_entry(None, &entry(None), &percent, none), Ok(ActualChange::Unchanged));
    assert_eq!(check_entry(saved, &entry(Some(71)), &percent, none), Ok(ActualChange::Set));
    // A life expectancy of -5 years, a percentage of 150.
    let low = Reason::Implausible { low: Some(Decimal::ZERO), high: None };
    assert_eq!(check_entry(None, &entry(Some(-5)), &years, none), Err(low));
    assert!(matches!(check_entry(None, &entry(Some(150)), &percent, none), Err(Reason::Implausible { .. })));
    let sure = Confirmed { implausible: true, ..none };
    assert_eq!(check_entry(None, &entry(Some(150)), &percent, sure), Ok(ActualChange::SetImplausible));
    assert_eq!(check_entry(Some(Decimal::from(150)), &entry(Some(150)), &percent, none), Ok(ActualChange::Unchanged));
    // An indicator may allow more: growth of -3 %.
    let growth = Plausible::of(ValueKind::Percent, Some(Decimal::from(-100)), Some(Decimal::from(1000)));
    assert_eq!(check_entry(None, &entry(Some(-3)), &growth, none), Ok(ActualChange::Set));
}

#[test]
fn quarter_targets_come_from_the_rencana_aksi_or_the_year() {
    let year = Some(Decimal::from(100));
    assert_eq!(quarter_target(Aggregation::Sum, year, None), Some(Decimal::from(25)));
    assert_eq!(quarter_target(Aggregation::Last, year, None), year);
    assert_eq!(quarter_target(Aggregation::Sum, year, Some(Decimal::from(7))), Some(Decimal::from(7)));
    assert_eq!(quarter_target(Aggregation::Average, None, None), None);
}

#[test]
fn evidence_is_told_apart_by_content_not_name() {
    assert_eq!(check_evidence(b"%PDF-1.7 ..."), Ok(EvidenceKind::Pdf));
    assert_eq!(check_evidence(b"\x89PNG\r\n\x1a\n...."), Ok(EvidenceKind::Png));
    assert_eq!(check_evidence(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Ok(EvidenceKind::Jpeg));
    assert_eq!(check_evidence(b"PK\x03\x04....xl/workbook.xml...."), Ok(EvidenceKind::Xlsx));
    assert_eq!(check_evidence(b"PK\x03\x04....word/document.xml"), Err(Reason::FileType));
    assert_eq!(check_evidence(b"MZ\x90\x00 an executable"), Err(Reason::FileType));
    assert_eq!(check_evidence(b""), Err(Reason::Required));
    let large = vec![b'%'; EVIDENCE_MAX_MB * 1024 * 1024 + 1];
    assert_eq!(check_evidence(&large), Err(Reason::FileTooLarge { max_mb: EVIDENCE_MAX_MB }));
    assert_eq!(clean_file_name("C:\\data\\foto \"rapat\".jpg", EvidenceKind::Jpeg), "foto rapat.jpg");
    assert_eq!(clean_file_name("../", EvidenceKind::Pdf), "bukti.pdf");
}

proptest! {
    #[test]
    fn subjects_round_trip(id in 1i64..i64::MAX, pk in any::<bool>()) {
        let subject = if pk { Subject::PkRow(id) } else { Subject::Indicator(id) };
        prop_assert_eq!(Subject::parse(&subject.key()), Ok(subject));
        let (kind, raw) = subject.parts();
        prop_assert_eq!(Subject::from_parts(kind, raw), Some(subject));
    }

    #[test]
    fn subject_parsing_never_panics(raw in "\\PC{0,12}") {
        let _ = Subject::parse(&raw);
    }

    #[test]
    fn a_closed_period_stays_closed_and_reopening_only_extends(
        open in 0i64..400, length in 0i64..120, day in 0i64..800, extra in proptest::option::of(0i64..60)
    ) {
        let start = date!(2025 - 01 - 01);
        let opens_on = start + Duration::days(open);
        let closes_on = opens_on + Duration::days(length);
        let window = Window::new(Quarter::ALL[0], opens_on, closes_on).unwrap();
        let today = start + Duration::days(day);
        let until = extra.map(|e| closes_on + Duration::days(e));
        let state = window.state(today, until);
        // Entry is accepted exactly inside the window or inside a reopening after it.
        let inside = today >= opens_on && (today <= closes_on || until.is_some_and(|u| today <= u));
        prop_assert_eq!(state.accepts_entries(), inside);
        prop_assert_eq!(state == PeriodState::Closed, today > closes_on && !inside);
    }

    #[test]
    fn sniffing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = EvidenceKind::sniff(&bytes);
    }
}
