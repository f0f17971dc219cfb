//! The demo pemda's plans: an RPJMD 2025–2029 with five misi, ten tujuan,
//! twenty sasaran and forty indicators, a Renstra for every OPD built from
//! the shipped nomenclature, and the current year's Renja. The figures are
//! plausible for a South Sumatra regency, not Muara Enim's published ones.

use domain::TenantId;
use domain::cascade::{ElementContent, IndicatorContent};
use domain::planning::{
    Aggregation, ElementDraft, ElementKind, IndicatorDraft, Period, PlanDraft, PlanKind, Polarity, Target, ValueKind,
};
use rust_decimal::Decimal;
use store::{Actor, Result, Store};

pub const PERIOD: Period = Period { start: 2025, end: 2029 };

const VISI: &str = "Muara Enim Maju, Sejahtera, Berdaya Saing dan Berkelanjutan";

/// `(code, parent, name)` of the RPJMD's misi, tujuan and sasaran.
const RPJMD: &[(ElementKind, &str, &str, &str)] = &[
    (ElementKind::Misi, "M1", "", "Mewujudkan sumber daya manusia yang sehat, cerdas dan berdaya saing"),
    (ElementKind::Tujuan, "T1.1", "M1", "Meningkatkan kualitas kesehatan masyarakat"),
    (ElementKind::Sasaran, "S1.1.1", "T1.1", "Meningkatnya derajat kesehatan masyarakat"),
    (ElementKind::Sasaran, "S1.1.2", "T1.1", "Menurunnya prevalensi stunting"),
    (ElementKind::Tujuan, "T1.2", "M1", "Meningkatkan kualitas pendidikan"),
    (ElementKind::Sasaran, "S1.2.1", "T1.2", "Meningkatnya akses dan mutu pendidikan dasar"),
    (ElementKind::Sasaran, "S1.2.2", "T1.2", "Meningkatnya budaya literasi masyarakat"),
    (ElementKind::Misi, "M2", "", "Mewujudkan perekonomian daerah yang tangguh dan berbasis potensi lokal"),
    (ElementKind::Tujuan, "T2.1", "M2", "Meningkatkan pertumbuhan ekonomi yang inklusif"),
    (ElementKind::Sasaran, "S2.1.1", "T2.1", "Meningkatnya produktivitas pertanian dan ketahanan pangan"),
    (ElementKind::Sasaran, "S2.1.2", "T2.1", "Meningkatnya investasi dan usaha mikro, kecil dan menengah"),
    (ElementKind::Tujuan, "T2.2", "M2", "Menurunkan kemiskinan dan pengangguran"),
    (ElementKind::Sasaran, "S2.2.1", "T2.2", "Menurunnya angka kemiskinan"),
    (ElementKind::Sasaran, "S2.2.2", "T2.2", "Menurunnya tingkat pengangguran terbuka"),
    (ElementKind::Misi, "M3", "", "Mewujudkan infrastruktur wilayah yang merata dan berwawasan lingkungan"),
    (ElementKind::Tujuan, "T3.1", "M3", "Meningkatkan kualitas infrastruktur wilayah"),
    (ElementKind::Sasaran, "S3.1.1", "T3.1", "Meningkatnya kemantapan jalan kabupaten"),
    (ElementKind::Sasaran, "S3.1.2", "T3.1", "Meningkatnya kualitas permukiman dan layanan irigasi"),
    (ElementKind::Tujuan, "T3.2", "M3", "Meningkatkan kualitas lingkungan hidup dan ketangguhan bencana"),
    (ElementKind::Sasaran, "S3.2.1", "T3.2", "Meningkatnya kualitas lingkungan hidup"),
    (ElementKind::Sasaran, "S3.2.2", "T3.2", "Meningkatnya ketangguhan daerah terhadap bencana"),
    (ElementKind::Misi, "M4", "", "Mewujudkan tata kelola pemerintahan yang bersih, efektif dan melayani"),
    (ElementKind::Tujuan, "T4.1", "M4", "Meningkatkan akuntabilitas kinerja dan keuangan"),
    (ElementKind::Sasaran, "S4.1.1", "T4.1", "Meningkatnya akuntabilitas kinerja instansi pemerintah"),
    (ElementKind::Sasaran, "S4.1.2", "T4.1", "Meningkatnya kualitas pengelolaan keuangan daerah"),
    (ElementKind::Tujuan, "T4.2", "M4", "Meningkatkan kualitas pelayanan publik"),
    (ElementKind::Sasaran, "S4.2.1", "T4.2", "Meningkatnya kualitas pelayanan publik dan administrasi kependudukan"),
    (ElementKind::Sasaran, "S4.2.2", "T4.2", "Meningkatnya penerapan pemerintahan berbasis elektronik"),
    (ElementKind::Misi, "M5", "", "Mewujudkan masyarakat yang religius, berbudaya, aman dan tertib"),
    (ElementKind::Tujuan, "T5.1", "M5", "Meningkatkan ketenteraman dan kohesi sosial"),
    (ElementKind::Sasaran, "S5.1.1", "T5.1", "Meningkatnya ketenteraman dan ketertiban umum"),
    (ElementKind::Sasaran, "S5.1.2", "T5.1", "Meningkatnya perlindungan sosial bagi kelompok rentan"),
    (ElementKind::Tujuan, "T5.2", "M5", "Meningkatkan pemberdayaan masyarakat dan desa"),
    (ElementKind::Sasaran, "S5.2.1", "T5.2", "Meningkatnya kemandirian desa"),
    (ElementKind::Sasaran, "S5.2.2", "T5.2", "Meningkatnya kesetaraan gender dan pemuda berprestasi"),
];

/// An indicator: element code, name, unit, polarity, value kind, aggregation,
/// baseline, targets 2025–2029, responsible OPD, IKU.
type IndicatorSpec = (
    &'static str,
    &'static str,
    &'static str,
    Polarity,
    ValueKind,
    Aggregation,
    &'static str,
    [&'static str; 5],
    &'static str,
    bool,
);

use Aggregation::{Last, Sum};
use Polarity::{Higher, Lower, Range};
use ValueKind::{Index, Number, Percent};

const RPJMD_INDICATORS: &[IndicatorSpec] = &[
    (
        "T1.1",
        "Usia Harapan Hidup",
        "tahun",
        Higher,
        Number,
        Last,
        "69,85",
        ["70,02", "70,20", "70,38", "70,56", "70,75"],
        "Dinas Kesehatan",
        false,
    ),
    (
        "S1.1.1",
        "Angka Kematian Ibu",
        "per 100.000 KH",
        Lower,
        Number,
        Last,
        "132",
        ["125", "118", "110", "102", "95"],
        "Dinas Kesehatan",
        true,
    ),
    (
        "S1.1.1",
        "Angka Kematian Bayi",
        "per 1.000 KH",
        Lower,
        Number,
        Last,
        "9,8",
        ["9,4", "9,0", "8,6", "8,2", "7,8"],
        "Dinas Kesehatan",
        false,
    ),
    (
        "S1.1.2",
        "Prevalensi stunting",
        "%",
        Lower,
        Percent,
        Last,
        "19,8",
        ["18,0", "16,5", "15,0", "14,0", "13,0"],
        "Dinas Kesehatan",
        true,
    ),
    (
        "T1.2",
        "Indeks Pembangunan Manusia",
        "indeks",
        Higher,
        Index,
        Last,
        "70,55",
        ["71,05", "71,55", "72,05", "72,55", "73,05"],
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        true,
    ),
    (
        "S1.2.1",
        "Rata-rata lama sekolah",
        "tahun",
        Higher,
        Number,
        Last,
        "8,21",
        ["8,30", "8,40", "8,50", "8,60", "8,70"],
        "Dinas Pendidikan",
        true,
    ),
    (
        "S1.2.1",
        "Harapan lama sekolah",
        "tahun",
        Higher,
        Number,
        Last,
        "12,30",
        ["12,35", "12,40", "12,46", "12,52", "12,58"],
        "Dinas Pendidikan",
        false,
    ),
    (
        "S1.2.2",
        "Tingkat Gemar Membaca Masyarakat",
        "nilai",
        Higher,
        Index,
        Last,
        "58,2",
        ["60", "62", "64", "66", "68"],
        "Dinas Perpustakaan dan Kearsipan",
        false,
    ),
    (
        "T2.1",
        "Laju pertumbuhan ekonomi",
        "%",
        Higher,
        Percent,
        Last,
        "5,02",
        ["5,10", "5,25", "5,40", "5,55", "5,70"],
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        true,
    ),
    (
        "T2.1",
        "PDRB per kapita ADHB",
        "juta rupiah",
        Higher,
        Number,
        Last,
        "78,4",
        ["82,0", "86,0", "90,2", "94,5", "99,0"],
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        false,
    ),
    (
        "S2.1.1",
        "Nilai Tukar Petani",
        "indeks",
        Higher,
        Index,
        Last,
        "108,5",
        ["109", "110", "111", "112", "113"],
        "Dinas Pertanian Tanaman Pangan dan Hortikultura",
        true,
    ),
    (
        "S2.1.1",
        "Skor Pola Pangan Harapan",
        "skor",
        Higher,
        Index,
        Last,
        "86,1",
        ["87", "88", "89", "90", "91"],
        "Dinas Ketahanan Pangan",
        false,
    ),
    (
        "S2.1.1",
        "Produksi padi",
        "ton",
        Higher,
        Number,
        Sum,
        "285400",
        ["290000", "296000", "302000", "308000", "315000"],
        "Dinas Pertanian Tanaman Pangan dan Hortikultura",
        false,
    ),
    (
        "S2.1.2",
        "Realisasi investasi",
        "miliar rupiah",
        Higher,
        Number,
        Sum,
        "4850",
        ["5100", "5400", "5700", "6000", "6300"],
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        true,
    ),
    (
        "S2.1.2",
        "Pertumbuhan jumlah UMKM",
        "%",
        Higher,
        Percent,
        Last,
        "3,2",
        ["3,5", "3,8", "4,0", "4,2", "4,5"],
        "Dinas Koperasi dan Usaha Kecil dan Menengah",
        false,
    ),
    (
        "S2.1.2",
        "Laju inflasi",
        "%",
        Range,
        Percent,
        Last,
        "2,8",
        ["1,5 - 3,5", "1,5 - 3,5", "1,5 - 3,5", "1,5 - 3,5", "1,5 - 3,5"],
        "Dinas Perindustrian dan Perdagangan",
        false,
    ),
    (
        "T2.2",
        "Indeks Gini",
        "indeks",
        Lower,
        Index,
        Last,
        "0,316",
        ["0,314", "0,312", "0,310", "0,308", "0,305"],
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        false,
    ),
    (
        "S2.2.1",
        "Persentase penduduk miskin",
        "%",
        Lower,
        Percent,
        Last,
        "11,58",
        ["11,20", "10,80", "10,30", "9,80", "9,30"],
        "Dinas Sosial",
        true,
    ),
    (
        "S2.2.1",
        "Persentase penduduk miskin ekstrem",
        "%",
        Lower,
        Percent,
        Last,
        "0,85",
        ["0,50", "0,25", "0", "0", "0"],
        "Dinas Sosial",
        false,
    ),
    (
        "S2.2.2",
        "Tingkat Pengangguran Terbuka",
        "%",
        Lower,
        Percent,
        Last,
        "4,62",
        ["4,50", "4,35", "4,20", "4,05", "3,90"],
        "Dinas Tenaga Kerja dan Transmigrasi",
        true,
    ),
    (
        "T3.1",
        "Indeks Infrastruktur Wilayah",
        "indeks",
        Higher,
        Index,
        Last,
        "61,0",
        ["62,5", "64,0", "65,5", "67,0", "68,5"],
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        false,
    ),
    (
        "S3.1.1",
        "Persentase jalan kabupaten dalam kondisi mantap",
        "%",
        Higher,
        Percent,
        Last,
        "68,4",
        ["70", "72", "74", "76", "78"],
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        true,
    ),
    (
        "S3.1.2",
        "Persentase rumah layak huni",
        "%",
        Higher,
        Percent,
        Last,
        "84,5",
        ["85,5", "86,5", "87,5", "88,5", "89,5"],
        "Dinas Perumahan dan Kawasan Permukiman",
        false,
    ),
    (
        "S3.1.2",
        "Persentase daerah irigasi dalam kondisi baik",
        "%",
        Higher,
        Percent,
        Last,
        "62",
        ["64", "66", "68", "70", "72"],
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        false,
    ),
    (
        "T3.2",
        "Indeks Kualitas Lingkungan Hidup",
        "indeks",
        Higher,
        Index,
        Last,
        "66,8",
        ["67,2", "67,6", "68,0", "68,4", "68,8"],
        "Dinas Lingkungan Hidup",
        true,
    ),
    (
        "S3.2.1",
        "Persentase sampah terkelola",
        "%",
        Higher,
        Percent,
        Last,
        "55",
        ["58", "61", "64", "67", "70"],
        "Dinas Lingkungan Hidup",
        false,
    ),
    (
        "S3.2.2",
        "Indeks Risiko Bencana",
        "indeks",
        Lower,
        Index,
        Last,
        "142,5",
        ["140", "137", "134", "131", "128"],
        "Badan Penanggulangan Bencana Daerah",
        false,
    ),
    (
        "T4.1",
        "Nilai SAKIP",
        "nilai",
        Higher,
        Index,
        Last,
        "62,15",
        ["65", "67", "70", "72", "75"],
        "Inspektorat Daerah",
        true,
    ),
    (
        "S4.1.1",
        "Predikat SAKIP",
        "predikat",
        Higher,
        ValueKind::Level,
        Last,
        "B",
        ["B", "BB", "BB", "BB", "A"],
        "Inspektorat Daerah",
        false,
    ),
    (
        "S4.1.1",
        "Tingkat maturitas SPIP",
        "level",
        Higher,
        Number,
        Last,
        "3",
        ["3", "3", "3,5", "3,5", "4"],
        "Inspektorat Daerah",
        false,
    ),
    (
        "S4.1.2",
        "Opini BPK atas LKPD",
        "opini",
        Higher,
        ValueKind::Level,
        Last,
        "WTP",
        ["WTP", "WTP", "WTP", "WTP", "WTP"],
        "Badan Pengelola Keuangan dan Aset Daerah",
        true,
    ),
    (
        "S4.1.2",
        "Rasio PAD terhadap pendapatan daerah",
        "%",
        Higher,
        Percent,
        Last,
        "7,4",
        ["7,8", "8,2", "8,6", "9,0", "9,5"],
        "Badan Pendapatan Daerah",
        false,
    ),
    (
        "T4.2",
        "Indeks Kepuasan Masyarakat",
        "nilai",
        Higher,
        Index,
        Last,
        "80,2",
        ["81", "82", "83", "84", "85"],
        "Sekretariat Daerah",
        false,
    ),
    (
        "S4.2.1",
        "Cakupan kepemilikan KTP-el",
        "%",
        Higher,
        Percent,
        Last,
        "97,1",
        ["97,5", "98", "98,5", "99", "99,5"],
        "Dinas Kependudukan dan Pencatatan Sipil",
        false,
    ),
    (
        "S4.2.2",
        "Indeks SPBE",
        "indeks",
        Higher,
        Index,
        Last,
        "2,45",
        ["2,6", "2,8", "3,0", "3,2", "3,5"],
        "Dinas Komunikasi dan Informatika",
        true,
    ),
    (
        "T5.1",
        "Indeks Kerukunan Umat Beragama",
        "indeks",
        Higher,
        Index,
        Last,
        "74",
        ["75", "76", "77", "78", "79"],
        "Badan Kesatuan Bangsa dan Politik",
        false,
    ),
    (
        "S5.1.1",
        "Persentase penegakan perda",
        "%",
        Higher,
        Percent,
        Last,
        "82",
        ["84", "86", "88", "90", "92"],
        "Satuan Polisi Pamong Praja",
        false,
    ),
    (
        "S5.1.2",
        "Persentase PPKS yang memperoleh bantuan sosial",
        "%",
        Higher,
        Percent,
        Last,
        "71",
        ["74", "77", "80", "83", "86"],
        "Dinas Sosial",
        false,
    ),
    (
        "S5.2.1",
        "Persentase desa mandiri",
        "%",
        Higher,
        Percent,
        Last,
        "8,5",
        ["10", "12", "14", "16", "18"],
        "Dinas Pemberdayaan Masyarakat dan Desa",
        true,
    ),
    (
        "S5.2.2",
        "Indeks Pembangunan Gender",
        "indeks",
        Higher,
        Index,
        Last,
        "88,9",
        ["89,2", "89,5", "89,8", "90,1", "90,4"],
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        false,
    ),
    (
        "S5.2.2",
        "Jumlah medali atlet pada kejuaraan provinsi",
        "medali",
        Higher,
        Number,
        Sum,
        "24",
        ["26", "28", "30", "32", "35"],
        "Dinas Pemuda, Olahraga dan Pariwisata",
        false,
    ),
];

/// Each OPD's Renstra: its bidang (for the program penunjang), its
/// sub-kegiatan, the RPJMD sasaran it supports, and its sasaran text.
struct RenstraSpec {
    opd: &'static str,
    bidang: &'static str,
    subs: &'static [&'static str],
    supports: &'static [&'static str],
    sasaran: &'static str,
    indicator: (&'static str, &'static str, Polarity),
}

/// Every kecamatan has the same Renstra shape.
const KECAMATAN: RenstraSpec = RenstraSpec {
    opd: "Kecamatan",
    bidang: "7.01",
    subs: &["7.01.02.2.01.0001"],
    supports: &["S4.2.1", "S5.2.1"],
    sasaran: "Meningkatnya kualitas pelayanan dan pembangunan kewilayahan",
    indicator: ("Indeks Kepuasan Masyarakat terhadap layanan kecamatan", "nilai", Higher),
};

const RENSTRA: &[RenstraSpec] = &[
    RenstraSpec {
        opd: "Sekretariat Daerah",
        bidang: "4.01",
        subs: &["4.01.02.2.01.0001"],
        supports: &["S4.2.1"],
        sasaran: "Meningkatnya kualitas koordinasi penyelenggaraan pemerintahan",
        indicator: ("Indeks Kepuasan Masyarakat terhadap layanan Setda", "nilai", Higher),
    },
    RenstraSpec {
        opd: "Sekretariat DPRD",
        bidang: "4.02",
        subs: &["4.02.02.2.01.0001"],
        supports: &["S4.1.1"],
        sasaran: "Meningkatnya dukungan pelaksanaan fungsi DPRD",
        indicator: ("Persentase perda yang ditetapkan tepat waktu", "%", Higher),
    },
    RenstraSpec {
        opd: "Inspektorat Daerah",
        bidang: "6.01",
        subs: &["6.01.02.2.01.0001", "6.01.02.2.01.0002"],
        supports: &["S4.1.1"],
        sasaran: "Meningkatnya kualitas pengawasan internal",
        indicator: ("Kapabilitas APIP", "level", Higher),
    },
    RenstraSpec {
        opd: "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        bidang: "5.01",
        subs: &["5.01.02.2.01.0001", "5.01.02.2.01.0002", "5.01.02.2.03.0001", "5.05.02.2.01.0003"],
        supports: &["S4.1.1", "S2.1.2"],
        sasaran: "Meningkatnya kualitas perencanaan dan evaluasi pembangunan daerah",
        indicator: ("Persentase konsistensi program RPJMD dalam RKPD", "%", Higher),
    },
    RenstraSpec {
        opd: "Badan Pengelola Keuangan dan Aset Daerah",
        bidang: "5.02",
        subs: &["5.02.02.2.01.0001", "5.02.02.2.05.0001"],
        supports: &["S4.1.2"],
        sasaran: "Meningkatnya akuntabilitas pengelolaan keuangan daerah",
        indicator: ("Persentase temuan BPK yang ditindaklanjuti", "%", Higher),
    },
    RenstraSpec {
        opd: "Badan Pendapatan Daerah",
        bidang: "5.02",
        subs: &["5.02.04.2.01.0001"],
        supports: &["S4.1.2"],
        sasaran: "Meningkatnya pendapatan asli daerah",
        indicator: ("Pertumbuhan PAD", "%", Higher),
    },
    RenstraSpec {
        opd: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        bidang: "5.03",
        subs: &["5.03.02.2.01.0001", "5.03.02.2.03.0001"],
        supports: &["S4.1.1"],
        sasaran: "Meningkatnya profesionalitas ASN",
        indicator: ("Indeks Profesionalitas ASN", "indeks", Higher),
    },
    RenstraSpec {
        opd: "Badan Penanggulangan Bencana Daerah",
        bidang: "1.05",
        subs: &["1.05.03.2.01.0001"],
        supports: &["S3.2.2"],
        sasaran: "Meningkatnya kesiapsiagaan masyarakat menghadapi bencana",
        indicator: ("Persentase desa tangguh bencana", "%", Higher),
    },
    RenstraSpec {
        opd: "Badan Kesatuan Bangsa dan Politik",
        bidang: "8.01",
        subs: &["8.01.02.2.01.0001"],
        supports: &["S5.1.1"],
        sasaran: "Meningkatnya wawasan kebangsaan masyarakat",
        indicator: ("Persentase konflik sosial yang tertangani", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Pendidikan",
        bidang: "1.01",
        subs: &["1.01.02.2.01.0001", "1.01.02.2.01.0004", "1.01.02.2.02.0004", "1.01.02.2.03.0001"],
        supports: &["S1.2.1"],
        sasaran: "Meningkatnya akses dan mutu layanan pendidikan dasar",
        indicator: ("Angka Partisipasi Murni SMP", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Kesehatan",
        bidang: "1.02",
        subs: &["1.02.02.2.01.0002", "1.02.02.2.02.0001", "1.02.02.2.02.0004", "1.02.02.2.02.0016"],
        supports: &["S1.1.1", "S1.1.2"],
        sasaran: "Meningkatnya cakupan dan mutu pelayanan kesehatan dasar",
        indicator: ("Persentase balita gizi buruk yang ditangani", "%", Higher),
    },
    RenstraSpec {
        opd: "Rumah Sakit Umum Daerah dr. H. Mohamad Rabain",
        bidang: "1.02",
        subs: &["1.02.02.2.01.0001", "1.02.02.2.02.0040"],
        supports: &["S1.1.1"],
        sasaran: "Meningkatnya mutu pelayanan kesehatan rujukan",
        indicator: ("Bed Occupancy Rate", "%", Range),
    },
    RenstraSpec {
        opd: "Dinas Pekerjaan Umum dan Penataan Ruang",
        bidang: "1.03",
        subs: &["1.03.10.2.01.0018", "1.03.10.2.01.0025", "1.03.03.2.01.0027"],
        supports: &["S3.1.1", "S3.1.2", "S2.1.1"],
        sasaran: "Meningkatnya kualitas jalan dan jaringan irigasi",
        indicator: ("Persentase panjang jalan kondisi mantap", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Perumahan dan Kawasan Permukiman",
        bidang: "1.04",
        subs: &["1.04.04.2.01.0002"],
        supports: &["S3.1.2", "S2.2.1"],
        sasaran: "Menurunnya rumah tidak layak huni",
        indicator: ("Persentase rumah tidak layak huni yang ditangani", "%", Higher),
    },
    RenstraSpec {
        opd: "Satuan Polisi Pamong Praja",
        bidang: "1.05",
        subs: &["1.05.02.2.01.0001"],
        supports: &["S5.1.1"],
        sasaran: "Meningkatnya ketenteraman dan ketertiban umum",
        indicator: ("Persentase gangguan trantibum yang tertangani", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Sosial",
        bidang: "1.06",
        subs: &["1.06.04.2.01.0001", "1.06.05.2.01.0001"],
        supports: &["S2.2.1", "S5.1.2"],
        sasaran: "Meningkatnya perlindungan dan jaminan sosial",
        indicator: ("Persentase PPKS yang tertangani", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        bidang: "2.08",
        subs: &["2.08.02.2.01.0001", "2.14.04.2.01.0001"],
        supports: &["S5.2.2", "S1.1.2"],
        sasaran: "Meningkatnya pengarusutamaan gender dan ketahanan keluarga",
        indicator: ("Indeks Pemberdayaan Gender", "indeks", Higher),
    },
    RenstraSpec {
        opd: "Dinas Tenaga Kerja dan Transmigrasi",
        bidang: "2.07",
        subs: &["2.07.04.2.01.0001", "3.32.02.2.01.0001"],
        supports: &["S2.2.2"],
        sasaran: "Meningkatnya penempatan tenaga kerja",
        indicator: ("Persentase pencari kerja yang ditempatkan", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Lingkungan Hidup",
        bidang: "2.11",
        subs: &["2.11.11.2.01.0002"],
        supports: &["S3.2.1"],
        sasaran: "Meningkatnya pengelolaan sampah dan kualitas lingkungan",
        indicator: ("Persentase sampah yang tertangani", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Kependudukan dan Pencatatan Sipil",
        bidang: "2.12",
        subs: &["2.12.02.2.01.0001"],
        supports: &["S4.2.1"],
        sasaran: "Meningkatnya kepemilikan dokumen kependudukan",
        indicator: ("Persentase anak yang memiliki akta kelahiran", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Pemberdayaan Masyarakat dan Desa",
        bidang: "2.13",
        subs: &["2.13.05.2.01.0001"],
        supports: &["S5.2.1"],
        sasaran: "Meningkatnya tata kelola pemerintahan desa",
        indicator: ("Persentase desa berstatus maju dan mandiri", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Perhubungan",
        bidang: "2.15",
        subs: &["2.15.02.2.01.0001"],
        supports: &["S3.1.1"],
        sasaran: "Meningkatnya keselamatan lalu lintas",
        indicator: ("Persentase ruas jalan dengan perlengkapan jalan memadai", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Komunikasi dan Informatika",
        bidang: "2.16",
        subs: &["2.16.03.2.02.0005"],
        supports: &["S4.2.2"],
        sasaran: "Meningkatnya penerapan SPBE",
        indicator: ("Persentase layanan publik berbasis elektronik", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Koperasi dan Usaha Kecil dan Menengah",
        bidang: "2.17",
        subs: &["2.17.05.2.01.0001"],
        supports: &["S2.1.2", "S2.2.1"],
        sasaran: "Meningkatnya daya saing usaha mikro",
        indicator: ("Persentase usaha mikro yang naik kelas", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        bidang: "2.18",
        subs: &["2.18.04.2.01.0001"],
        supports: &["S2.1.2"],
        sasaran: "Meningkatnya kemudahan berusaha",
        indicator: ("Persentase izin terbit tepat waktu", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Pemuda, Olahraga dan Pariwisata",
        bidang: "2.19",
        subs: &["2.19.03.2.01.0001", "3.26.02.2.01.0001"],
        supports: &["S5.2.2", "S2.1.2"],
        sasaran: "Meningkatnya prestasi olahraga dan kunjungan wisata",
        indicator: ("Jumlah kunjungan wisatawan", "orang", Higher),
    },
    RenstraSpec {
        opd: "Dinas Perpustakaan dan Kearsipan",
        bidang: "2.23",
        subs: &["2.23.02.2.01.0003", "2.24.02.2.01.0001"],
        supports: &["S1.2.2"],
        sasaran: "Meningkatnya minat baca dan tertib arsip",
        indicator: ("Jumlah pengunjung perpustakaan", "orang", Higher),
    },
    RenstraSpec {
        opd: "Dinas Pertanian Tanaman Pangan dan Hortikultura",
        bidang: "3.27",
        subs: &["3.27.03.2.01.0001", "3.27.02.2.01.0001"],
        supports: &["S2.1.1"],
        sasaran: "Meningkatnya produksi tanaman pangan dan hortikultura",
        indicator: ("Produktivitas padi", "ton/ha", Higher),
    },
    RenstraSpec {
        opd: "Dinas Perkebunan",
        bidang: "3.27",
        subs: &["3.27.02.2.01.0001"],
        supports: &["S2.1.1"],
        sasaran: "Meningkatnya produktivitas perkebunan rakyat",
        indicator: ("Produktivitas karet rakyat", "ton/ha", Higher),
    },
    RenstraSpec {
        opd: "Dinas Perikanan dan Peternakan",
        bidang: "3.25",
        subs: &["3.25.03.2.01.0001", "3.27.02.2.02.0001"],
        supports: &["S2.1.1"],
        sasaran: "Meningkatnya produksi perikanan dan peternakan",
        indicator: ("Produksi perikanan", "ton", Higher),
    },
    RenstraSpec {
        opd: "Dinas Perindustrian dan Perdagangan",
        bidang: "3.30",
        subs: &["3.30.03.2.01.0001", "3.31.02.2.01.0001"],
        supports: &["S2.1.2"],
        sasaran: "Meningkatnya stabilitas harga dan sarana perdagangan",
        indicator: ("Persentase pasar rakyat dalam kondisi baik", "%", Higher),
    },
    RenstraSpec {
        opd: "Dinas Ketahanan Pangan",
        bidang: "2.09",
        subs: &["2.09.02.2.01.0001"],
        supports: &["S2.1.1"],
        sasaran: "Meningkatnya ketersediaan dan keamanan pangan",
        indicator: ("Skor PPH ketersediaan", "skor", Higher),
    },
];

/// A target as an Indonesian planner types it (`69,85`).
fn target(text: &str, kind: ValueKind) -> Option<Target> {
    Target::parse(text, kind, domain::Locale::Id).ok().flatten()
}

fn element(kind: ElementKind, code: &str, parent: &str, name: &str) -> ElementContent {
    ElementContent {
        id: None,
        draft: ElementDraft {
            kind,
            code: code.into(),
            name: name.into(),
            parent_code: (!parent.is_empty()).then(|| parent.to_owned()),
        },
        indicators: Vec::new(),
        budgets: Vec::new(),
        supports: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn indicator(
    name: &str,
    unit: &str,
    polarity: Polarity,
    kind: ValueKind,
    aggregation: Aggregation,
    baseline: &str,
    targets: &[String],
    opd: Option<i64>,
    iku: bool,
) -> IndicatorContent {
    let targets: Vec<(i32, Target)> =
        PERIOD.years().zip(targets).filter_map(|(y, t)| target(t, kind).map(|t| (y, t))).collect();
    IndicatorContent {
        id: None,
        draft: IndicatorDraft {
            name: name.into(),
            definition: None,
            formula: None,
            unit: unit.into(),
            polarity,
            value_kind: kind,
            aggregation,
            data_source: Some(
                if unit == "%" || kind == Index { "BPS Kabupaten Muara Enim" } else { "Data perangkat daerah" }.into(),
            ),
            responsible_opd: opd,
            is_iku: iku,
            baseline: target(baseline, kind),
            final_target: targets.last().map(|(_, t)| t.clone()),
            targets,
            plausible_min: None,
            plausible_max: None,
        },
    }
}

/// Strategi and arah kebijakan under each sasaran, one of each.
fn strategies(elements: &mut Vec<ElementContent>) {
    let sasaran: Vec<(String, String)> = elements
        .iter()
        .filter(|e| e.draft.kind == ElementKind::Sasaran)
        .map(|e| (e.draft.code.clone(), e.draft.name.clone()))
        .collect();
    for (code, name) in sasaran {
        let suffix = code.trim_start_matches('S');
        let subject = name.trim_start_matches("Meningkatnya ").trim_start_matches("Menurunnya ");
        elements.push(element(
            ElementKind::Strategi,
            &format!("ST{suffix}"),
            &code,
            &format!("Penguatan {subject} melalui kolaborasi lintas sektor"),
        ));
        elements.push(element(
            ElementKind::ArahKebijakan,
            &format!("AK{suffix}"),
            &format!("ST{suffix}"),
            &format!("Memprioritaskan {subject} pada wilayah dan kelompok dengan capaian terendah"),
        ));
    }
}

fn rpjmd(opds: &[(i64, String)]) -> Vec<ElementContent> {
    let opd = |name: &str| opds.iter().find(|(_, n)| n == name).map(|(id, _)| *id);
    let mut elements: Vec<ElementContent> =
        RPJMD.iter().map(|(kind, code, parent, name)| element(*kind, code, parent, name)).collect();
    for (code, name, unit, polarity, kind, aggregation, baseline, targets, responsible, iku) in RPJMD_INDICATORS {
        let targets: Vec<String> = targets.iter().map(|t| (*t).to_owned()).collect();
        if let Some(element) = elements.iter_mut().find(|e| e.draft.code == *code) {
            element.indicators.push(indicator(
                name,
                unit,
                *polarity,
                *kind,
                *aggregation,
                baseline,
                &targets,
                opd(responsible),
                *iku,
            ));
        }
    }
    strategies(&mut elements);
    elements
}

/// Yearly amounts growing 5% a year from `base` rupiah.
fn growing(base: i64) -> Vec<(i32, Decimal)> {
    PERIOD
        .years()
        .enumerate()
        .map(|(i, y)| {
            (y, Decimal::from(base) * Decimal::from(105i64.pow(i as u32)) / Decimal::from(100i64.pow(i as u32)))
        })
        .map(|(y, d)| (y, d.round_dp(0)))
        .collect()
}

/// A Renstra built from its sub-kegiatan codes: their kegiatan and programs
/// come from the nomenclature names, budgets add up level by level.
fn renstra(
    spec: &RenstraSpec,
    opd: &str,
    seed: usize,
    names: &std::collections::HashMap<String, String>,
) -> Vec<ElementContent> {
    let mut elements = vec![
        element(
            ElementKind::Tujuan,
            "TD1",
            "",
            &format!("Terwujudnya kinerja {} yang optimal", opd.replace("Dinas ", "").replace("Badan ", "")),
        ),
        element(ElementKind::Sasaran, "SD1", "TD1", spec.sasaran),
        element(ElementKind::Sasaran, "SD2", "TD1", "Meningkatnya akuntabilitas kinerja perangkat daerah"),
    ];
    elements[1].supports = spec.supports.iter().map(|s| (*s).to_owned()).collect();
    elements[2].supports = vec!["S4.1.1".into()];
    let (name, unit, polarity) = spec.indicator;
    let base = 60 + (seed % 7) as i64 * 4;
    let (baseline, targets): (String, Vec<String>) = if polarity == Range {
        ("78".into(), PERIOD.years().map(|_| "70 - 85".to_owned()).collect())
    } else {
        (base.to_string(), (1..=5).map(|i| (base + i * 3).to_string()).collect())
    };
    elements[1].indicators.push(indicator(name, unit, polarity, Percent, Last, &baseline, &targets, None, false));
    let sakip: Vec<String> = ["65", "67", "70", "72", "75"].map(str::to_owned).to_vec();
    elements[2].indicators.push(indicator(
        "Nilai SAKIP perangkat daerah",
        "nilai",
        Higher,
        Index,
        Last,
        "62",
        &sakip,
        None,
        false,
    ));

    let penunjang = [
        format!("{}.01.2.01.0001", spec.bidang),
        format!("{}.01.2.01.0007", spec.bidang),
        format!("{}.01.2.02.0001", spec.bidang),
    ];
    let mut subs: Vec<(String, &str)> = penunjang.iter().map(|c| (c.clone(), "SD2")).collect();
    subs.extend(spec.subs.iter().map(|c| ((*c).to_owned(), "SD1")));
    for (index, (sub, sasaran)) in subs.iter().enumerate() {
        let Some(kegiatan) = sub.get(..sub.len() - 5) else { continue };
        let Some(program) = kegiatan.get(..kegiatan.len() - 5) else { continue };
        let name_of = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_owned());
        if !elements.iter().any(|e| e.draft.code == program) {
            let mut p = element(ElementKind::Program, program, sasaran, &name_of(program));
            p.indicators.push(indicator(
                &format!("Capaian {}", name_of(program).to_lowercase()),
                "%",
                Higher,
                Percent,
                Last,
                "80",
                &["85", "88", "90", "93", "95"].map(str::to_owned),
                None,
                false,
            ));
            elements.push(p);
        }
        if !elements.iter().any(|e| e.draft.code == kegiatan) {
            elements.push(element(ElementKind::Kegiatan, kegiatan, program, &name_of(kegiatan)));
        }
        let mut s = element(ElementKind::SubKegiatan, sub, kegiatan, &name_of(sub));
        let volume = 4 + (seed + index) % 9;
        s.indicators.push(indicator(
            &format!("Jumlah keluaran: {}", name_of(sub)),
            "dokumen/kegiatan",
            Higher,
            Number,
            Sum,
            &volume.to_string(),
            &(1..=5).map(|i| (volume + i).to_string()).collect::<Vec<_>>(),
            None,
            false,
        ));
        s.budgets = growing(150_000_000 + ((seed * 37 + index * 53) % 40) as i64 * 25_000_000);
        elements.push(s);
    }
    // Kegiatan and program budgets are the sums of what is under them.
    for level in [ElementKind::Kegiatan, ElementKind::Program] {
        let sums: Vec<(String, Vec<(i32, Decimal)>)> = elements
            .iter()
            .filter(|e| e.draft.kind == level)
            .map(|parent| {
                let budgets = PERIOD
                    .years()
                    .map(|y| {
                        let total = domain::number::checked_sum(
                            elements
                                .iter()
                                .filter(|c| c.draft.parent_code.as_deref() == Some(parent.draft.code.as_str()))
                                .flat_map(|c| c.budgets.iter().filter(|(year, _)| *year == y).map(|(_, b)| *b)),
                        )
                        .unwrap_or_default();
                        (y, total)
                    })
                    .collect();
                (parent.draft.code.clone(), budgets)
            })
            .collect();
        for (code, budgets) in sums {
            if let Some(e) = elements.iter_mut().find(|e| e.draft.code == code) {
                e.budgets = budgets;
            }
        }
    }
    elements
}

/// Writes the demo plans through the same path an Excel import takes.
pub async fn load(store: &Store, tenant: TenantId, actor: &Actor, year: i32) -> Result<()> {
    let opds = store.opd_options(tenant).await?;
    let draft = PlanDraft {
        kind: PlanKind::Rpjmd,
        opd_id: None,
        period: PERIOD,
        title: "RPJMD Kabupaten Muara Enim 2025–2029".into(),
        visi: Some(VISI.into()),
    };
    let plan = store.create_plan(tenant, actor, &draft).await?;
    store.replace_plan_content(tenant, actor, plan.id, &rpjmd(&opds)).await?;

    let codes: Vec<String> = RENSTRA
        .iter()
        .chain([&KECAMATAN])
        .flat_map(|spec| {
            let penunjang = [".01", ".01.2.01", ".01.2.01.0001", ".01.2.01.0007", ".01.2.02", ".01.2.02.0001"]
                .map(|s| format!("{}{s}", spec.bidang));
            spec.subs
                .iter()
                .flat_map(|s| [s.to_string(), s[..s.len() - 5].to_owned(), s[..s.len() - 10].to_owned()])
                .chain(penunjang)
        })
        .collect();
    let names = store.current_codes(&codes).await?;
    for (seed, (opd, opd_name)) in opds.iter().enumerate() {
        let spec = match RENSTRA.iter().find(|spec| spec.opd == opd_name) {
            Some(spec) => spec,
            None if opd_name.starts_with("Kecamatan ") => &KECAMATAN,
            None => continue,
        };
        let draft = PlanDraft {
            kind: PlanKind::Renstra,
            opd_id: Some(*opd),
            period: PERIOD,
            title: format!("Renstra {opd_name} 2025–2029"),
            visi: None,
        };
        let plan = store.create_plan(tenant, actor, &draft).await?;
        let elements = renstra(spec, opd_name, seed, &names);
        store.replace_plan_content(tenant, actor, plan.id, &elements).await?;
        // Most Renstra are approved; a few still wait for Bappeda.
        if seed % 5 != 3 {
            store.approve_plan(tenant, actor, plan.id).await?;
        }
        for row in store.renja(tenant, *opd, year).await? {
            if row.kind == ElementKind::SubKegiatan
                && let Some(planned) = row.planned
            {
                // The DPA usually lands a little under the Renstra's indication,
                // and a third of the items changed in the budget revision.
                let pagu = (planned * Decimal::new(96, 2)).round_dp(0);
                let changed = (row.element_id % 3 == 0).then(|| (pagu * Decimal::new(92, 2)).round_dp(0));
                let entry =
                    store::RenjaEntry { opd: *opd, year, element: row.element_id, pagu, pagu_perubahan: changed };
                store.set_renja(tenant, actor, &entry).await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::cascade::{Cascade, CodeStatus, FindingKind, Plan, PlanHeader, consistency};
    use domain::planning::PlanStatus;

    fn header(id: i64, kind: PlanKind) -> PlanHeader {
        PlanHeader {
            id,
            kind,
            opd_id: None,
            opd_name: None,
            period: PERIOD,
            title: String::new(),
            visi: None,
            revision: 0,
            status: PlanStatus::Draft,
            superseded: false,
        }
    }

    #[test]
    fn the_rpjmd_has_the_promised_shape() {
        let elements = rpjmd(&[]);
        let count = |kind| elements.iter().filter(|e| e.draft.kind == kind).count();
        assert_eq!((count(ElementKind::Misi), count(ElementKind::Tujuan), count(ElementKind::Sasaran)), (5, 10, 20));
        let indicators: Vec<&IndicatorDraft> = elements.iter().flat_map(|e| &e.indicators).map(|i| &i.draft).collect();
        assert_eq!(indicators.len(), 41);
        let polarity = |name: &str| indicators.iter().find(|i| i.name == name).map(|i| i.polarity);
        assert_eq!(polarity("Persentase penduduk miskin"), Some(Lower));
        assert_eq!(polarity("Prevalensi stunting"), Some(Lower));
        assert_eq!(polarity("Laju pertumbuhan ekonomi"), Some(Higher));
        assert_eq!(polarity("Indeks Pembangunan Manusia"), Some(Higher));
        assert_eq!(polarity("Tingkat Pengangguran Terbuka"), Some(Lower));
        // Every indicator has a target for every year.
        assert!(indicators.iter().all(|i| i.targets.len() == 5), "a target is missing or does not parse");
    }

    #[test]
    fn the_renstra_budgets_add_up_and_every_sasaran_is_supported() {
        let mut renstra_plans = Vec::new();
        for (seed, spec) in RENSTRA.iter().enumerate() {
            renstra_plans.push(Plan {
                header: header(seed as i64 + 2, PlanKind::Renstra),
                elements: renstra(spec, spec.opd, seed, &Default::default()),
            });
        }
        let cascade = Cascade {
            rpjmd: Some(Plan { header: header(1, PlanKind::Rpjmd), elements: rpjmd(&[]) }),
            renstra: renstra_plans,
        };
        let findings = consistency(&cascade, &|_| CodeStatus::Current, domain::Locale::Id);
        let kinds: Vec<FindingKind> = findings.iter().map(|f| f.kind).collect();
        assert!(!kinds.contains(&FindingKind::BudgetMismatch), "{findings:?}");
        assert!(!kinds.contains(&FindingKind::UnsupportedSasaran), "{findings:?}");
        assert!(!kinds.contains(&FindingKind::BrokenLink), "{findings:?}");
        assert!(!kinds.contains(&FindingKind::MissingTarget), "{findings:?}");
    }

    #[test]
    fn every_demo_code_is_in_the_shipped_nomenclature() {
        let shipped = store::reference::shipped_nomenclature().unwrap();
        let codes: std::collections::HashSet<&str> =
            shipped.iter().flat_map(|(_, e)| e.iter().map(|e| e.code.as_str())).collect();
        for (seed, spec) in RENSTRA.iter().enumerate() {
            for e in renstra(spec, spec.opd, seed, &Default::default())
                .iter()
                .filter(|e| e.draft.kind.code_level().is_some())
            {
                assert!(codes.contains(e.draft.code.as_str()), "{} of {}", e.draft.code, spec.opd);
            }
        }
    }
}
