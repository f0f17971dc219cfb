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
