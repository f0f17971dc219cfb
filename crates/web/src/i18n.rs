//! Interface texts in Bahasa Indonesia and English, and the formatting of
//! numbers and dates for the request's locale (through `domain::format`).

use domain::Locale;
use domain::format::{self, TimeZone};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Translations for one request's locale; handed to every template.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Locale);

/// `(key, Bahasa Indonesia, English)`.
const TEXTS: &[(&str, &str, &str)] = &[
    ("account.change_password", "Ganti kata sandi", "Change password"),
    ("account.title", "Akun saya", "My account"),
    ("assignment.add", "Tambah penugasan", "Add assignment"),
    ("assignment.end", "Akhiri", "End"),
    ("assignment.title", "Riwayat jabatan", "Position history"),
    ("audit.action", "Tindakan", "Action"),
    ("audit.action.create", "tambah", "create"),
    ("audit.action.delete", "hapus", "delete"),
    ("audit.action.lock", "kunci akun", "lock account"),
    ("audit.action.password", "ganti kata sandi", "password change"),
    ("audit.action.revoke", "cabut", "revoke"),
    ("audit.action.update", "ubah", "update"),
    ("audit.actor", "Pelaku", "Actor"),
    ("audit.after", "Sesudah", "After"),
    ("audit.all", "Semua", "All"),
    ("audit.at", "Waktu", "Time"),
    ("audit.before", "Sebelum", "Before"),
    ("audit.changes", "Perubahan", "Changes"),
    ("audit.entity", "Data", "Record"),
    ("audit.entity.api_token", "token API", "API token"),
    ("audit.entity.assignment", "penugasan", "assignment"),
    ("audit.entity.official", "pegawai", "official"),
    ("audit.entity.opd", "perangkat daerah", "OPD"),
    ("audit.entity.position", "jabatan", "position"),
    ("audit.entity.role_grant", "peran", "role"),
    ("audit.entity.tenant", "pemda", "pemda"),
    ("audit.entity.unit", "unit kerja", "unit"),
    ("audit.entity.user", "pengguna", "user"),
    ("audit.field", "Isian", "Field"),
    ("audit.fields", "isian", "fields"),
    ("audit.from", "Dari tanggal", "From"),
    ("audit.title", "Log audit", "Audit log"),
    ("audit.until", "Sampai tanggal", "Until"),
    ("dashboard.acting", "Pejabat Plt./Plh.", "Acting officials"),
    ("dashboard.cycle", "Siklus SAKIP", "The SAKIP cycle"),
    ("dashboard.kecamatan", "Kecamatan", "Districts"),
    ("dashboard.officials", "Pegawai", "Officials"),
    ("dashboard.opds", "Perangkat daerah", "Agencies (OPD)"),
    ("dashboard.positions", "Jabatan", "Positions"),
    ("dashboard.title", "Beranda", "Home"),
    ("dashboard.units", "Unit kerja", "Units"),
    ("dashboard.users", "Pengguna aktif", "Active users"),
    ("dashboard.vacant", "Jabatan kosong", "Vacant positions"),
    ("error.back_home", "Kembali ke beranda", "Back to the home page"),
    ("error.forbidden", "Anda tidak berhak mengakses halaman ini", "You may not access this page"),
    (
        "error.internal",
        "Terjadi kesalahan pada server; silakan coba lagi",
        "Something went wrong on the server; please try again",
    ),
    ("error.invalid", "Data yang dikirim belum benar", "The data sent is not valid"),
    ("error.malformed_form", "Isian formulir tidak dapat dibaca", "The form could not be read"),
    ("error.too_large", "Kiriman terlalu besar", "What was sent is too large"),
    (
        "error.request_failed",
        "Permintaan gagal ({status}); tidak ada yang tersimpan. Muat ulang halaman lalu coba lagi.",
        "The request failed ({status}); nothing was saved. Reload the page and try again.",
    ),
    (
        "error.file_too_large",
        "Berkas ini lebih besar dari batas {max} MB.",
        "This file is larger than the limit of {max} MB.",
    ),
    (
        "error.timed_out",
        "Permintaan terlalu lama diproses dan dihentikan; coba lagi sebentar lagi",
        "The request took too long and was stopped; try again shortly",
    ),
    ("error.malformed_query", "Parameter alamat tidak dapat dibaca", "The query parameters could not be read"),
    ("error.malformed_json", "Badan permintaan bukan JSON yang sah", "The request body is not valid JSON"),
    ("error.not_found", "Data tidak ditemukan", "Not found"),
    ("error.unauthenticated", "Silakan masuk terlebih dahulu", "Please sign in first"),
    ("field.active", "Status aktif", "Active"),
    ("field.assignment_kind", "Jenis penugasan", "Kind of assignment"),
    ("field.back_titles", "Gelar belakang", "Titles after the name"),
    ("field.birth_date", "Tanggal lahir", "Date of birth"),
    ("field.code", "Kode", "Code"),
    ("field.confirm_password", "Ulangi kata sandi baru", "Repeat the new password"),
    ("field.created_at", "Dibuat", "Created"),
    ("field.current_password", "Kata sandi saat ini", "Current password"),
    ("field.decree", "Nomor SK", "Decree number"),
    ("field.display_name", "Nama tampilan", "Display name"),
    ("field.district_code", "Kecamatan (kode Kemendagri)", "District (Kemendagri code)"),
    ("field.ends_on", "Tanggal selesai", "End date"),
    ("field.front_titles", "Gelar depan", "Titles before the name"),
    ("field.golongan", "Pangkat/golongan", "Rank (pangkat/golongan)"),
    ("field.holder", "Pemangku", "Holder"),
    ("field.initial_password", "Kata sandi awal", "Initial password"),
    ("field.kind", "Jenis", "Kind"),
    ("field.level", "Tingkat jabatan", "Level"),
    ("field.name", "Nama", "Name"),
    ("field.new_password", "Kata sandi baru", "New password"),
    ("field.nip", "NIP", "NIP"),
    ("field.opd", "Perangkat daerah", "OPD"),
    ("field.parent", "Unit induk", "Parent unit"),
    ("field.password", "Kata sandi", "Password"),
    ("field.person_name", "Nama (tanpa gelar)", "Name (without titles)"),
    ("field.position", "Jabatan", "Position"),
    ("field.region_code", "Kode wilayah", "Region code"),
    ("field.role", "Peran", "Role"),
    ("field.short_name", "Singkatan", "Abbreviation"),
    ("field.starts_on", "Tanggal mulai (TMT)", "Start date"),
    ("field.status", "Status", "Status"),
    ("field.unit", "Unit kerja", "Unit"),
    ("field.updated_at", "Terakhir diubah", "Last changed"),
    ("field.username", "Nama pengguna", "Username"),
    ("footer.region_data", domain::region::ATTRIBUTION, domain::region::ATTRIBUTION),
    (
        "footer.tagline",
        "Sistem Akuntabilitas Kinerja Instansi Pemerintah Daerah",
        "Performance accountability for regional governments",
    ),
    ("form.cancel", "Batal", "Cancel"),
    ("form.choose", "— pilih —", "— choose —"),
    ("form.edit", "Ubah", "Edit"),
    ("form.fix_errors", "Periksa kembali isian berikut", "Please correct the following"),
    ("form.remove", "Hapus", "Remove"),
    ("form.save", "Simpan", "Save"),
    ("form.saved", "Perubahan tersimpan.", "Changes saved."),
    ("list.empty", "Belum ada data.", "Nothing here yet."),
    ("list.filter", "Saring", "Filter"),
    ("list.next", "Berikutnya", "Next"),
    ("list.page", "Halaman", "Page"),
    ("list.pages", "Halaman", "Pages"),
    ("list.previous", "Sebelumnya", "Previous"),
    ("list.search", "Cari", "Search"),
    ("list.total", "Jumlah", "Total"),
    (
        "rulebook.to_date",
        "Capaian s.d. triwulan bila ada triwulan tanpa data",
        "Capaian to date when a quarter has no data",
    ),
    ("field.plausible_min", "Batas wajar bawah", "Plausible minimum"),
    ("field.plausible_max", "Batas wajar atas", "Plausible maximum"),
    ("field.confirm_empty", "Konfirmasi pengajuan", "Submission confirmation"),
    ("field.from", "Dari tanggal", "From"),
    ("field.entity", "Data", "Record"),
    ("field.action", "Tindakan", "Action"),
    (
        "plan.plausible_help",
        "Rentang realisasi yang wajar (boleh kosong). Kosong: persentase 0–100; angka, indeks dan rasio tidak negatif. Nilai di luar rentang diminta konfirmasi saat diisi, dan konfirmasinya dicatat di log audit.",
        "The range an actual plausibly takes (optional). Empty: a percentage 0–100; numbers, indexes and ratios not negative. A value outside asks for a confirmation when entered, which the audit log keeps.",
    ),
    ("login.failed", "Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    (
        "login.wait",
        "Terlalu banyak percobaan gagal untuk nama pengguna ini dari alamat Anda. Coba lagi setelah {until}.",
        "Too many failed attempts for this username from your address. Try again after {until}.",
    ),
    (
        "login.intro",
        "Masuk dengan akun yang diberikan oleh admin pemda Anda.",
        "Sign in with the account your pemda admin gave you.",
    ),
    ("login.submit", "Masuk", "Sign in"),
    ("login.title", "Masuk ke Kinerja", "Sign in to Kinerja"),
    (
        "login.too_many",
        "Terlalu banyak percobaan masuk dari alamat ini. Tunggu satu menit.",
        "Too many sign-in attempts from this address. Wait a minute.",
    ),
    ("module.evaluation", "Evaluasi SAKIP", "SAKIP evaluation"),
    (
        "module.evaluation_text",
        "Lembar kerja evaluasi (LKE) dan predikat AA–D.",
        "The evaluation worksheet (LKE) and the AA–D predicate.",
    ),
    ("module.innovation", "Inovasi Daerah", "Regional innovation"),
    (
        "module.innovation_text",
        "Registri inovasi dan Indeks Inovasi Daerah.",
        "Innovation registry and the Regional Innovation Index.",
    ),
    ("module.pk", "Perjanjian Kinerja", "Performance agreements"),
    (
        "module.pk_text",
        "Perjanjian kinerja tahunan per pejabat, ditandatangani secara elektronik.",
        "Yearly agreements per official, signed electronically.",
    ),
    ("module.planning", "Perencanaan", "Planning"),
    (
        "module.planning_text",
        "RPJMD, Renstra, Renja dan pohon kinerja.",
        "RPJMD, Renstra, Renja and the performance tree.",
    ),
    ("module.realisation", "Realisasi", "Realisation"),
    ("realisation.title", "Realisasi Triwulan", "Quarterly realisation"),
    ("capaian.title", "Dasbor Capaian", "Capaian dashboard"),
    ("field.actual", "Realisasi", "Actual"),
    ("field.achieved", "Yang dicapai", "What was achieved"),
    ("field.obstacles", "Kendala", "Obstacles"),
    ("field.follow_up", "Tindak lanjut", "Follow-up"),
    ("field.period", "Periode pelaporan", "Reporting period"),
    ("field.subject", "Indikator", "Indicator"),
    ("field.reason", "Alasan", "Reason"),
    ("field.until", "Sampai tanggal", "Until"),
    ("field.reopened_until", "Dibuka sampai", "Open until"),
    ("field.quarter", "Triwulan", "Quarter"),
    ("field.spent", "Realisasi anggaran", "Budget spent"),
    ("field.opens", "Tanggal buka", "Opening date"),
    ("field.closes", "Tanggal tutup", "Closing date"),
    (
        "module.realisation_text",
        "Capaian triwulanan dengan bukti dukung dan verifikasi.",
        "Quarterly results with evidence and verification.",
    ),
    ("module.reports", "Laporan", "Reports"),
    ("module.reports_text", "Laporan triwulan dan LKjIP.", "Quarterly reports and the LKjIP."),
    ("module.soon", "segera", "coming"),
    ("nav.account", "Akun", "Account"),
    ("nav.administration", "Administrasi", "Administration"),
    ("nav.api_docs", "Dokumentasi API", "API documentation"),
    ("nav.audit", "Log audit", "Audit log"),
    ("nav.home", "Beranda", "Home"),
    ("nav.logout", "Keluar", "Sign out"),
    ("nav.main", "Navigasi utama", "Main navigation"),
    ("nav.modules", "Modul", "Modules"),
    ("nav.my_account", "Akun saya", "My account"),
    ("nav.officials", "Pegawai", "Officials"),
    ("nav.opd", "Perangkat daerah", "Agencies (OPD)"),
    ("nav.organisation", "Organisasi", "Organisation"),
    ("nav.positions", "Jabatan", "Positions"),
    ("nav.skip", "Langsung ke isi", "Skip to content"),
    ("nav.switch_language", "English", "Bahasa Indonesia"),
    ("nav.tenants", "Daftar pemda", "Pemda list"),
    ("nav.units", "Unit kerja", "Units"),
    ("nav.users", "Pengguna", "Users"),
    ("official.add", "Tambah pegawai", "Add official"),
    ("official.edit", "Ubah data pegawai", "Edit official"),
    (
        "official.nip_hint",
        "18 digit: tanggal lahir (8), TMT CPNS tahun-bulan (6), jenis kelamin (1), nomor urut (3).",
        "18 digits: birth date (8), appointment year-month (6), sex (1), sequence (3).",
    ),
    ("official.search_placeholder", "Nama atau NIP", "Name or NIP"),
    ("official.title", "Pegawai", "Officials"),
    ("opd.add", "Tambah perangkat daerah", "Add OPD"),
    ("opd.district_hint", "Hanya untuk kecamatan.", "For a kecamatan only."),
    ("opd.edit", "Ubah perangkat daerah", "Edit OPD"),
    ("opd.search_placeholder", "Nama atau singkatan", "Name or abbreviation"),
    ("opd.title", "Perangkat daerah", "Agencies (OPD)"),
    (
        "password.hint",
        "Minimal 10 karakter. Frasa beberapa kata lebih kuat dan mudah diingat.",
        "At least 10 characters. A phrase of several words is strong and easy to remember.",
    ),
    ("position.add", "Tambah jabatan", "Add position"),
    ("position.edit", "Ubah jabatan", "Edit position"),
    (
        "position.name_placeholder",
        "mis. Kepala Bidang Pencegahan dan Pengendalian Penyakit",
        "e.g. Head of Disease Prevention",
    ),
    (
        "position.opd_hint",
        "Kosongkan hanya untuk kepala daerah dan wakilnya.",
        "Leave empty only for the regional head and deputy.",
    ),
    ("position.search_placeholder", "Nama jabatan", "Position name"),
    ("position.title", "Jabatan", "Positions"),
    ("position.vacant", "kosong", "vacant"),
    ("status.active", "Aktif", "Active"),
    ("status.inactive", "Nonaktif", "Inactive"),
    ("tenants.add", "Daftarkan pemda", "Register a pemda"),
    (
        "tenants.code_hint",
        "Kode Kemendagri provinsi (16) atau kabupaten/kota (16.03).",
        "Kemendagri code of a province (16) or regency/city (16.03).",
    ),
    ("tenants.search_placeholder", "Nama atau kode", "Name or code"),
    ("tenants.title", "Pemerintah daerah", "Regional governments"),
    (
        "token.copy_now",
        "Salin token ini sekarang; token tidak akan ditampilkan lagi.",
        "Copy this token now; it will not be shown again.",
    ),
    ("token.create", "Buat token", "Create token"),
    ("token.created", "Token dibuat.", "Token created."),
    (
        "token.intro",
        "Token API dipakai aplikasi lain untuk membaca dan menulis data atas nama Anda (header Authorization: Bearer).",
        "API tokens let other programs read and write data on your behalf (Authorization: Bearer header).",
    ),
    ("token.last_used", "Terakhir dipakai", "Last used"),
    ("token.name", "Nama token", "Token name"),
    ("token.prefix", "Awalan", "Prefix"),
    ("token.revoke", "Cabut", "Revoke"),
    ("token.revoked", "dicabut", "revoked"),
    ("token.title", "Token API", "API tokens"),
    ("unit.add", "Tambah unit kerja", "Add unit"),
    ("unit.edit", "Ubah unit kerja", "Edit unit"),
    ("unit.search_placeholder", "Nama unit", "Unit name"),
    ("unit.title", "Unit kerja", "Units"),
    ("user.activate", "Aktifkan", "Activate"),
    ("user.add", "Tambah pengguna", "Add user"),
    ("user.add_role", "Tambah peran", "Add role"),
    (
        "user.cannot_deactivate_self",
        "Anda tidak dapat menonaktifkan akun sendiri",
        "You cannot deactivate your own account",
    ),
    ("user.deactivate", "Nonaktifkan", "Deactivate"),
    (
        "user.opd_hint",
        "Wajib untuk operator OPD; boleh untuk pejabat; kosong untuk peran lain.",
        "Required for OPD operators; optional for officials; empty for other roles.",
    ),
    ("user.reset_password", "Atur ulang kata sandi", "Reset password"),
    ("user.roles", "Peran", "Roles"),
    ("user.search_placeholder", "Nama pengguna atau nama", "Username or name"),
    ("user.title", "Pengguna", "Users"),
    ("audit.action.approve", "setujui", "approve"),
    ("audit.action.import", "impor", "import"),
    ("audit.action.revise", "perubahan", "revise"),
    ("audit.entity.indicator", "indikator", "indicator"),
    ("audit.entity.plan", "dokumen rencana", "plan"),
    ("audit.entity.plan_element", "elemen rencana", "plan element"),
    ("audit.entity.renja_item", "item Renja", "Renja item"),
    ("audit.entity.tenant_rulebook", "aturan capaian", "capaian rulebook"),
    ("audit.entity.pk", "perjanjian kinerja", "performance agreement"),
    ("audit.entity.pk_version", "versi PK", "PK version"),
    ("audit.entity.pk_row", "baris PK", "PK row"),
    ("audit.entity.pk_budget", "anggaran PK", "PK budget"),
    ("audit.entity.signing_key", "kunci tanda tangan", "signing key"),
    ("audit.entity.app_user_official", "akun pejabat", "official's account"),
    ("audit.entity.reporting_period", "periode pelaporan", "reporting period"),
    ("audit.entity.realisation_report", "laporan realisasi", "realisation report"),
    ("audit.entity.realisation", "isian realisasi", "realisation entry"),
    ("audit.entity.indicator_quarter", "nilai triwulan indikator", "indicator quarter values"),
    ("audit.entity.budget_realisation", "realisasi anggaran", "budget spent"),
    ("audit.entity.evidence", "bukti dukung", "evidence"),
    ("audit.action.save", "simpan", "save"),
    ("audit.action.upload", "unggah", "upload"),
    ("audit.action.submit", "ajukan", "submit"),
    ("audit.action.return", "kembalikan", "return"),
    ("audit.action.reopen", "buka kembali", "reopen"),
    ("audit.action.correct", "koreksi", "correction"),
    ("audit.action.submitted", "diajukan", "submitted"),
    ("audit.action.returned", "dikembalikan", "returned"),
    ("audit.action.approved", "disetujui", "approved"),
    ("audit.action.revoked", "dicabut", "revoked"),
    ("audit.action.sign", "tanda tangan", "sign"),
    ("audit.action.amend", "PK perubahan", "amend"),
    ("audit.action.rotate", "ganti kunci", "rotate key"),
    ("consistency.check", "Pemeriksaan", "Check"),
    ("consistency.clean", "Tidak ada masalah", "No problems found"),
    ("consistency.count", "Jumlah", "Count"),
    ("consistency.detail", "Keterangan", "Detail"),
    ("consistency.found", "Masalah ditemukan", "Problems found"),
    ("consistency.title", "Laporan konsistensi", "Consistency report"),
    ("excel.apply", "Terapkan impor", "Apply the import"),
    ("excel.check", "Periksa berkas", "Check the file"),
    ("excel.column", "Kolom", "Column"),
    ("excel.elements", "Elemen", "Elements"),
    ("excel.export", "Unduh Excel", "Download Excel"),
    ("excel.file", "Berkas Excel (.xlsx)", "Excel file (.xlsx)"),
    (
        "excel.help",
        "Isi templat, unggah, periksa pratinjaunya, lalu terapkan. Satu kesalahan saja menolak seluruh berkas.",
        "Fill in the template, upload it, check the preview, then apply. A single error rejects the whole file.",
    ),
    ("excel.import", "Impor Excel", "Import Excel"),
    ("excel.reason", "Alasan", "Reason"),
    ("excel.rejected", "Berkas ditolak; tidak ada data yang diubah", "File rejected; nothing was changed"),
    (
        "excel.replaces",
        "Impor menggantikan seluruh isi dokumen ini",
        "An import replaces the whole content of this plan",
    ),
    ("excel.report", "Laporan validasi", "Validation report"),
    ("excel.row", "Baris", "Row"),
    ("excel.rows", "Baris data", "Data rows"),
    ("excel.sheet", "Lembar", "Sheet"),
    ("excel.targets", "Target tahunan", "Yearly targets"),
    ("excel.template", "Unduh templat", "Download the template"),
    ("excel.valid", "Berkas valid", "File is valid"),
    ("field.aggregation", "Agregasi triwulan", "Quarterly aggregation"),
    ("field.baseline", "Kondisi awal", "Baseline"),
    ("field.budget", "Pagu indikatif (Rp)", "Indicative budget (Rp)"),
    ("field.data_source", "Sumber data", "Data source"),
    ("field.definition", "Definisi operasional", "Operational definition"),
    ("field.description", "Uraian", "Description"),
    ("field.element", "Elemen", "Element"),
    ("field.end_year", "Tahun akhir", "Last year"),
    ("field.file", "Berkas", "File"),
    ("field.final_target", "Kondisi akhir", "End-of-period target"),
    ("field.formula", "Rumus", "Formula"),
    ("field.indicator", "Indikator", "Indicator"),
    ("field.is_iku", "Indikator Kinerja Utama (IKU)", "Key performance indicator (IKU)"),
    ("field.note", "Alasan perubahan", "Reason for the revision"),
    ("field.pagu", "Pagu", "Budget"),
    ("field.pagu_perubahan", "Pagu perubahan", "Changed budget"),
    ("field.parent_code", "Induk", "Parent"),
    ("field.plan", "Dokumen rencana", "Plan"),
    ("field.polarity", "Polaritas", "Polarity"),
    ("field.responsible_opd", "OPD penanggung jawab", "Responsible OPD"),
    ("field.start_year", "Tahun awal", "First year"),
    ("field.target", "Target", "Target"),
    ("field.tahun", "Tahun", "Year"),
    ("field.title", "Judul", "Title"),
    ("field.unit_measure", "Satuan", "Unit"),
    ("field.value_kind", "Jenis nilai", "Value kind"),
    ("field.visi", "Visi", "Vision"),
    ("field.year", "Tahun", "Year"),
    ("field.aturan", "Aturan capaian", "Capaian rulebook"),
    ("rulebook.title", "Aturan capaian", "Capaian rulebooks"),
    (
        "rulebook.intro",
        "Rumus, batas dan kategori capaian kinerja mengikuti aturan yang dipilih untuk setiap tahun. Tahun tanpa pilihan memakai aturan bawaan.",
        "The formulas, limits and categories of capaian follow the rulebook chosen for each year. A year without a choice uses the default.",
    ),
    ("rulebook.per_year", "Aturan per tahun", "Rulebook per year"),
    ("rulebook.default", "bawaan", "default"),
    ("rulebook.use_default", "Aturan bawaan", "The default rulebook"),
    ("rulebook.available", "Aturan yang tersedia", "Available rulebooks"),
    ("rulebook.id", "Kode aturan", "Rulebook id"),
    ("rulebook.regulation", "Dasar hukum", "Regulation"),
    ("rulebook.applies_from", "Berlaku mulai tahun", "Applies from"),
    ("rulebook.higher", "Semakin tinggi semakin baik", "Higher is better"),
    ("rulebook.lower", "Semakin rendah semakin baik", "Lower is better"),
    ("rulebook.cap", "Batas atas capaian", "Capaian cap"),
    ("rulebook.floor", "Batas bawah capaian", "Capaian floor"),
    ("rulebook.efficiency", "Efisiensi", "Efficiency"),
    ("rulebook.status", "Status triwulan", "Quarter status"),
    ("rulebook.on_track", "sesuai jalur", "on track"),
    ("rulebook.at_risk", "berisiko", "at risk"),
    ("rulebook.bands", "Kategori capaian", "Capaian categories"),
    ("rulebook.band", "Kategori", "Category"),
    ("rulebook.range", "Capaian (%)", "Capaian (%)"),
    ("rulebook.sources", "Sumber", "Sources"),
    ("form.optional", "opsional", "optional"),
    ("form.show", "Tampilkan", "Show"),
    ("plan.add", "Buat dokumen rencana", "New plan"),
    ("plan.add_element", "Tambah elemen", "Add an element"),
    ("plan.add_indicator", "Tambah indikator", "Add an indicator"),
    ("plan.approve", "Setujui Renstra", "Approve the Renstra"),
    (
        "plan.code_help",
        "(program/kegiatan/sub kegiatan: kode Permendagri 90, mis. 1.02.02.2.01.0001; lainnya bebas, mis. S1.2)",
        "(program/activity/sub-activity: Permendagri 90 code, e.g. 1.02.02.2.01.0001; others free, e.g. S1.2)",
    ),
    ("plan.confirm_delete", "Hapus? Tindakan ini tercatat di log audit.", "Delete? This is recorded in the audit log."),
    ("plan.delete_element", "Hapus elemen", "Delete the element"),
    ("plan.delete_indicator", "Hapus indikator", "Delete the indicator"),
    ("plan.document", "Dokumen", "Plan"),
    ("plan.edit_element", "Ubah elemen", "Edit the element"),
    ("plan.edit_header", "Ubah periode, judul dan visi", "Edit period, title and vision"),
    ("plan.element_indicator", "Elemen / indikator", "Element / indicator"),
    (
        "plan.empty",
        "Belum ada elemen. Tambahkan di bawah atau impor dari Excel.",
        "No elements yet. Add them below or import from Excel.",
    ),
    ("plan.in_force", "Berlaku", "In force"),
    ("plan.indicators", "Indikator", "Indicators"),
    ("plan.opd_for_renstra", "Perangkat daerah (untuk Renstra)", "OPD (for a Renstra)"),
    ("plan.period", "Periode", "Period"),
    ("plan.revise", "Buat perubahan", "Start a revision"),
    (
        "plan.revise_help",
        "Perubahan menyalin dokumen ini menjadi versi baru yang dapat diubah; versi ini tetap dapat dibaca.",
        "A revision copies this plan into a new, editable version; this version stays readable.",
    ),
    ("plan.revision", "Perubahan", "Revision"),
    ("plan.rpjmd_only", "khusus RPJMD", "RPJMD only"),
    ("plan.superseded", "Diganti perubahan", "Replaced by a revision"),
    (
        "plan.superseded_note",
        "Dokumen ini telah diganti oleh perubahan dan hanya dapat dibaca.",
        "This plan was replaced by a revision and is read-only.",
    ),
    ("plan.supports", "Mendukung sasaran RPJMD", "Supports RPJMD sasaran"),
    (
        "plan.supports_rpjmd",
        "Sasaran RPJMD yang didukung (boleh lebih dari satu)",
        "RPJMD sasaran supported (one or more)",
    ),
    (
        "plan.target_help",
        "Target: angka (12,5), rentang untuk polaritas rentang (10 - 12), atau tingkat kualitatif.",
        "Targets: a number (12.5), a range for range polarity (10 - 12), or a qualitative level.",
    ),
    ("plan.title", "Perencanaan", "Planning"),
    ("plan.top_level", "tingkat teratas", "top level"),
    (
        "renja.import_help",
        "Unduh Excel di atas sebagai templat, isi Pagu DPA dan Pagu Perubahan sub kegiatan, lalu unggah. Berkas diperiksa dulu; Renja tahun ini diganti seluruhnya setelah Anda menerapkannya.",
        "Download the Excel file above as the template, fill in the DPA and changed budgets of the sub-activities, then upload it. The file is checked first; this year's Renja is replaced as a whole once you apply it.",
    ),
    ("renja.import_items", "Sub kegiatan berpagu", "Sub-activities with a budget"),
    ("renja.import_cleared", "Pagu yang akan dikosongkan", "Budgets that will be cleared"),
    ("renja.no_renstra", "Belum ada Renstra yang berlaku untuk tahun ini.", "No Renstra in force for this year."),
    ("renja.pagu", "Pagu DPA", "DPA budget"),
    ("renja.pagu_perubahan", "Pagu perubahan", "Changed budget"),
    ("renja.planned", "Pagu indikatif Renstra", "Renstra indicative budget"),
    ("renja.title", "Renja / DPA", "Renja / DPA"),
    ("renja.total", "Jumlah (sub kegiatan)", "Total (sub-activities)"),
    ("pk.title", "Perjanjian Kinerja", "Performance agreements"),
    ("pk.short", "PK", "PK"),
    (
        "pk.intro",
        "Setiap pejabat menandatangani Perjanjian Kinerja tahunan dengan atasannya: kepala daerah sendiri; kepala perangkat daerah dan camat dengan kepala daerah; administrator dengan kepala perangkat daerah; pengawas dengan administrator.",
        "Every official signs a yearly performance agreement with their superior: the regional head alone; heads of OPD and camat with the regional head; administrators with their head of OPD; pengawas with their administrator.",
    ),
    ("pk.positions", "Jabatan penanda tangan", "Signing positions"),
    ("pk.drafted", "Sudah dibuat", "Drafted"),
    ("pk.in_force", "Berlaku", "In force"),
    ("pk.unsigned", "Belum ditandatangani", "Not signed yet"),
    ("pk.all_opds", "Semua perangkat daerah", "All OPDs"),
    ("pk.only_unsigned", "Hanya yang belum ditandatangani", "Only those not signed yet"),
    ("pk.draft_all", "Buat semua draf yang belum ada", "Draft every missing agreement"),
    (
        "pk.draft_all_help",
        "Diisi dari Renstra dan Renja; program dibagi rata antar administrator.",
        "Prefilled from the Renstra and Renja; programs are shared out among administrators.",
    ),
    ("pk.level", "Tingkat", "Level"),
    ("pk.holder", "Pemangku jabatan", "Holder"),
    ("pk.vacant", "Lowong", "Vacant"),
    ("pk.amendment", "Perubahan", "Amendment"),
    ("pk.open", "Buka", "Open"),
    ("pk.draft", "Buat draf", "Draft"),
    ("pk.new", "Buat Perjanjian Kinerja", "Draft a performance agreement"),
    (
        "pk.prefill_help",
        "Draf diisi dari rencana tahun ini: sasaran, indikator dan target dari RPJMD/Renstra, anggaran dari Renja, dan rencana aksi triwulan dari target tahunan. Semua baris dapat diubah sesudahnya.",
        "The draft is filled from this year's plan: objectives, indicators and targets from the RPJMD/Renstra, budgets from the Renja, and quarterly targets from the annual ones. Every row can be changed afterwards.",
    ),
    ("pk.choose", "Pilih", "Choose"),
    (
        "pk.no_choices",
        "Renja perangkat daerah ini untuk tahun ini belum berisi pilihan.",
        "This OPD's Renja for the year has nothing to choose yet.",
    ),
    ("pk.create", "Buat draf", "Create the draft"),
    ("pk.coverage", "Pohon kinerja PK dan cakupan cascading", "PK performance tree and cascade coverage"),
    (
        "pk.coverage_intro",
        "Setiap indikator PK bawahan menunjuk baris PK atasan yang didukungnya. Di sini tampak baris atasan yang belum didukung siapa pun dan baris bawahan yang belum punya induk.",
        "Each indicator of a subordinate's PK points to the superior's row it supports. This shows superior rows nobody supports yet and subordinate rows without a parent.",
    ),
    ("pk.unsupported", "Baris atasan tanpa dukungan", "Superior rows without support"),
    ("pk.orphans", "Baris tanpa induk", "Rows without a parent"),
    ("pk.cascade_tree", "Pohon kinerja Perjanjian Kinerja", "Performance tree of the agreements"),
    ("pk.none_yet", "Belum ada Perjanjian Kinerja tahun ini.", "No agreements this year yet."),
    ("pk.no_support", "belum didukung", "not supported"),
    ("pk.no_orphans", "Semua baris bawahan sudah terhubung.", "Every subordinate row is linked."),
    ("pk.goal", "Sasaran", "Objective"),
    ("pk.zip", "Unduh semua (ZIP)", "Download all (ZIP)"),
    ("pk.zip_title", "Unduh semua Perjanjian Kinerja", "Download every agreement"),
    ("pk.zip_progress", "Kemajuan", "Progress"),
    ("pk.documents", "dokumen", "documents"),
    ("pk.zip_download", "Unduh ZIP", "Download the ZIP"),
    ("pk.pdf", "Unduh PDF", "Download PDF"),
    ("pk.docx", "Unduh DOCX", "Download DOCX"),
    ("pk.version", "Versi", "Version"),
    ("pk.original", "Asli", "Original"),
    ("pk.amendment_reason", "Alasan perubahan", "Reason for the amendment"),
    ("pk.amendment_note", "Penjelasan", "Explanation"),
    ("pk.first_party", "Pihak pertama", "First party"),
    ("pk.second_party", "Pihak kedua", "Second party"),
    ("pk.signs_alone", "Ditandatangani sendiri oleh kepala daerah", "Signed by the regional head alone"),
    ("pk.place_date", "Tempat dan tanggal", "Place and date"),
    ("pk.place", "Tempat", "Place"),
    ("pk.date", "Tanggal", "Date"),
    ("pk.verify_code", "Kode verifikasi", "Verification code"),
    ("pk.review_note", "Catatan", "Note"),
    ("pk.submit", "Ajukan untuk diperiksa", "Submit for review"),
    ("pk.approve", "Setujui", "Approve"),
    ("pk.return", "Kembalikan dengan catatan", "Return with notes"),
    ("pk.sign_as_first", "Anda menandatangani sebagai pihak pertama.", "You sign as the first party."),
    ("pk.sign_as_second", "Anda menandatangani sebagai pihak kedua.", "You sign as the second party."),
    (
        "pk.sign_help",
        "Tanda tangan elektronik mengikat isi versi ini; setelah ditandatangani isi tidak dapat diubah lagi. Masukkan kata sandi Anda untuk melanjutkan.",
        "The electronic signature binds this version's content; once signed it can no longer change. Enter your password to continue.",
    ),
    ("pk.sign_password", "Kata sandi Anda", "Your password"),
    ("pk.sign", "Tandatangani", "Sign"),
    ("pk.amend", "Buat PK Perubahan", "Start an amendment"),
    ("pk.revoke", "Cabut", "Revoke"),
    ("pk.supports", "Mendukung baris atasan", "Supports the superior's row"),
    ("pk.no_parent", "tanpa induk", "no parent"),
    ("pk.add_row", "Tambah baris", "Add a row"),
    ("pk.budget", "Anggaran", "Budget"),
    ("pk.amount", "Anggaran (Rp)", "Budget (Rp)"),
    ("pk.remark", "Keterangan", "Remark"),
    ("pk.budget_name", "Uraian", "Description"),
    ("pk.total", "Jumlah", "Total"),
    ("pk.add_budget", "Tambah baris anggaran", "Add a budget row"),
    ("pk.signatures", "Tanda tangan elektronik", "Electronic signatures"),
    ("pk.no_signatures", "Belum ada tanda tangan.", "No signatures yet."),
    ("pk.history", "Riwayat versi", "Versions"),
    (
        "pk.rencana_aksi_help",
        "Rencana aksi: target TW I–IV dijumlahkan, dirata-rata atau diambil nilai akhirnya sesuai cara agregasi, dan harus sama dengan target tahunan (atau berada dalam rentangnya).",
        "Rencana aksi: quarters I–IV are summed, averaged or taken at their last value by the aggregation, and must give the annual target (or fall within its range).",
    ),
    ("pk.signing_keys", "Kunci tanda tangan elektronik", "Electronic signing keys"),
    ("pk.rotate_key", "Ganti kunci", "Rotate the key"),
    (
        "pk.rotate_help",
        "Kunci lama dipensiunkan; tanda tangan yang sudah dibuat tetap dapat diverifikasi.",
        "The old key is retired; signatures already made keep verifying.",
    ),
    ("pk.key_active", "aktif", "active"),
    ("pk.key_retired", "dipensiunkan", "retired"),
    ("pk.signer", "Pejabat penanda tangan", "Signing official"),
    (
        "pk.signer_help",
        "Akun ini menandatangani Perjanjian Kinerja atas nama pegawai dengan NIP berikut. Kosongkan untuk melepas.",
        "This account signs performance agreements as the official with this NIP. Leave empty to unlink.",
    ),
    ("pk.not_linked", "Belum terhubung ke pegawai", "Not linked to an official"),
    ("verify.title", "Verifikasi Perjanjian Kinerja", "Verify a performance agreement"),
    (
        "verify.intro",
        "Periksa keaslian dan status Perjanjian Kinerja dengan kode verifikasi yang tercetak di dokumen, atau unggah berkas PDF-nya.",
        "Check the authenticity and status of a performance agreement with the verification code printed on it, or upload its PDF.",
    ),
    (
        "verify.genuine",
        "Berkas PDF ini asli: sama persis dengan dokumen yang diterbitkan Kinerja.",
        "This PDF is genuine: exactly the document Kinerja issued.",
    ),
    (
        "verify.altered",
        "Berkas ini menyebut kode Perjanjian Kinerja di bawah, tetapi isinya tidak sama dengan dokumen yang diterbitkan: berkas telah diubah.",
        "This file names the agreement below, but it is not the document that was issued: the file was altered.",
    ),
    (
        "verify.unknown",
        "Berkas ini bukan Perjanjian Kinerja yang diterbitkan Kinerja.",
        "This file is not a performance agreement issued by Kinerja.",
    ),
    (
        "verify.broken",
        "TIDAK SAH: isi yang tersimpan tidak lagi cocok dengan tanda tangannya.",
        "NOT VALID: the stored content no longer matches its signatures.",
    ),
    (
        "verify.valid",
        "SAH dan BERLAKU: tanda tangan elektronik cocok dengan isi dokumen.",
        "VALID and IN FORCE: the electronic signatures match the content.",
    ),
    (
        "verify.replaced",
        "Tanda tangan sah, tetapi dokumen ini telah DIGANTI oleh PK Perubahan.",
        "The signatures are valid, but this document was REPLACED by an amendment.",
    ),
    ("verify.revoked", "Dokumen ini telah DICABUT.", "This document was REVOKED."),
    (
        "verify.not_in_force",
        "Dokumen ini BELUM BERLAKU: belum ditandatangani kedua pihak.",
        "This document is NOT IN FORCE yet: not signed by both parties.",
    ),
    ("verify.code", "Kode verifikasi", "Verification code"),
    ("verify.document", "Dokumen", "Document"),
    ("verify.rows", "Jumlah indikator", "Indicators"),
    ("verify.not_found", "Kode verifikasi tidak dikenal.", "Unknown verification code."),
    ("verify.check", "Periksa kode", "Check the code"),
    ("verify.upload", "Berkas PDF Perjanjian Kinerja", "The agreement's PDF"),
    ("verify.check_file", "Periksa berkas", "Check the file"),
    ("form.add", "Tambah", "Add"),
    ("field.goal", "Sasaran", "Objective"),
    ("field.q", "Target triwulan", "Quarterly target"),
    ("field.tempat", "Tempat", "Place"),
    ("field.tanggal", "Tanggal", "Date"),
    ("field.sandi", "Kata sandi", "Password"),
    ("field.alasan", "Alasan perubahan", "Reason for the amendment"),
    ("field.catatan", "Catatan", "Note"),
    ("field.amount", "Anggaran", "Budget"),
    ("field.rows", "Baris perjanjian", "Agreement rows"),
    ("field.second_party", "Pihak kedua", "Second party"),
    ("field.elemen", "Program/kegiatan", "Programs/activities"),
    ("tree.pk_rows", "Pohon kinerja baris PK", "Tree of PK rows"),
    ("tree.also_supports", "juga mendukung", "also supports"),
    ("tree.collapse_all", "Tutup semua", "Collapse all"),
    (
        "tree.crosscutting",
        "Crosscutting: mendukung lebih dari satu sasaran RPJMD",
        "Crosscutting: supports more than one RPJMD sasaran",
    ),
    ("tree.expand_all", "Buka semua", "Expand all"),
    ("tree.export_svg", "Unduh SVG", "Download SVG"),
    (
        "tree.legend",
        "Tujuan → sasaran RPJMD → sasaran PD → program → kegiatan → sub kegiatan",
        "Goal → RPJMD sasaran → OPD sasaran → program → activity → sub-activity",
    ),
    ("tree.no_rpjmd", "Belum ada RPJMD yang berlaku.", "No RPJMD in force yet."),
    ("tree.export_pdf", "Unduh PDF", "Download PDF"),
    ("tree.export_found_pdf", "Unduh PDF hasil pencarian", "Download the search result as PDF"),
    ("tree.printed", "Dicetak", "Printed"),
    ("tree.search", "Cari kode, uraian, OPD atau indikator", "Search code, description, OPD or indicator"),
    ("tree.title", "Pohon kinerja", "Performance tree"),
    ("tree.unlinked", "Sasaran PD yang belum terhubung", "OPD sasaran not yet linked"),
];

static TABLE: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| TEXTS.iter().map(|(key, id, en)| (*key, (*id, *en))).collect());

impl Tr {
    /// The text for `key`; an unknown key shows itself, so a gap is visible
    /// (and the template test catches it before release).
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.lookup(key).unwrap_or(key)
    }

    /// The text for a key built at run time, if there is one.
    pub fn lookup(&self, key: &str) -> Option<&'static str> {
        TABLE.get(key).map(|(id, en)| self.0.pick(id, en))
    }

    pub fn locale(&self) -> Locale {
        self.0
    }

    /// Text written in both languages where it is used (pages of one resource).
    pub fn pick<'a>(&self, id: &'a str, en: &'a str) -> &'a str {
        self.0.pick(id, en)
    }

    /// The label of a form field (`opd_id` is labelled like `opd`, the
    /// numbered `target_3` like `target`).
    pub fn field_label<'a>(&self, field: &'a str) -> &'a str {
        let base = field.strip_suffix("_id").unwrap_or(field);
        let base = base.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches('_');
        match TABLE.get(format!("field.{base}").as_str()) {
            Some((id, en)) => self.0.pick(id, en),
            None => field,
        }
    }

    pub fn integer(&self, value: &i64) -> String {
        format::integer(*value, self.0)
    }

    pub fn date(&self, value: &time::Date) -> String {
        format::date(*value, self.0)
    }

    pub fn date_short(&self, value: &time::Date) -> String {
        format::date_short(*value, self.0)
    }

    pub fn datetime(&self, value: &time::OffsetDateTime) -> String {
        format::datetime(*value, TimeZone::Wib, self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_key(key: &str) -> bool {
        TABLE.contains_key(key)
    }

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        assert_eq!(TABLE.len(), TEXTS.len(), "a key appears twice");
        for (key, id, en) in TEXTS {
            assert!(!id.is_empty() && !en.is_empty(), "{key}");
        }
    }

    /// Every quoted `namespace.key` in the templates and the code has a translation.
    #[test]
    fn every_used_key_is_translated() {
        const NAMESPACES: &[&str] = &[
            "account",
            "assignment",
            "audit",
            "consistency",
            "dashboard",
            "error",
            "excel",
            "field",
            "footer",
            "form",
            "list",
            "login",
            "module",
            "nav",
            "official",
            "opd",
            "password",
            "plan",
            "position",
            "renja",
            "status",
            "tenants",
            "token",
            "tree",
            "unit",
            "user",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        let mut seen = 0;
        for dir in ["templates", "src", "src/pages", "src/api", "src/auth"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() || path.ends_with("i18n.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for quoted in text.split('"').skip(1).step_by(2) {
                    let Some((namespace, rest)) = quoted.split_once('.') else { continue };
                    let plain = quoted.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
                    if !plain || rest.is_empty() || rest.ends_with("html") || !NAMESPACES.contains(&namespace) {
                        continue;
                    }
                    seen += 1;
                    if !has_key(quoted) {
                        missing.push(format!("{}: {quoted}", path.display()));
                    }
                }
            }
        }
        assert!(seen > 150, "the scan found only {seen} keys");
        assert!(missing.is_empty(), "untranslated keys: {missing:#?}");
    }

    #[test]
    fn formats_follow_the_locale() {
        assert_eq!(Tr(Locale::Id).integer(&1234567), "1.234.567");
        assert_eq!(Tr(Locale::En).integer(&1234567), "1,234,567");
        assert_eq!(Tr(Locale::Id).t("nav.home"), "Beranda");
        assert_eq!(Tr(Locale::En).field_label("opd_id"), "OPD");
    }
}
