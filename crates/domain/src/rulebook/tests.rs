use super::*;

const VALID: &str = r#"
id = "capaian-uji-v1"
kind = "capaian"
title = "Uji"
regulation = "PermenPAN-RB 53/2014"
applies_from = 2024

[[sources]]
title = "A test"

[capaian]
negative_formula = "standard"
cap = "120.5"
efficiency = "unit_cost"

[[capaian.bands]]
from = 85.5
label = "Memuaskan"
label_en = "Satisfying"

[[capaian.bands]]
label = "Kurang"
label_en = "Poor"

[capaian.status]
on_track = 100
at_risk = 80
"#;

fn problem(text: &str) -> String {
    let mut books = Rulebooks::builtin().unwrap();
    books.add("uji.toml", text).map(|_| ()).unwrap_err().problem
}

#[test]
fn the_shipped_rulebooks_load_with_the_rules_the_issue_names() {
    let books = Rulebooks::builtin().unwrap();
    let (default, rules) = books.capaian_or_default(None);
    assert_eq!(default.id, DEFAULT_CAPAIAN);
    assert_eq!(rules.method, Method::STANDARD);
    let labels: Vec<_> = rules.bands.all().iter().map(|b| b.label_id.as_str()).collect();
    assert_eq!(labels, ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]);
    let froms: Vec<_> = rules.bands.all().iter().map(|b| b.from.map(|f| f.to_string())).collect();
    assert_eq!(froms, [Some("91".into()), Some("76".into()), Some("66".into()), Some("51".into()), None]);

    let variant = books.get("capaian-tr-batas100-v1").and_then(Rulebook::capaian).unwrap();
    assert_eq!(variant.method.negative, NegativeFormula::Inverse);
    assert_eq!(variant.method.cap, Some(Decimal::ONE_HUNDRED));
    assert!(books.of_kind(RulebookKind::Capaian).all(|book| !book.sources.is_empty()));
    assert_eq!(books.of_kind(RulebookKind::Capaian).count(), 4);
    // The second versions state the rule for quarters without data; the first read as it says.
    for id in ["capaian-standar-v1", "capaian-standar-v2", "capaian-tr-batas100-v2"] {
        let rules = books.get(id).and_then(Rulebook::capaian).unwrap();
        assert_eq!(rules.method.to_date, ToDateRule::Contiguous, "{id}");
    }
    let reported = VALID.replace("efficiency = \"unit_cost\"", "efficiency = \"unit_cost\"\nto_date = \"reported\"");
    let mut with_reported = Rulebooks::builtin().unwrap();
    let book = with_reported.add("uji.toml", &reported).unwrap();
    assert_eq!(book.capaian().unwrap().method.to_date, ToDateRule::Reported);
    assert!(
        problem(&VALID.replace("efficiency = \"unit_cost\"", "efficiency = \"unit_cost\"\nto_date = \"zero\""))
            .contains("to_date")
    );
}

#[test]
fn an_added_rulebook_is_checked_and_found() {
    let mut books = Rulebooks::builtin().unwrap();
    let book = books.add("uji.toml", VALID).unwrap();
    assert_eq!(book.origin, "uji.toml");
    let (book, rules) = books.capaian_or_default(Some("capaian-uji-v1"));
    assert_eq!(book.id, "capaian-uji-v1");
    assert_eq!(rules.method.cap, Some("120.5".parse().unwrap()));
    assert_eq!(rules.bands.all()[0].from, Some("85.5".parse().unwrap()));
    assert_eq!(rules.efficiency, EfficiencyMethod::UnitCost);
    assert_eq!(book.check_year(2023), Err(Reason::BeforeRulebook { from: 2024 }));
    assert_eq!(book.check_year(2024), Ok(()));
    // An unknown id falls back to the default.
    assert_eq!(books.capaian_or_default(Some("hilang")).0.id, DEFAULT_CAPAIAN);
}

#[test]
fn bad_rulebooks_are_refused_with_a_precise_message() {
    let cases = [
        (VALID.replace("capaian-uji-v1", DEFAULT_CAPAIAN), "already used by rulebooks/capaian-standar-v2.toml"),
        (VALID.replace("capaian-uji-v1", "Uji Satu"), "id `Uji Satu` must be 3–60 characters"),
        (VALID.replace("kind = \"capaian\"", "kind = \"lke\""), "kind `lke` is not one of: capaian"),
        (
            VALID.replace("negative_formula = \"standard\"", "negative_formula = \"tr\""),
            "capaian.negative_formula `tr` is not one of: standard, inverse",
        ),
        (VALID.replace("cap = \"120.5\"", "cap = \"banyak\""), "capaian.cap is not a number"),
        (VALID.replace("cap = \"120.5\"", "cap = 50\nfloor = 60"), "capaian.cap is below capaian.floor"),
        (VALID.replace("from = 85.5", "# no from"), "capaian.bands[0].from is missing"),
        (
            VALID.replace("label = \"Kurang\"", "from = 10\nlabel = \"Kurang\""),
            "capaian.bands[1] is the lowest band and takes no `from`",
        ),
        (VALID.replace("on_track = 100", "on_track = 70"), "capaian.status.at_risk (80) must be below on_track (70)"),
        (VALID.replace("applies_from = 2024", "applies_from = 24"), "applies_from 24 is not a year"),
        (
            VALID.replace("title = \"A test\"", "title = \"A test\"\nurl = \"ftp://x\""),
            "sources[0].url `ftp://x` is not an http(s) address",
        ),
        (VALID.replace("label_en = \"Poor\"", "label_en = \" \""), "capaian.bands[1].label_en must not be empty"),
        (VALID.replace("efficiency = \"unit_cost\"", "efficiency = \"unit_cost\"\nbonus = 1"), "unknown field `bonus`"),
        (format!("{VALID}\n[lke]\nbobot = 1\n"), "unknown field `lke`"),
        (
            VALID[..VALID.find("[capaian]").unwrap()].to_owned(),
            "a rulebook of kind `capaian` needs a [capaian] section",
        ),
    ];
    for (text, expected) in cases {
        let problem = problem(&text);
        assert!(problem.contains(expected), "expected `{expected}` in `{problem}`");
    }
    // A syntax error names its line.
    let problem = problem("id = \"x\nkind = 1");
    assert!(problem.contains("line 1"), "{problem}");
    let error = Rulebooks::builtin().unwrap().add("extra/uji.toml", "kind = \"capaian\"").map(|_| ()).unwrap_err();
    assert!(error.to_string().starts_with("rulebook extra/uji.toml: "), "{error}");
}

#[test]
fn bands_must_descend() {
    let text = VALID.replace(
        "[[capaian.bands]]\nlabel = \"Kurang\"",
        "[[capaian.bands]]\nfrom = 90\nlabel = \"Baik\"\nlabel_en = \"Good\"\n\n[[capaian.bands]]\nlabel = \"Kurang\"",
    );
    assert_eq!(problem(&text), "capaian.bands[1].from (90) must be below the band above it (85.5)");
}
