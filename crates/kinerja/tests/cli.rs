//! The administration commands, run as a user would run them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Workspace(PathBuf);

impl Workspace {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("kinerja_cli_{name}_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Workspace(dir)
    }

    fn url(&self) -> String {
        format!("sqlite://{}", self.0.join("kinerja.db").display())
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kinerja"))
            .args(["--database-url", &self.url()])
            .args(args)
            .env("KINERJA_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
        &["demo", "--help"],
        &["user", "add", "--help"],
        &["user", "passwd", "--help"],
        &["backup", "--help"],
        &["audit", "verify", "--help"],
        &["capaian", "--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_kinerja")).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(text(&output.stdout).contains("Usage: kinerja"), "{args:?}");
    }
}

#[test]
fn accounts_are_made_and_changed_from_the_command_line() {
    let ws = Workspace::new("users");
    assert!(ws.run(&["migrate"], None).status.success());
    let added = ws.run(
        &["user", "add", "admin.palembang", "--name", "Admin Palembang", "--role", "admin_pemda", "--tenant", "16.71"],
        Some("kata-sandi-panjang\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert!(text(&added.stdout).contains("Pengguna admin.palembang dibuat"));
    let national = ws.run(
        &["user", "add", "root", "--name", "Admin Nasional", "--role", "admin_nasional"],
        Some("kata-sandi-nasional"),
    );
    assert!(national.status.success(), "{}", text(&national.stderr));
    let short =
        ws.run(&["user", "add", "x.y", "--name", "X", "--role", "pemantau", "--tenant", "16.71"], Some("pendek"));
    assert!(!short.status.success());
    assert!(text(&short.stderr).contains("at least 10 characters"));
    let no_tenant = ws.run(&["user", "add", "a.b", "--name", "A", "--role", "pemantau"], Some("kata-sandi-panjang"));
    assert!(text(&no_tenant.stderr).contains("--tenant is required"));
    let changed = ws.run(&["user", "passwd", "admin.palembang"], Some("kata-sandi-yang-baru"));
    assert!(changed.status.success(), "{}", text(&changed.stderr));
    let verified = ws.run(&["audit", "verify"], None);
    assert!(verified.status.success());
    assert!(text(&verified.stdout).contains("Log audit utuh"));
}

#[test]
fn backup_writes_a_usable_copy_and_verify_catches_tampering() {
    let ws = Workspace::new("backup");
    let demo = ws.run(&["demo"], None);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    assert!(text(&demo.stdout).contains("admin.bappeda"));
    assert!(!ws.run(&["demo"], None).status.success(), "the demo loads only into an empty database");
    let copy = ws.path("salinan.db");
    let backup = ws.run(&["backup", copy.to_str().unwrap()], None);
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    assert!(copy.exists());
    assert!(!ws.run(&["backup", copy.to_str().unwrap()], None).status.success(), "never overwrites");
    // The copy is a complete database of its own.
    let restored = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .args(["--database-url", &format!("sqlite://{}", copy.display()), "audit", "verify"])
        .output()
        .unwrap();
    assert!(restored.status.success(), "{}", text(&restored.stderr));

    tamper(&ws.path("kinerja.db"));
    let verified = ws.run(&["audit", "verify"], None);
    assert_eq!(verified.status.code(), Some(1));
    assert!(text(&verified.stderr).contains("was changed"), "{}", text(&verified.stderr));
}

/// Edits one audit entry behind the application's back.
fn tamper(db: &Path) {
    let script = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'orang lain' WHERE id = 10;";
    let status = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
            db.to_str().unwrap(),
            script,
        ])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let output = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .args(["--database-url", "postgres://kinerja:rahasia@127.0.0.1:1/kinerja", "migrate"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(stderr.contains("connecting to postgres://kinerja:***@127.0.0.1:1/kinerja"), "{stderr}");
    assert!(!stderr.contains("rahasia"));
}

#[test]
fn a_nomenclature_version_is_imported_and_a_bad_list_names_its_lines() {
    let ws = Workspace::new("nomenklatur");
    assert!(ws.run(&["migrate"], None).status.success());
    let meta = [
        "--id",
        "uji-2027",
        "--title",
        "Uji",
        "--regulation",
        "Kepmendagri uji",
        "--issued-on",
        "2027-01-05",
        "--source",
        "uji",
    ];
    let bad = ws.path("bad.csv");
    std::fs::write(&bad, "code,level,name\n1.02,bidang_urusan,Kesehatan\n1.02.2,program,X\n").unwrap();
    let refused = ws.run(&[&["nomenklatur", "import", bad.to_str().unwrap()], &meta[..]].concat(), None);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("baris 3, kolom code"), "names the line");
    let good = ws.path("good.csv");
    std::fs::write(&good, "code,level,name\n1,urusan,\"URUSAN WAJIB, PELAYANAN DASAR\"\n1.02,bidang_urusan,Kesehatan\n1.02.02,program,Program baru\n").unwrap();
    let added = ws.run(&[&["nomenklatur", "import", good.to_str().unwrap()], &meta[..]].concat(), None);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let list = String::from_utf8_lossy(&ws.run(&["nomenklatur", "list"], None).stdout).into_owned();
    assert!(list.starts_with("uji-2027") && list.contains("3 kode"), "the newest version comes first: {list}");
    let again = ws.run(&[&["nomenklatur", "import", good.to_str().unwrap()], &meta[..]].concat(), None);
    assert!(!again.status.success(), "a version id is used once");
}

const INDICATORS: &str = "indicator,unit,polarity,target,actual
APM SD/MI,%,higher,\"90,89\",92.22
AKB per 1.000 KH,per 1.000 KH,lower,32,4.88
Angka kesakitan DBD,per 100.000,lower,49,\"56,23\"
Kasus gizi buruk,kasus,lower,0,0
Belum dilaporkan,%,higher,80,
";

/// The achievement and category columns of the command's CSV output.
fn results(stdout: &[u8]) -> Vec<(String, String)> {
    let text = text(stdout);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("indicator,unit,polarity,target,actual,achievement,category"));
    lines
        .map(|line| {
            let mut cells = line.rsplitn(3, ',');
            let category = cells.next().unwrap().to_owned();
            (cells.next().unwrap().to_owned(), category)
        })
        .collect()
}

#[test]
fn capaian_follows_the_rulebook_and_the_analysts_overrides() {
    let ws = Workspace::new("capaian");
    let standard = ws.run(&["capaian"], Some(INDICATORS));
    assert!(standard.status.success(), "{}", text(&standard.stderr));
    let expected = [
        ("101.46", "Sangat Tinggi"),
        ("184.75", "Sangat Tinggi"),
        ("85.24", "Tinggi"),
        ("100.00", "Sangat Tinggi"),
        ("", ""),
    ];
    let expected: Vec<_> = expected.iter().map(|(a, c)| (a.to_string(), c.to_string())).collect();
    assert_eq!(results(&standard.stdout), expected);
    let notes = text(&standard.stderr);
    assert!(notes.contains("baris 6: Realisasi belum diisi"), "{notes}");
    assert!(text(&standard.stdout).contains("APM SD/MI,%,higher,\"90,89\",92.22,"), "the input row is kept as it was");

    let variant = ws.run(&["capaian", "--rulebook", "capaian-tr-batas100-v1", "-"], Some(INDICATORS));
    let achievements: Vec<_> = results(&variant.stdout).into_iter().map(|(a, _)| a).collect();
    assert_eq!(achievements, ["100.00", "100.00", "87.14", "100.00", ""]);

    let overridden = ws.run(&["capaian", "--negative-formula", "inverse", "--cap", "150"], Some(INDICATORS));
    let achievements: Vec<_> = results(&overridden.stdout).into_iter().map(|(a, _)| a).collect();
    assert_eq!(achievements, ["101.46", "150.00", "87.14", "100.00", ""]);

    let unknown = ws.run(&["capaian", "--rulebook", "tidak-ada"], Some(INDICATORS));
    assert!(!unknown.status.success());
    assert!(
        text(&unknown.stderr)
            .contains("known: capaian-standar-v1, capaian-tr-batas100-v1, capaian-standar-v2, capaian-tr-batas100-v2")
    );
}

#[test]
fn capaian_reads_xlsx_too() {
    let ws = Workspace::new("capaian_xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, line) in INDICATORS.lines().take(4).enumerate() {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        for (col, cell) in record.iter().enumerate() {
            sheet.write_string(row as u32, col as u16, cell).unwrap();
        }
    }
    // A number cell, as Excel stores it, beside the text cells.
    sheet.write_number(1, 4, 92.22).unwrap();
    let file = ws.path("indikator.xlsx");
    workbook.save(&file).unwrap();
    let output = ws.run(&["capaian", file.to_str().unwrap()], None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let achievements: Vec<_> = results(&output.stdout).into_iter().map(|(a, _)| a).collect();
    assert_eq!(achievements, ["101.46", "184.75", "85.24"]);
}

#[test]
fn a_bad_row_stops_capaian_with_its_line_and_no_output() {
    let ws = Workspace::new("capaian_bad");
    let input =
        "indicator,unit,polarity,target,actual\nA,%,higher,10,9\nB,%,naik,10,9\nC,%,lower,sepuluh,9\nD,%,higher,10\n";
    let output = ws.run(&["capaian"], Some(input));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "nothing on stdout: {}", text(&output.stdout));
    let errors = text(&output.stderr);
    for expected in [
        "baris 3, kolom polarity: `naik` bukan `higher` atau `lower`",
        "baris 4, kolom target: `sepuluh` bukan angka yang sah",
        "baris 5: ada 4 kolom, sedangkan judul punya 5",
    ] {
        assert!(errors.contains(expected), "{expected} in {errors}");
    }
    let no_header = ws.run(&["capaian"], Some("indikator,target\nA,1\n"));
    assert!(!no_header.status.success() && no_header.stdout.is_empty());
    assert!(text(&no_header.stderr).contains("the header must name the columns indicator,unit,polarity,target,actual"));
}

#[test]
fn rulebooks_can_be_added_from_a_folder_and_a_bad_one_is_named() {
    let ws = Workspace::new("rulebooks");
    let dir = ws.path("aturan");
    std::fs::create_dir_all(&dir).unwrap();
    let shipped = include_str!("../../../rulebooks/capaian-standar-v1.toml");
    let own = shipped.replace("capaian-standar-v1", "capaian-pemda-v1").replace("from = 91", "from = 95");
    std::fs::write(dir.join("pemda.toml"), own).unwrap();
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kinerja"))
            .args(args)
            .env("KINERJA_RULEBOOK_DIR", &dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"indicator,unit,polarity,target,actual\nA,%,higher,100,93\n").unwrap();
        child.wait_with_output().unwrap()
    };
    let output = run(&["capaian", "--rulebook", "capaian-pemda-v1"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(results(&output.stdout), [("93.00".to_string(), "Tinggi".to_string())]);

    std::fs::write(
        dir.join("rusak.toml"),
        shipped.replace("capaian-standar-v1", "capaian-rusak-v1").replace("from = 76", "from = 96"),
    )
    .unwrap();
    let refused = run(&["capaian"]);
    assert!(!refused.status.success());
    let message = text(&refused.stderr);
    assert!(
        message.contains("rusak.toml: capaian.bands[1].from (96) must be below the band above it (91)"),
        "{message}"
    );
}
