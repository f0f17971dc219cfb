//! `kinerja capaian`: capaian for a list of indicators, for analysts who
//! work in spreadsheets. Reads CSV or XLSX, writes CSV; nothing is written
//! to stdout unless every row is good.

use anyhow::{Context, bail};
use domain::Locale;
use domain::capaian::{Method, NegativeFormula, parse_limit, reported_achievement, round};
use domain::number::Quantity;
use domain::planning::Polarity;
use domain::rulebook::Rulebooks;
use rust_decimal::Decimal;
use std::io::{Read, Write};
use std::path::PathBuf;

/// The columns the input must have; any others are passed through.
const COLUMNS: [&str; 5] = ["indicator", "unit", "polarity", "target", "actual"];

#[derive(clap::Args)]
pub struct CapaianArgs {
    /// The rulebook whose formula, cap and bands apply (default: the national one).
    #[arg(long)]
    rulebook: Option<String>,
    /// Overrides the rulebook's formula for lower-is-better indicators.
    #[arg(long, value_parser = ["standard", "inverse"])]
    negative_formula: Option<String>,
    /// Overrides the rulebook's cap: a number, or `none`.
    #[arg(long)]
    cap: Option<String>,
    /// Overrides the rulebook's floor: a number, or `none`.
    #[arg(long)]
    floor: Option<String>,
    /// How numbers written as text are read (CSV cells, text cells of a
    /// workbook, --cap and --floor): `id` reads 1.250,5 (dot groups
    /// thousands, comma is the decimal mark), `en` reads 1,250.5. A number
    /// only the other way can read is read that way (70.35 is 70,35 in
    /// `id`); one dot followed by exactly three digits (2.500) fits both
    /// and is refused, never guessed. Number cells of a workbook are exact.
    #[arg(long, default_value = "id", value_parser = ["id", "en"])]
    locale: String,
    /// A .csv or .xlsx file with the header indicator,unit,polarity,target,actual; `-` or nothing reads stdin.
    input: Option<PathBuf>,
}

/// One row's problem, by its line in the input.
struct BadRow {
    line: usize,
    column: Option<&'static str>,
    message: String,
}

pub fn run(args: &CapaianArgs, rulebooks: &Rulebooks) -> anyhow::Result<()> {
    let (book, rules) = match &args.rulebook {
        Some(id) => {
            let book = rulebooks.get(id).with_context(|| format!("no rulebook `{id}`; known: {}", known(rulebooks)))?;
            (book, book.capaian().with_context(|| format!("rulebook `{id}` is not a capaian rulebook"))?)
        }
        None => rulebooks.capaian_or_default(None),
    };
    let locale = Locale::from_tag(&args.locale);
    let method = method(args, &rules.method, locale)?;
    let (input_name, bytes) = read_input(args.input.as_ref())?;
    let mut rows = table(&bytes, locale).with_context(|| format!("reading {input_name}"))?.into_iter();
    let Some((_, header)) = rows.next() else { bail!("{input_name} is empty: the first row must be the header") };
    let positions = COLUMNS.map(|name| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name)));
    if positions.iter().any(Option::is_none) {
        bail!("{input_name}: the header must name the columns {}", COLUMNS.join(","));
    }
    let positions = positions.map(|p| p.unwrap_or_default());

    let mut output = csv::Writer::from_writer(Vec::new());
    let mut bad = Vec::new();
    let mut notes = Vec::new();
    output.write_record(header.iter().map(String::as_str).chain(["achievement", "category"]))?;
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cells.len() != header.len() {
            let message = format!("ada {} kolom, sedangkan judul punya {}", cells.len(), header.len());
            bad.push(BadRow { line, column: None, message });
            continue;
        }
        let cell = |i: usize| cells.get(positions[i]).map(String::as_str).unwrap_or("");
        let Some((polarity, target, actual)) = parse_row(line, [cell(2), cell(3), cell(4)], locale, &mut bad) else {
            continue;
        };
        let achievement = reported_achievement(&method, polarity, target, actual);
        if let Some(note) = achievement.note {
            notes.push(format!("baris {line}: {}", note.message(Locale::Id)));
        }
        let (shown, category) = match achievement.percent {
            Some(percent) => (format!("{:.2}", round(percent)), rules.bands.of(percent).label_id.clone()),
            None => (String::new(), String::new()),
        };
        output.write_record(cells.iter().map(String::as_str).chain([shown.as_str(), category.as_str()]))?;
    }
    if !bad.is_empty() {
        for row in &bad {
            let column = row.column.map(|c| format!(", kolom {c}")).unwrap_or_default();
            eprintln!("{input_name}: baris {}{column}: {}", row.line, row.message);
        }
        eprintln!("{} baris salah; tidak ada keluaran.", bad.len());
        std::process::exit(2);
    }
    for note in notes {
        eprintln!("{input_name}: {note}");
    }
    let bytes = output.into_inner().context("writing the output")?;
    std::io::stdout().lock().write_all(&bytes).context("writing to stdout")?;
    eprintln!("Aturan: {} ({})", book.id, book.title);
    Ok(())
}

fn known(rulebooks: &Rulebooks) -> String {
    let ids: Vec<_> = rulebooks.of_kind(domain::rulebook::RulebookKind::Capaian).map(|b| b.id.as_str()).collect();
    ids.join(", ")
}

/// The rulebook's method with the analyst's overrides.
fn method(args: &CapaianArgs, base: &Method, locale: Locale) -> anyhow::Result<Method> {
    let negative = match args.negative_formula.as_deref() {
        Some(key) => NegativeFormula::parse(key).map_err(|_| anyhow::anyhow!("unknown --negative-formula `{key}`"))?,
        None => base.negative,
    };
    let limit = |flag: &str, raw: &Option<String>, default: Option<Decimal>| match raw {
        Some(raw) => {
            parse_limit(raw, locale).map_err(|reason| anyhow::anyhow!("{flag} `{raw}`: {}", reason.message(Locale::En)))
        }
        None => Ok(default),
    };
    let cap = limit("--cap", &args.cap, base.cap)?;
    let floor = limit("--floor", &args.floor, base.floor)?;
    Method::new(negative, cap, floor)
        .map(|method| Method { to_date: base.to_date, ..method })
        .map_err(|r| anyhow::anyhow!("{}", r.message(Locale::En)))
}

fn read_input(path: Option<&PathBuf>) -> anyhow::Result<(String, Vec<u8>)> {
    match path.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok((path.display().to_string(), bytes))
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("reading stdin")?;
            Ok(("stdin".into(), bytes))
        }
    }
}

/// The rows of a CSV or an XLSX (told apart by content), with their line
/// numbers. A workbook's rows are as wide as its header; its number cells
/// come as text `locale` reads back exactly.
fn table(bytes: &[u8], locale: Locale) -> anyhow::Result<Vec<(usize, Vec<String>)>> {
    if bytes.starts_with(b"PK\x03\x04") {
        let sheet = docs::sheet::read_first_sheet(bytes, locale)
            .map_err(|reason| anyhow::anyhow!("not a readable XLSX workbook: {}", reason.message(Locale::En)))?;
        let width = sheet.rows().next().map_or(0, |header| sheet.width(header));
        return Ok(sheet
            .rows()
            .map(|row| {
                let width = width.max(sheet.width(row));
                (row.saturating_add(1), (0..width).map(|col| sheet.entry(row, col).into_owned()).collect())
            })
            .collect());
    }
    let text = std::str::from_utf8(bytes).context("the CSV is not UTF-8")?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.context("not a readable CSV")?;
        let line = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

/// Polarity, target and actual of a row; an empty target or actual is `None`.
fn parse_row(
    line: usize,
    [polarity, target, actual]: [&str; 3],
    locale: Locale,
    bad: &mut Vec<BadRow>,
) -> Option<(Polarity, Option<Decimal>, Option<Decimal>)> {
    let mut report = |column: &'static str, message: String| bad.push(BadRow { line, column: Some(column), message });
    let polarity = match polarity.trim() {
        "higher" => Some(Polarity::Higher),
        "lower" => Some(Polarity::Lower),
        other => {
            report("polarity", format!("`{other}` bukan `higher` atau `lower`"));
            None
        }
    };
    let mut number = |column: &'static str, raw: &str| match raw.trim() {
        "" => Some(None),
        raw => match Quantity::IndicatorValue.parse(raw, locale) {
            Ok(value) => Some(Some(value)),
            Err(reason) => {
                report(column, format!("`{raw}` {}", reason.message(Locale::Id)));
                None
            }
        },
    };
    let target = number("target", target);
    let actual = number("actual", actual);
    Some((polarity?, target?, actual?))
}
