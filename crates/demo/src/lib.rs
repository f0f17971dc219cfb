//! The demo pemda: Kabupaten Muara Enim (16.03) with its real 22 kecamatan,
//! about 30 perangkat daerah with realistic names and units, positions at
//! every level, fictional officials with valid NIPs, and one account per role.
//!
//! Everything goes through the ordinary store functions, so the demo is
//! validated and audited like any user's data. It is its own crate so the
//! store carries no sample data; `kinerja serve` loads it into an empty
//! database and `kinerja demo` on demand.

mod plan;
mod realisation;

use domain::TenantId;
use domain::access::Role;
use domain::drafts::{AssignmentDraft, GrantDraft, OfficialDraft, OpdDraft, PositionDraft, TenantDraft, UnitDraft};
use domain::region::{TenantCode, districts_of};
use store::{Actor, Result, Store, Tenant};
use time::Date;

pub const TENANT_CODE: &str = "16.03";

/// One demo account: its username, password and what it is for.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub role: Role,
    /// The OPD (by name) an operator or official account is tied to.
    pub opd: Option<&'static str>,
    pub display: &'static str,
    /// The position whose holder an official account signs PKs as.
    pub signs_as: Option<&'static str>,
}

const fn account(username: &'static str, password: &'static str, role: Role, display: &'static str) -> DemoAccount {
    DemoAccount { username, password, role, opd: None, display, signs_as: None }
}

pub const ACCOUNTS: &[DemoAccount] = &[
    account("admin.nasional", "nasional-demo-2026", Role::NationalAdmin, "Admin Nasional (demo)"),
    account("admin.bappeda", "bappeda-demo-2026", Role::PemdaAdmin, "Admin Bappeda (demo)"),
    DemoAccount {
        opd: Some("Dinas Kesehatan"),
        ..account("operator.dinkes", "dinkes-demo-2026", Role::OpdOperator, "Operator Dinas Kesehatan (demo)")
    },
    DemoAccount {
        opd: Some("Dinas Kesehatan"),
        signs_as: Some("Kepala Dinas Kesehatan"),
        ..account("kadis.dinkes", "pejabat-demo-2026", Role::Official, "Kepala Dinas Kesehatan (demo)")
    },
    DemoAccount {
        signs_as: Some("Bupati Muara Enim"),
        ..account("bupati", "bupati-demo-2026", Role::Official, "Bupati Muara Enim (demo)")
    },
    account("verifikator", "verifikator-demo-2026", Role::Verifier, "Verifikator Bagian Organisasi (demo)"),
    account("evaluator", "evaluator-demo-2026", Role::Evaluator, "Evaluator Inspektorat (demo)"),
    account("pemantau", "pemantau-demo-2026", Role::Viewer, "Pemantau (demo)"),
];

/// `(kind, name, short name, units)`; a unit is `(kind, name, sub-units)`.
type UnitSpec = (&'static str, &'static str, &'static [&'static str]);
type OpdSpec = (&'static str, &'static str, &'static str, &'static [UnitSpec]);

const SECRETARIAT: UnitSpec =
    ("sekretariat", "Sekretariat", &["Sub Bagian Umum dan Kepegawaian", "Sub Bagian Keuangan"]);

const OPDS: &[OpdSpec] = &[
    (
        "sekretariat_daerah",
        "Sekretariat Daerah",
        "Setda",
        &[
            (
                "bagian",
                "Bagian Tata Pemerintahan",
                &["Sub Bagian Administrasi Pemerintahan", "Sub Bagian Otonomi Daerah"],
            ),
            ("bagian", "Bagian Hukum", &["Sub Bagian Perundang-undangan", "Sub Bagian Bantuan Hukum"]),
            (
                "bagian",
                "Bagian Organisasi",
                &["Sub Bagian Kelembagaan", "Sub Bagian Reformasi Birokrasi dan Akuntabilitas Kinerja"],
            ),
            ("bagian", "Bagian Perekonomian dan Sumber Daya Alam", &["Sub Bagian Perekonomian"]),
            ("bagian", "Bagian Pengadaan Barang dan Jasa", &["Sub Bagian Pengelolaan Pengadaan"]),
            ("bagian", "Bagian Umum", &["Sub Bagian Tata Usaha Pimpinan"]),
        ],
    ),
    (
        "sekretariat_dprd",
        "Sekretariat DPRD",
        "Setwan",
        &[
            ("bagian", "Bagian Umum dan Keuangan", &["Sub Bagian Keuangan"]),
            ("bagian", "Bagian Persidangan dan Perundang-undangan", &["Sub Bagian Risalah dan Persidangan"]),
        ],
    ),
    (
        "inspektorat",
        "Inspektorat Daerah",
        "Itda",
        &[
            SECRETARIAT,
            ("bidang", "Inspektur Pembantu Wilayah I", &[]),
            ("bidang", "Inspektur Pembantu Wilayah II", &[]),
            ("bidang", "Inspektur Pembantu Khusus", &[]),
        ],
    ),
    (
        "badan",
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        "Bappeda",
        &[
            SECRETARIAT,
            (
                "bidang",
                "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan",
                &["Sub Bidang Pengendalian dan Evaluasi"],
            ),
            ("bidang", "Bidang Pemerintahan dan Pembangunan Manusia", &["Sub Bidang Pembangunan Manusia"]),
            (
                "bidang",
                "Bidang Perekonomian, Infrastruktur dan Kewilayahan",
                &["Sub Bidang Infrastruktur dan Kewilayahan"],
            ),
            ("bidang", "Bidang Penelitian dan Pengembangan", &["Sub Bidang Inovasi Daerah"]),
        ],
    ),
    (
        "badan",
        "Badan Pengelola Keuangan dan Aset Daerah",
        "BPKAD",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Anggaran", &["Sub Bidang Penyusunan Anggaran"]),
            ("bidang", "Bidang Perbendaharaan", &["Sub Bidang Pengelolaan Kas"]),
            ("bidang", "Bidang Akuntansi", &["Sub Bidang Pelaporan"]),
            ("bidang", "Bidang Aset", &["Sub Bidang Penatausahaan Aset"]),
        ],
    ),
    (
        "badan",
        "Badan Pendapatan Daerah",
        "Bapenda",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Pendataan dan Penetapan", &[]),
            ("bidang", "Bidang Penagihan dan Keberatan", &[]),
        ],
    ),
    (
        "badan",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Mutasi dan Promosi", &[]),
            ("bidang", "Bidang Pengembangan Kompetensi Aparatur", &[]),
        ],
    ),
    (
        "badan",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Pencegahan dan Kesiapsiagaan", &[]),
            ("bidang", "Bidang Kedaruratan dan Logistik", &[]),
        ],
    ),
    (
        "badan",
        "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol",
        &[SECRETARIAT, ("bidang", "Bidang Politik Dalam Negeri", &[])],
    ),
    (
        "dinas",
        "Dinas Pendidikan",
        "Disdik",
        &[
            SECRETARIAT,
            (
                "bidang",
                "Bidang Pembinaan Sekolah Dasar",
                &["Seksi Kurikulum dan Penilaian SD", "Seksi Sarana dan Prasarana SD"],
            ),
            (
                "bidang",
                "Bidang Pembinaan Sekolah Menengah Pertama",
                &["Seksi Kurikulum dan Penilaian SMP", "Seksi Peserta Didik SMP"],
            ),
            ("bidang", "Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal", &["Seksi Kelembagaan PAUD"]),
            ("bidang", "Bidang Guru dan Tenaga Kependidikan", &["Seksi Pengembangan Karier Guru"]),
        ],
    ),
    (
        "dinas",
        "Dinas Kesehatan",
        "Dinkes",
        &[
            SECRETARIAT,
            (
                "bidang",
                "Bidang Kesehatan Masyarakat",
                &["Seksi Kesehatan Keluarga dan Gizi", "Seksi Promosi dan Pemberdayaan Masyarakat"],
            ),
            (
                "bidang",
                "Bidang Pencegahan dan Pengendalian Penyakit",
                &["Seksi Surveilans dan Imunisasi", "Seksi Pengendalian Penyakit Menular"],
            ),
            (
                "bidang",
                "Bidang Pelayanan Kesehatan",
                &["Seksi Pelayanan Kesehatan Primer", "Seksi Pelayanan Kesehatan Rujukan"],
            ),
            ("bidang", "Bidang Sumber Daya Kesehatan", &["Seksi Kefarmasian dan Alat Kesehatan"]),
        ],
    ),
    (
        "rumah_sakit",
        "Rumah Sakit Umum Daerah dr. H. Mohamad Rabain",
        "RSUD",
        &[
            ("bagian", "Bagian Tata Usaha", &["Sub Bagian Umum"]),
            ("bidang", "Bidang Pelayanan Medik", &["Seksi Pelayanan Medik"]),
            ("bidang", "Bidang Keperawatan", &["Seksi Asuhan Keperawatan"]),
        ],
    ),
    (
        "dinas",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas PUPR",
        &[
            SECRETARIAT,
            (
                "bidang",
                "Bidang Bina Marga",
                &["Seksi Pembangunan Jalan dan Jembatan", "Seksi Preservasi Jalan dan Jembatan"],
            ),
            ("bidang", "Bidang Sumber Daya Air", &["Seksi Irigasi"]),
            ("bidang", "Bidang Cipta Karya", &["Seksi Air Minum dan Sanitasi"]),
            ("bidang", "Bidang Penataan Ruang", &["Seksi Pemanfaatan Ruang"]),
        ],
    ),
    (
        "dinas",
        "Dinas Perumahan dan Kawasan Permukiman",
        "Disperkim",
        &[SECRETARIAT, ("bidang", "Bidang Perumahan", &[]), ("bidang", "Bidang Kawasan Permukiman", &[])],
    ),
    (
        "satuan",
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Penegakan Peraturan Daerah", &[]),
            ("bidang", "Bidang Pemadam Kebakaran", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Sosial",
        "Dinsos",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Perlindungan dan Jaminan Sosial", &["Seksi Penanganan Fakir Miskin"]),
            ("bidang", "Bidang Rehabilitasi Sosial", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        "DP3AP2KB",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Perlindungan Perempuan dan Anak", &[]),
            ("bidang", "Bidang Keluarga Berencana", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Tenaga Kerja dan Transmigrasi",
        "Disnakertrans",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Penempatan dan Perluasan Kesempatan Kerja", &[]),
            ("bidang", "Bidang Hubungan Industrial", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Lingkungan Hidup",
        "DLH",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Pengelolaan Sampah", &[]),
            ("bidang", "Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Pelayanan Pendaftaran Penduduk", &[]),
            ("bidang", "Bidang Pelayanan Pencatatan Sipil", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "DPMD",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Pemerintahan Desa", &[]),
            ("bidang", "Bidang Pemberdayaan Ekonomi Masyarakat Desa", &[]),
        ],
    ),
    ("dinas", "Dinas Perhubungan", "Dishub", &[SECRETARIAT, ("bidang", "Bidang Lalu Lintas dan Angkutan Jalan", &[])]),
    (
        "dinas",
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Aplikasi Informatika", &["Seksi Layanan Sistem Pemerintahan Berbasis Elektronik"]),
            ("bidang", "Bidang Informasi dan Komunikasi Publik", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Koperasi dan Usaha Kecil dan Menengah",
        "Dinkop UKM",
        &[SECRETARIAT, ("bidang", "Bidang Pemberdayaan Usaha Mikro", &[])],
    ),
    (
        "dinas",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Pelayanan Perizinan", &[]),
            ("bidang", "Bidang Promosi Penanaman Modal", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Pemuda, Olahraga dan Pariwisata",
        "Disporapar",
        &[SECRETARIAT, ("bidang", "Bidang Pariwisata", &[]), ("bidang", "Bidang Kepemudaan dan Olahraga", &[])],
    ),
    (
        "dinas",
        "Dinas Perpustakaan dan Kearsipan",
        "Dispusip",
        &[SECRETARIAT, ("bidang", "Bidang Layanan Perpustakaan", &[])],
    ),
    (
        "dinas",
        "Dinas Pertanian Tanaman Pangan dan Hortikultura",
        "Distan",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Tanaman Pangan", &["Seksi Produksi Tanaman Pangan"]),
            ("bidang", "Bidang Hortikultura", &[]),
            ("bidang", "Bidang Penyuluhan", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Perkebunan",
        "Disbun",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Produksi Perkebunan", &[]),
            ("bidang", "Bidang Pengolahan dan Pemasaran Hasil Perkebunan", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Perikanan dan Peternakan",
        "Diskannak",
        &[SECRETARIAT, ("bidang", "Bidang Perikanan", &[]), ("bidang", "Bidang Peternakan dan Kesehatan Hewan", &[])],
    ),
    (
        "dinas",
        "Dinas Perindustrian dan Perdagangan",
        "Disperindag",
        &[
            SECRETARIAT,
            ("bidang", "Bidang Perdagangan", &["Seksi Pengendalian Harga dan Stabilitas Pasar"]),
            ("bidang", "Bidang Perindustrian", &[]),
        ],
    ),
    (
        "dinas",
        "Dinas Ketahanan Pangan",
        "DKP",
        &[SECRETARIAT, ("bidang", "Bidang Ketersediaan dan Kerawanan Pangan", &[])],
    ),
];

const KECAMATAN_SECTIONS: &[&str] = &[
    "Seksi Pemerintahan",
    "Seksi Kesejahteraan Sosial",
    "Seksi Ketenteraman dan Ketertiban Umum",
    "Seksi Pemberdayaan Masyarakat dan Desa",
    "Seksi Pelayanan Umum",
];

/// The sub-units a bidang gets when the list above names none: most bidang
/// of a dinas have two or three seksi.
const BIDANG_SECTIONS: &[&str] =
    &["Seksi Perencanaan dan Pengembangan", "Seksi Pembinaan dan Pengendalian", "Seksi Data dan Pelaporan"];

const MALE: &[&str] = &[
    "Ahmad",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Irwan",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Mulyadi",
    "Nasrul",
    "Rahmat",
    "Sutrisno",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Agus",
    "Bambang",
    "Darmawan",
    "Firdaus",
    "Hasan",
    "Iskandar",
    "Marzuki",
    "Rudi",
    "Syahrial",
    "Teguh",
];
const FEMALE: &[&str] = &[
    "Ani",
    "Desi",
    "Fitri",
    "Herlina",
    "Indah",
    "Kartika",
    "Lestari",
    "Maya",
    "Nurhayati",
    "Ratna",
    "Sari",
    "Siti",
    "Wulan",
    "Yuliana",
    "Dewi",
    "Erna",
    "Hartati",
    "Juwita",
    "Mardiana",
    "Rosmala",
];
const FAMILY: &[&str] = &[
    "Saputra",
    "Pratama",
    "Hidayat",
    "Santoso",
    "Wijaya",
    "Kusuma",
    "Rahman",
    "Syahputra",
    "Gunawan",
    "Setiawan",
    "Firmansyah",
    "Hakim",
    "Nugroho",
    "Siregar",
    "Harahap",
    "Lubis",
    "Susanti",
    "Wati",
    "Anggraini",
    "Permata",
];

/// A deterministic fictional official for the n-th position of a given level.
struct Person {
    name: String,
    front: String,
    back: &'static str,
    golongan: &'static str,
    nip: String,
}

fn person(n: usize, level: &str) -> Person {
    let female = n % 3 == 1;
    let given = if female { FEMALE[n % FEMALE.len()] } else { MALE[n % MALE.len()] };
    let family = FAMILY[(n / 3 + n * 7) % FAMILY.len()];
    let (birth_year, golongan, front, back) = match level {
        "kepala_daerah" | "wakil_kepala_daerah" => (1968 + n % 6, "IV/e", "Dr. H.", "S.H., M.H."),
        "sekretaris_daerah" => (1968, "IV/d", "Ir. H.", "M.M."),
        "jpt_pratama" | "camat" => (
            1970 + n % 8,
            if n.is_multiple_of(2) { "IV/c" } else { "IV/b" },
            if n.is_multiple_of(4) { "Dr." } else { "" },
            ["S.E., M.Si.", "S.T., M.T.", "S.Sos., M.Si.", "S.K.M., M.Kes."][n % 4],
        ),
        "administrator" => (
            1975 + n % 8,
            if n.is_multiple_of(2) { "IV/a" } else { "III/d" },
            "",
            ["S.E., M.M.", "S.Sos.", "S.T.", "S.Kep., M.Kes."][n % 4],
        ),
        _ => (
            1982 + n % 10,
            if n.is_multiple_of(2) { "III/c" } else { "III/b" },
            "",
            ["S.E.", "S.Kom.", "S.IP.", "A.Md."][n % 4],
        ),
    };
    let month = 1 + n % 12;
    let day = 1 + (n * 7) % 28;
    let appointed = birth_year + 24 + n % 5;
    let nip = format!(
        "{birth_year:04}{month:02}{day:02}{appointed:04}{:02}{}{:03}",
        1 + (n * 5) % 12,
        if female { 2 } else { 1 },
        1 + n % 999
    );
    // The hajj title is H. for men and Hj. for women.
    let front = if female { front.replace("H.", "Hj.") } else { front.to_owned() };
    Person { name: format!("{given} {family}"), front, back, golongan, nip }
}

/// What the demo loader made, for the start-up message.
pub struct DemoSummary {
    pub tenant: Tenant,
    pub opds: usize,
    pub positions: usize,
    pub officials: usize,
}

struct Loader<'a> {
    store: &'a Store,
    tenant: TenantId,
    actor: Actor,
    today: Date,
    people: usize,
    positions: usize,
    /// The NIP of each position's holder, by position name.
    nips: std::collections::HashMap<String, String>,
}

impl Loader<'_> {
    /// Creates a position and, unless it is left vacant, an official holding it.
    async fn staff(
        &mut self,
        opd: Option<i64>,
        unit: Option<i64>,
        name: String,
        level: &str,
        acting: bool,
    ) -> Result<i64> {
        let draft = PositionDraft::parse(&id(opd), &id(unit), &name, level)?;
        let position = self.store.create_position(self.tenant, &self.actor, &draft, self.today).await?;
        self.positions += 1;
        self.people += 1;
        // Every 17th position is left vacant, as real pemda always have some.
        if self.people.is_multiple_of(17) {
            return Ok(position.id);
        }
        let p = person(self.people, level);
        let official = OfficialDraft::parse(&p.nip, &p.name, &p.front, p.back, p.golongan)?;
        let official = self.store.create_official(self.tenant, &self.actor, &official, self.today).await?;
        self.nips.insert(name, p.nip);
        let kind = if acting { "plt" } else { "definitif" };
        let starts = format!("{}-01-02", self.today.year() - 1 - (self.people % 3) as i32);
        let assignment = AssignmentDraft::parse(
            &position.id.to_string(),
            kind,
            &starts,
            "",
            &format!("821.2/{}/KPTS/BKPSDM", 100 + self.people),
        )?;
        self.store.assign(self.tenant, &self.actor, domain::OfficialId(official.id), &assignment).await?;
        Ok(position.id)
    }
}

/// `Bidang Pelayanan Kesehatan` → `Pelayanan Kesehatan`, to name its seksi.
fn bidang_topic(unit_name: &str) -> &str {
    unit_name.strip_prefix("Bidang ").unwrap_or(unit_name)
}

fn id(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Loads the demo pemda and its accounts into an empty database.
/// `hash` turns a password into its stored hash.
pub async fn load(store: &Store, hash: impl Fn(&str) -> String, today: Date) -> Result<DemoSummary> {
    let actor = Actor::system("demo");
    let tenant = store.create_tenant(&actor, &TenantDraft::parse(TENANT_CODE)?).await?;
    let code = TenantCode::parse(TENANT_CODE).map_err(|r| domain::Invalid::one("code", r))?;
    let mut loader =
        Loader { store, tenant: tenant.tenant_id(), actor, today, people: 0, positions: 0, nips: Default::default() };

    loader.staff(None, None, "Bupati Muara Enim".into(), "kepala_daerah", false).await?;
    loader.staff(None, None, "Wakil Bupati Muara Enim".into(), "wakil_kepala_daerah", false).await?;

    let mut opd_ids = Vec::new();
    for (index, (kind, name, short, units)) in OPDS.iter().enumerate() {
        let opd =
            store.create_opd(loader.tenant, &loader.actor, &OpdDraft::parse(&code, name, short, kind, "")?).await?;
        opd_ids.push((*name, opd.id));
        let head = match *kind {
            "sekretariat_daerah" => ("Sekretaris Daerah".to_owned(), "sekretaris_daerah"),
            "sekretariat_dprd" => ("Sekretaris DPRD".to_owned(), "jpt_pratama"),
            "inspektorat" => ("Inspektur Daerah".to_owned(), "jpt_pratama"),
            "rumah_sakit" => (format!("Direktur {name}"), "jpt_pratama"),
            _ => (format!("Kepala {name}"), "jpt_pratama"),
        };
        // A few OPDs are led by an acting head (Plt.), as after a retirement.
        loader.staff(Some(opd.id), None, head.0, head.1, index % 11 == 5).await?;
        for (unit_kind, unit_name, subs) in units.iter() {
            let unit = store
                .create_unit(
                    loader.tenant,
                    &loader.actor,
                    &UnitDraft::parse(&opd.id.to_string(), "", unit_name, unit_kind)?,
                )
                .await?;
            let title =
                if *unit_kind == "sekretariat" { format!("Sekretaris {short}") } else { format!("Kepala {unit_name}") };
            loader.staff(Some(opd.id), Some(unit.id), title, "administrator", false).await?;
            let defaults: Vec<String> =
                BIDANG_SECTIONS.iter().map(|s| format!("{s} {}", bidang_topic(unit_name))).collect();
            let subs: Vec<&str> = if subs.is_empty() && *unit_kind == "bidang" {
                defaults.iter().map(String::as_str).collect()
            } else {
                subs.to_vec()
            };
            for sub in subs {
                let sub_kind = if sub.starts_with("Seksi") { "seksi" } else { "sub_bagian" };
                let sub_unit = store
                    .create_unit(
                        loader.tenant,
                        &loader.actor,
                        &UnitDraft::parse(&opd.id.to_string(), &unit.id.to_string(), sub, sub_kind)?,
                    )
                    .await?;
                loader.staff(Some(opd.id), Some(sub_unit.id), format!("Kepala {sub}"), "pengawas", false).await?;
            }
        }
        // Each kecamatan has its puskesmas, a technical unit of the Dinas Kesehatan.
        if *name == "Dinas Kesehatan" {
            for district in districts_of(TENANT_CODE) {
                let unit_name = format!("UPTD Puskesmas {}", district.name);
                let unit = UnitDraft::parse(&opd.id.to_string(), "", &unit_name, "uptd")?;
                let unit = store.create_unit(loader.tenant, &loader.actor, &unit).await?;
                loader.staff(Some(opd.id), Some(unit.id), format!("Kepala {unit_name}"), "pengawas", false).await?;
            }
        }
    }

    for district in districts_of(TENANT_CODE) {
        let name = format!("Kecamatan {}", district.name);
        let opd = store
            .create_opd(loader.tenant, &loader.actor, &OpdDraft::parse(&code, &name, "", "kecamatan", &district.code)?)
            .await?;
        loader.staff(Some(opd.id), None, format!("Camat {}", district.name), "camat", false).await?;
        let secretariat = store
            .create_unit(
                loader.tenant,
                &loader.actor,
                &UnitDraft::parse(&opd.id.to_string(), "", "Sekretariat Kecamatan", "sekretariat")?,
            )
            .await?;
        loader
            .staff(
                Some(opd.id),
                Some(secretariat.id),
                format!("Sekretaris Kecamatan {}", district.name),
                "administrator",
                false,
            )
            .await?;
        for section in KECAMATAN_SECTIONS {
            let unit = store
                .create_unit(
                    loader.tenant,
                    &loader.actor,
                    &UnitDraft::parse(&opd.id.to_string(), "", section, "seksi")?,
                )
                .await?;
            loader.staff(Some(opd.id), Some(unit.id), format!("Kepala {section}"), "pengawas", false).await?;
        }
        for sub in ["Sub Bagian Umum dan Kepegawaian", "Sub Bagian Perencanaan dan Keuangan"] {
            let draft = UnitDraft::parse(&opd.id.to_string(), &secretariat.id.to_string(), sub, "sub_bagian")?;
            let unit = store.create_unit(loader.tenant, &loader.actor, &draft).await?;
            let title = format!("Kepala {sub} Kecamatan {}", district.name);
            loader.staff(Some(opd.id), Some(unit.id), title, "pengawas", false).await?;
        }
    }

    for account in ACCOUNTS {
        let opd =
            account.opd.and_then(|name| opd_ids.iter().find(|(n, _)| *n == name)).map(|(_, id)| domain::OpdId(*id));
        let grant = GrantDraft { role: account.role, opd_id: opd };
        let tenant = (account.role != Role::NationalAdmin).then_some(loader.tenant);
        let user = store
            .create_user(tenant, &loader.actor, account.username, account.display, &hash(account.password), &grant)
            .await?;
        if let Some(nip) = account.signs_as.and_then(|position| loader.nips.get(position)) {
            store.link_official(loader.tenant, &loader.actor, user.id, Some(nip)).await?;
        }
    }

    plan::load(store, loader.tenant, &loader.actor, today.year()).await?;
    // This year's agreements start as drafts, as after Bappeda's "draft all".
    store.create_all_pks(loader.tenant, &loader.actor, today.year(), today).await?;
    realisation::load(store, loader.tenant, &loader.actor, today).await?;

    Ok(DemoSummary {
        opds: opd_ids.len() + districts_of(TENANT_CODE).count(),
        positions: loader.positions,
        officials: loader.people,
        tenant,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::nip::Nip;

    #[test]
    fn every_demo_nip_is_valid() {
        for n in 0..2000 {
            for level in ["kepala_daerah", "sekretaris_daerah", "jpt_pratama", "administrator", "pengawas"] {
                let p = person(n, level);
                assert!(Nip::parse(&p.nip).is_ok(), "{n} {level} {}", p.nip);
                assert!(domain::pangkat::Golongan::parse(p.golongan).is_ok());
            }
        }
    }
}
