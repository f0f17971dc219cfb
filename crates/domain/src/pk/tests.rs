use super::canonical::{CanonicalBudget, CanonicalParty, CanonicalRow};
use super::*;
use crate::cascade::{ElementContent, IndicatorContent, Plan, PlanHeader};
use crate::planning::{ElementDraft, ElementKind, IndicatorDraft, Period, PlanKind, PlanStatus};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

fn input(target: &str, quarters: [&str; 4]) -> PkRowInput {
    PkRowInput {
        goal: "Meningkatnya derajat kesehatan".into(),
        indicator: "Cakupan imunisasi".into(),
        unit: "%".into(),
        value_kind: "percent".into(),
        polarity: "higher".into(),
        aggregation: "sum".into(),
        target: target.into(),
        q1: quarters[0].into(),
        q2: quarters[1].into(),
        q3: quarters[2].into(),
        q4: quarters[3].into(),
        parent_key: String::new(),
    }
}

#[test]
fn rencana_aksi_must_aggregate_to_the_annual_target() {
    let ok = PkRow::parse(&input("100", ["25", "25", "25", "25"]), "k".into(), None, Locale::Id).unwrap();
    assert_eq!(ok.check_complete(), Ok(()));
    let wrong = PkRow::parse(&input("100", ["25", "25", "25", "20"]), "k".into(), None, Locale::Id).unwrap_err();
    assert_eq!(wrong.0[0].reason, Reason::RencanaAksi { aggregate: d(95) });
    // While drafting, an unfinished rencana aksi is kept; submission needs it whole.
    let partial = PkRow::parse(&input("100", ["25", "", "", ""]), "k".into(), None, Locale::Id).unwrap();
    assert_eq!(partial.check_complete(), Err(Reason::RencanaAksiMissing));

    let mut last = input("80", ["50", "60", "70", "80"]);
    last.aggregation = "last".into();
    assert!(PkRow::parse(&last, "k".into(), None, Locale::Id).is_ok());
    last.q4 = "79".into();
    assert!(PkRow::parse(&last, "k".into(), None, Locale::Id).is_err());

    let mut range = input("2 - 3", ["2", "2,5", "3", "2,5"]);
    (range.polarity, range.aggregation) = ("range".into(), "average".into());
    assert!(PkRow::parse(&range, "k".into(), None, Locale::Id).is_ok());
    range.q1 = "9".into();
    assert!(PkRow::parse(&range, "k".into(), None, Locale::Id).is_err(), "an average of 4,125 is outside 2 – 3");
}

#[test]
fn a_row_names_every_bad_field() {
    let mut bad = input("x", ["1", "y", "", ""]);
    bad.goal = String::new();
    let errors = PkRow::parse(&bad, "k".into(), None, Locale::Id).unwrap_err();
    let fields: Vec<_> = errors.0.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["goal", "target", "q2"]);
}

#[test]
fn the_workflow_goes_one_way() {
    use PkStatus::*;
    assert_eq!(Draft.after(Step::Submit, false), Ok(Submitted));
    assert_eq!(Submitted.after(Step::Return, false), Ok(Returned));
    assert_eq!(Returned.after(Step::Submit, false), Ok(Submitted));
    assert_eq!(Submitted.after(Step::Approve, false), Ok(Approved));
    assert_eq!(Approved.after(Step::SignSecond, false), Err(Reason::StepNotAllowed), "the first party signs first");
    assert_eq!(Approved.after(Step::SignFirst, false), Ok(SignedFirst));
    assert_eq!(SignedFirst.after(Step::Return, false), Err(Reason::StepNotAllowed), "signed is frozen");
    assert_eq!(SignedFirst.after(Step::SignSecond, false), Ok(InForce));
    assert_eq!(Approved.after(Step::SignFirst, true), Ok(InForce), "the kepala daerah signs alone");
    assert_eq!(InForce.after(Step::Replace, false), Ok(Replaced));
    assert_eq!(Draft.after(Step::Approve, false), Err(Reason::StepNotAllowed));
    for status in PkStatus::ALL {
        assert!(!(status.editable() && status.signed()), "{status:?}");
    }
}

fn party(official_id: i64) -> Party {
    let assignment = crate::org::AssignmentKind::Definitif;
    Party {
        official_id,
        name: format!("Pejabat {official_id}"),
        nip: String::new(),
        pangkat: String::new(),
        position: "Kepala".into(),
        assignment,
    }
}

fn content(first: i64, second: Option<i64>) -> PkContent {
    PkContent {
        code: "PK".into(),
        tenant_code: "16.03".into(),
        tenant_name: "Kabupaten Muara Enim".into(),
        year: 2026,
        number: 1,
        level: if second.is_some() { PkLevel::KepalaOpd } else { PkLevel::KepalaDaerah },
        first: party(first),
        second: second.map(party),
        place: "Muara Enim".into(),
        date: time::macros::date!(2026 - 01 - 15),
        rows: vec![],
        budget: vec![],
        amendment: None,
    }
}

#[test]
fn each_party_signs_in_turn_and_only_then() {
    use PkStatus::*;
    let pk = content(1, Some(2));
    assert_eq!(pk.signing_party(Approved, 1), Some(SigningParty::First));
    assert_eq!(pk.signing_party(Approved, 2), None, "the second party waits for the first");
    assert_eq!(pk.signing_party(SignedFirst, 2), Some(SigningParty::Second));
    assert_eq!(pk.signing_party(SignedFirst, 1), None, "no one signs twice");
    assert_eq!(pk.signing_party(Approved, 3), None, "a stranger never signs");
    for status in [Draft, Submitted, Returned, InForce, Replaced, Revoked] {
        assert_eq!(pk.signing_party(status, 1), None, "{status:?}");
        assert_eq!(pk.signing_party(status, 2), None, "{status:?}");
    }
    assert!(pk.is_party(1) && pk.is_party(2) && !pk.is_party(3));
    // A kepala daerah signs alone: there is no second turn.
    let solo = content(1, None);
    assert_eq!(solo.signing_party(SignedFirst, 1), None);
    assert_eq!(solo.party(SigningParty::Second).official_id, 1);
    for side in SigningParty::ALL {
        assert_eq!(
            pk.signing_party(
                if *side == SigningParty::First { Approved } else { SignedFirst },
                pk.party(*side).official_id
            ),
            Some(*side)
        );
    }
}

#[test]
fn an_amendment_starts_only_from_the_version_in_force_and_one_at_a_time() {
    use PkStatus::*;
    assert_eq!(may_amend(InForce, [InForce]), Ok(()));
    assert_eq!(may_amend(InForce, [Replaced, InForce]), Ok(()));
    assert_eq!(may_amend(InForce, [InForce, Draft]), Err(Reason::AmendmentOpen));
    assert_eq!(may_amend(InForce, [InForce, SignedFirst]), Err(Reason::AmendmentOpen));
    for status in [Draft, Submitted, Returned, Approved, SignedFirst, Replaced, Revoked] {
        assert_eq!(may_amend(status, [status]), Err(Reason::StepNotAllowed), "{status:?}");
    }
}

fn document() -> PkDocument {
    PkDocument {
        format: SIGNATURE_FORMAT,
        code: "7K2M-9QXA-0000-ABCD".into(),
        tenant_code: "16.03".into(),
        tenant_name: "Kabupaten Muara Enim".into(),
        year: 2026,
        version: 1,
        level: PkLevel::KepalaOpd,
        first: CanonicalParty {
            name: "dr. Siti Rahman, M.Kes.".into(),
            nip: "197501012000122001".into(),
            pangkat: "Pembina Utama Muda (IV/c)".into(),
            position: "Kepala Dinas Kesehatan".into(),
        },
        second: Some(CanonicalParty {
            name: "Dr. H. Ahmad Yani, S.H., M.H.".into(),
            nip: String::new(),
            pangkat: String::new(),
            position: "Bupati Muara Enim".into(),
        }),
        place: "Muara Enim".into(),
        date: "2026-01-31".into(),
        rows: vec![CanonicalRow {
            key: "i1".into(),
            goal: "Meningkatnya derajat kesehatan".into(),
            indicator: "Angka kematian ibu".into(),
            unit: "per 100.000 KH".into(),
            target: Some("95.5".into()),
            quarters: [None, None, None, Some("95.5".into())],
            parent_key: Some("i9".into()),
        }],
        budget: vec![CanonicalBudget {
            code: "1.02.02".into(),
            name: "Program Pemenuhan Upaya Kesehatan".into(),
            amount: "1250000000".into(),
            note: String::new(),
        }],
        amendment: None,
    }
}

#[test]
fn the_canonical_form_is_stable() {
    let text = String::from_utf8(document().canonical()).unwrap();
    assert!(
        text.starts_with(r#"{"format":"kinerja-pk/1","code":"7K2M-9QXA-0000-ABCD","tenant_code":"16.03""#),
        "{text}"
    );
    assert_eq!(document().digest(), document().digest());
}

#[test]
fn a_signature_holds_for_its_content_only() {
    let seed = [7u8; 32];
    let digest = document().digest();
    let signature = sign(&seed, &digest);
    assert!(verify(&public_key(&seed), &digest, &signature));
    assert!(!verify(&public_key(&[8u8; 32]), &digest, &signature), "another key");
    let mut changed = document();
    changed.rows[0].target = Some("95.6".into());
    assert!(!verify(&public_key(&seed), &changed.digest(), &signature), "another target");
}

proptest! {
    #[test]
    fn any_changed_byte_fails_verification(position in 0usize..10_000, flip in 1u8..=255) {
        let seed = [42u8; 32];
        let canonical = document().canonical();
        let digest: [u8; 32] = sha2::Sha256::digest(&canonical).into();
        let signature = sign(&seed, &digest);
        let mut tampered = canonical.clone();
        let index = position % tampered.len();
        tampered[index] ^= flip;
        let tampered_digest: [u8; 32] = sha2::Sha256::digest(&tampered).into();
        prop_assert!(!verify(&public_key(&seed), &tampered_digest, &signature));
    }

    #[test]
    fn verification_codes_read_back(random in any::<[u8; 10]>()) {
        let code = verification_code(random);
        prop_assert_eq!(code.len(), 19);
        prop_assert_eq!(parse_verification_code(&code.to_lowercase().replace('-', "")), Ok(code));
    }
}

use sha2::Digest;

fn indicator(id: i64, name: &str, year: i32, target: i64, aggregation: Aggregation) -> IndicatorContent {
    IndicatorContent {
        id: Some(id),
        draft: IndicatorDraft {
            name: name.into(),
            definition: None,
            formula: None,
            unit: "%".into(),
            polarity: Polarity::Higher,
            value_kind: ValueKind::Percent,
            aggregation,
            data_source: None,
            responsible_opd: None,
            is_iku: false,
            baseline: None,
            final_target: None,
            targets: vec![(year, Target::Value { value: d(target) })],
            plausible_min: None,
            plausible_max: None,
        },
    }
}

fn element(kind: ElementKind, code: &str, parent: Option<&str>, indicators: Vec<IndicatorContent>) -> ElementContent {
    ElementContent {
        id: None,
        draft: ElementDraft {
            kind,
            code: code.into(),
            name: format!("{kind:?} {code}"),
            parent_code: parent.map(Into::into),
        },
        indicators,
        budgets: vec![],
        supports: vec![],
    }
}

fn renstra() -> Plan {
    let mut sasaran =
        element(ElementKind::Sasaran, "S1", Some("T1"), vec![indicator(1, "IKU", 2026, 90, Aggregation::Last)]);
    sasaran.supports = vec!["RS1".into()];
    Plan {
        header: PlanHeader {
            id: 1,
            kind: PlanKind::Renstra,
            opd_id: Some(1),
            opd_name: None,
            period: Period { start: 2025, end: 2029 },
            title: "Renstra".into(),
            visi: None,
            revision: 0,
            status: PlanStatus::Approved,
            superseded: false,
        },
        elements: vec![
            element(ElementKind::Tujuan, "T1", None, vec![]),
            sasaran,
            element(
                ElementKind::Program,
                "1.02.02",
                Some("S1"),
                vec![indicator(2, "Program", 2026, 100, Aggregation::Sum)],
            ),
            element(
                ElementKind::Kegiatan,
                "1.02.02.2.01",
                Some("1.02.02"),
                vec![indicator(3, "Kegiatan", 2026, 10, Aggregation::Sum)],
            ),
            element(
                ElementKind::Program,
                "1.02.03",
                Some("S1"),
                vec![indicator(4, "Other", 2026, 1, Aggregation::Sum)],
            ),
        ],
    }
}

#[test]
fn prefill_takes_the_levels_elements_and_links_to_the_superior() {
    let plan = renstra();
    let renja = [RenjaItemFixture::sub("1.02.02.2.01.0001", 700), RenjaItemFixture::sub("1.02.03.2.01.0001", 300)];
    let renja: Vec<_> =
        renja.into_iter().chain([RenjaItemFixture::program("1.02.02"), RenjaItemFixture::program("1.02.03")]).collect();
    let kepala_daerah_row = PkRow {
        key: "i77".into(),
        source: Some(RowSource { indicator_id: 77, element_code: "RS1".into() }),
        ..PkRow::parse(&input("1", ["", "", "", ""]), String::new(), None, Locale::Id).unwrap()
    };
    let head_source = PlanSource {
        plan: &plan,
        year: 2026,
        renja: &renja,
        chosen: &[],
        superior_rows: std::slice::from_ref(&kepala_daerah_row),
    };
    let (head_rows, head_budget) = prefill(PkLevel::KepalaOpd, &head_source);
    assert_eq!(head_rows.len(), 1);
    assert_eq!(head_rows[0].parent_key.as_deref(), Some("i77"), "the Renstra sasaran supports RPJMD sasaran RS1");
    assert_eq!(head_rows[0].quarters, [Some(d(90)); 4]);
    assert_eq!(budget_total(&head_budget), Some(d(1000)));

    let chosen = ["1.02.02".to_owned()];
    let admin_source =
        PlanSource { plan: &plan, year: 2026, renja: &renja, chosen: &chosen, superior_rows: &head_rows };
    let (rows, budget) = prefill(PkLevel::Administrator, &admin_source);
    let names: Vec<_> = rows.iter().map(|r| r.indicator.as_str()).collect();
    assert_eq!(names, ["Program", "Kegiatan"]);
    assert!(rows.iter().all(|r| r.parent_key.as_deref() == Some("i1")));
    assert_eq!(rows[0].quarters, [Some(d(25)), Some(d(25)), Some(d(25)), Some(d(25))]);
    assert!(rows.iter().all(|r| r.check_complete().is_ok()));
    assert_eq!(budget.len(), 1);
    assert_eq!(budget[0].amount, d(700));
}

#[test]
fn a_cumulative_spread_keeps_the_exact_total() {
    let target = Target::Value { value: Decimal::new(1001, 1) };
    let quarters = super::prefill::spread(Aggregation::Sum, &target);
    assert_eq!(check_rencana_aksi(Aggregation::Sum, &target, &quarters, true), Ok(()));
}

struct RenjaItemFixture;

impl RenjaItemFixture {
    fn sub(code: &str, pagu: i64) -> crate::planning::RenjaItem {
        crate::planning::RenjaItem {
            kind: ElementKind::SubKegiatan,
            code: code.into(),
            name: code.into(),
            planned: None,
            pagu: Some(d(pagu)),
            pagu_perubahan: None,
        }
    }

    fn program(code: &str) -> crate::planning::RenjaItem {
        crate::planning::RenjaItem { kind: ElementKind::Program, pagu: None, ..Self::sub(code, 0) }
    }
}

#[test]
fn coverage_finds_orphans_and_unsupported_rows() {
    let row = |key: &str, parent: Option<&str>| PkRow {
        key: key.into(),
        parent_key: parent.map(Into::into),
        ..PkRow::parse(&input("1", ["", "", "", ""]), String::new(), None, Locale::Id).unwrap()
    };
    let head = [row("a", None), row("b", None)];
    let admin = [row("c", Some("a")), row("d", Some("zz")), row("e", None)];
    let agreements = [
        Agreement { pk_id: 1, level: PkLevel::KepalaOpd, superior: None, rows: &head },
        Agreement { pk_id: 2, level: PkLevel::Administrator, superior: Some(1), rows: &admin },
    ];
    let result = coverage(&agreements);
    assert_eq!(result.unsupported, [RowRef { pk_id: 1, row: 1 }]);
    // A kepala OPD without a kepala daerah PK has its rows as orphans too.
    assert!(result.orphans.contains(&RowRef { pk_id: 2, row: 1 }));
    assert!(result.orphans.contains(&RowRef { pk_id: 2, row: 2 }));
    assert_eq!(result.children[&RowRef { pk_id: 1, row: 0 }], [RowRef { pk_id: 2, row: 0 }]);
}

#[test]
fn levels_come_from_positions() {
    use crate::org::PositionLevel;
    assert_eq!(PkLevel::of(PositionLevel::SekretarisDaerah), Some(PkLevel::KepalaOpd));
    assert_eq!(PkLevel::of(PositionLevel::WakilKepalaDaerah), None);
    assert!(!PkLevel::KepalaDaerah.has_second_party());
}

#[test]
fn shares_spread_items_evenly() {
    let items: Vec<String> = (1..=5).map(|n| n.to_string()).collect();
    assert_eq!(share(&items, 2, 0), ["1", "3", "5"]);
    assert_eq!(share(&items, 2, 1), ["2", "4"]);
    assert!(share(&items, 0, 0).is_empty());
    assert!(share(&items, 7, 6).is_empty());
}
