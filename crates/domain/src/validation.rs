//! Validation failures that name the field and the reason, in either locale.

use crate::Locale;
use crate::nip::NipError;
use serde::Serialize;

/// Why a field was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    /// More items in one request than it takes.
    TooManyItems {
        max: usize,
    },
    /// Characters that have no place in the field, e.g. digits in a name.
    BadCharacters,
    Nip(NipError),
    /// A value outside the allowed list (a kind, a level, a role…).
    UnknownOption,
    /// A Kemendagri code that is not in the reference data.
    UnknownRegion,
    /// A region of the wrong level (e.g. a province where a regency is needed).
    WrongRegionLevel,
    NotADate,
    NotANumber,
    EndBeforeStart,
    /// A referenced row that does not exist in this pemda.
    NotFound,
    /// A unit or position that belongs to another OPD than the one given.
    OutsideOpd,
    /// The value is already used by another row.
    AlreadyUsed,
    PasswordMismatch,
    WrongPassword,
    /// The role needs an OPD, or must not have one.
    OpdScope {
        needed: bool,
    },
    /// The position already has a definitive holder in that period.
    PositionFilled,
    /// A Plt. fills a vacancy; the position has a definitive holder then.
    NotVacant,
    /// The official already holds another position definitively in that period.
    AlreadyPlaced,
    /// An element kind that a plan of this kind does not hold, or a parent where none belongs.
    NotInPlan,
    /// A range whose lower bound is above its upper bound.
    RangeReversed,
    /// A range target for an indicator not judged by a range, or the reverse.
    RangeMismatch,
    /// A capaian cap below the floor.
    CapBelowFloor,
    NotAQuarter,
    /// A year before the rulebook applies.
    BeforeRulebook {
        from: i32,
    },
    NotAYear,
    TooManyYears {
        max: usize,
    },
    /// A year outside the plan's period.
    OutsidePeriod,
    /// A nomenclature code with the wrong number of segments.
    CodeShape,
    /// A nomenclature code whose n-th segment is malformed.
    CodeSegment {
        position: usize,
    },
    /// A code of another level than the element's (a kegiatan code on a program).
    CodeLevel,
    /// A code that does not extend its parent's code.
    CodeOutsideParent,
    /// A code that is not in the nomenclature version in force.
    UnknownCode,
    /// The parent element is of the wrong kind.
    WrongParent,
    /// The element still has elements under it.
    HasChildren,
    /// A plan that can no longer change (an RPJMD replaced by a revision).
    Superseded,
    /// An upload that is not an XLSX workbook.
    NotAWorkbook,
    /// The workbook lacks the expected sheet.
    MissingSheet {
        sheet: &'static str,
    },
    /// A workbook made for another OPD or year than the one it is imported into.
    OtherSubject,
    /// The header row differs from the template's.
    HeaderMismatch,
    Negative,
    /// A PK row without the year's target.
    TargetMissing,
    /// A numeric PK row without all four quarterly targets.
    RencanaAksiMissing,
    /// The quarterly targets aggregate to another value than the annual target.
    RencanaAksi {
        aggregate: rust_decimal::Decimal,
    },
    /// A workflow step that the PK's status does not allow.
    StepNotAllowed,
    /// A verification code that is not 16 characters of Crockford base32.
    NotACode,
    /// A position with nobody holding it on the day.
    Vacant,
    /// A position whose level signs no PK.
    NoAgreement,
    /// Stored content that no longer gives the digest fixed at approval.
    Tampered,
    /// A PK Perubahan is already on its way.
    AmendmentOpen,
    /// The reporting period is closed (or not open yet) for this OPD.
    PeriodClosed,
    /// Someone saved the entry after it was read: the value shown is stale.
    StaleEntry,
    /// Approved values are frozen: a change is a correction with a reason.
    ReportFrozen,
    /// A correction of this report is already on its way.
    CorrectionOpen,
    /// An uploaded file above the size limit, in MB.
    FileTooLarge {
        max_mb: usize,
    },
    /// An uploaded file whose content is none of the accepted types.
    FileType,
    /// A closing date before the opening date.
    ClosesBeforeOpens,
    /// A number that the Indonesian and the English rule read differently
    /// (`2.500`): both readings are shown and neither is guessed.
    AmbiguousNumber {
        text: String,
        as_id: rust_decimal::Decimal,
        as_en: rust_decimal::Decimal,
    },
    /// A value outside the range its kind may take (see `number::Quantity`).
    OutOfRange {
        low: rust_decimal::Decimal,
        high: rust_decimal::Decimal,
    },
    TooManyDecimals {
        max: u32,
    },
    /// An uploaded workbook beyond what imports read (see `docs::sheet::LIMITS`).
    WorkbookLimit(WorkbookLimit),
    /// A blank actual over a saved one: clearing it must be asked for.
    ClearNotConfirmed,
    /// A value outside the indicator's plausible range, not confirmed.
    Implausible {
        low: Option<rust_decimal::Decimal>,
        high: Option<rust_decimal::Decimal>,
    },
    /// A file of an accepted kind whose content does not read as that kind
    /// (a PDF that does not parse, an image that does not decode).
    DamagedFile,
    /// A report submitted with lines that have no actual, not confirmed.
    EmptyLines {
        count: usize,
    },
}

/// The limit an uploaded workbook went past, with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookLimit {
    Rows(u32),
    Columns(u32),
    Cells(usize),
    UnpackedMb(u64),
    Parts(usize),
}

impl WorkbookLimit {
    fn message(self, locale: Locale) -> String {
        let n = |value: u64| crate::format::integer(i64::try_from(value).unwrap_or(i64::MAX), locale);
        match (self, locale) {
            (WorkbookLimit::Rows(max), Locale::Id) => format!("lembar kerja melebihi batas {} baris", n(max.into())),
            (WorkbookLimit::Rows(max), Locale::En) => {
                format!("the sheet goes past the limit of {} rows", n(max.into()))
            }
            (WorkbookLimit::Columns(max), Locale::Id) => format!("lembar kerja melebihi batas {} kolom", n(max.into())),
            (WorkbookLimit::Columns(max), Locale::En) => {
                format!("the sheet goes past the limit of {} columns", n(max.into()))
            }
            (WorkbookLimit::Cells(max), Locale::Id) => {
                format!("lembar kerja berisi lebih dari {} sel terisi", n(max as u64))
            }
            (WorkbookLimit::Cells(max), Locale::En) => {
                format!("the sheet holds more than {} filled cells", n(max as u64))
            }
            (WorkbookLimit::UnpackedMb(max), Locale::Id) => {
                format!("isi buku kerja melebihi {} MB setelah dibuka (diekstrak)", n(max))
            }
            (WorkbookLimit::UnpackedMb(max), Locale::En) => format!("the workbook unpacks to more than {} MB", n(max)),
            (WorkbookLimit::Parts(max), Locale::Id) => format!("buku kerja berisi lebih dari {} bagian", n(max as u64)),
            (WorkbookLimit::Parts(max), Locale::En) => format!("the workbook has more than {} parts", n(max as u64)),
        }
    }
}

impl Reason {
    pub fn message(&self, locale: Locale) -> String {
        use Reason::*;
        match (self, locale) {
            (Required, l) => l.pick("wajib diisi", "is required").into(),
            (TooShort { min }, Locale::Id) => format!("minimal {min} karakter"),
            (TooShort { min }, Locale::En) => format!("must be at least {min} characters"),
            (TooLong { max }, Locale::Id) => format!("maksimal {max} karakter"),
            (TooLong { max }, Locale::En) => format!("must be at most {max} characters"),
            (TooManyItems { max }, Locale::Id) => format!("maksimal {max} butir dalam satu permintaan"),
            (TooManyItems { max }, Locale::En) => format!("at most {max} items in one request"),
            (BadCharacters, l) => {
                l.pick("mengandung karakter yang tidak diizinkan", "contains characters that are not allowed").into()
            }
            (Nip(error), l) => error.message(l),
            (UnknownOption, l) => l.pick("pilihan tidak dikenal", "is not one of the allowed options").into(),
            (UnknownRegion, l) => l
                .pick("kode wilayah tidak ada dalam data referensi Kemendagri", "is not a Kemendagri region code")
                .into(),
            (WrongRegionLevel, l) => {
                l.pick("harus kode provinsi atau kabupaten/kota", "must be a province or regency/city code").into()
            }
            (NotADate, l) => l.pick("bukan tanggal yang sah (TTTT-BB-HH)", "is not a valid date (YYYY-MM-DD)").into(),
            (NotANumber, l) => l.pick("bukan angka yang sah", "is not a valid number").into(),
            (EndBeforeStart, l) => {
                l.pick("tidak boleh sebelum tanggal mulai", "must not be before the start date").into()
            }
            (NotFound, l) => l.pick("tidak ditemukan di pemda ini", "does not exist in this pemda").into(),
            (OutsideOpd, l) => {
                l.pick("bukan bagian dari perangkat daerah yang dipilih", "does not belong to the chosen OPD").into()
            }
            (AlreadyUsed, l) => l.pick("sudah digunakan", "is already in use").into(),
            (PasswordMismatch, l) => l.pick("konfirmasi kata sandi tidak sama", "confirmation does not match").into(),
            (WrongPassword, l) => l.pick("kata sandi salah", "is wrong").into(),
            (OpdScope { needed: true }, l) => {
                l.pick("peran ini memerlukan perangkat daerah", "this role needs an OPD").into()
            }
            (OpdScope { needed: false }, l) => {
                l.pick("peran ini tidak terikat pada perangkat daerah", "this role is not tied to an OPD").into()
            }
            (PositionFilled, l) => l
                .pick(
                    "jabatan ini sudah dipangku pejabat definitif pada periode tersebut",
                    "this position already has a definitive holder in that period",
                )
                .into(),
            (NotVacant, l) => l
                .pick(
                    "Plt. hanya untuk jabatan yang lowong; jabatan ini dipangku pejabat definitif pada periode tersebut (gunakan Plh. untuk pejabat yang berhalangan sementara)",
                    "a Plt. fills a vacancy; this position has a definitive holder in that period (use Plh. for a temporary absence)",
                )
                .into(),
            (AlreadyPlaced, l) => l
                .pick(
                    "pegawai ini sudah memangku jabatan definitif lain pada periode tersebut",
                    "this official already holds another position definitively in that period",
                )
                .into(),
            (NotInPlan, l) => {
                l.pick("tidak berlaku untuk dokumen rencana ini", "does not belong in this kind of plan").into()
            }
            (RangeReversed, l) => l
                .pick("batas bawah rentang melebihi batas atas", "the lower bound is above the upper bound")
                .into(),
            (RangeMismatch, l) => l
                .pick(
                    "target rentang (mis. 2 - 3) hanya untuk indikator berpolaritas rentang, dan sebaliknya",
                    "a range target (e.g. 2 - 3) is only for an indicator with range polarity, and the reverse",
                )
                .into(),
            (CapBelowFloor, l) => l
                .pick("batas atas capaian di bawah batas bawahnya", "the capaian cap is below the floor")
                .into(),
            (BeforeRulebook { from }, Locale::Id) => format!("aturan ini baru berlaku mulai tahun {from}"),
            (BeforeRulebook { from }, Locale::En) => format!("this rulebook applies from {from} only"),
            (NotAQuarter, l) => l.pick("bukan triwulan (1–4)", "is not a quarter (1–4)").into(),
            (NotAYear, l) => l.pick("bukan tahun yang sah (2000–2100)", "is not a valid year (2000–2100)").into(),
            (TooManyYears { max }, Locale::Id) => format!("periode paling lama {max} tahun"),
            (TooManyYears { max }, Locale::En) => format!("a period covers at most {max} years"),
            (OutsidePeriod, l) => {
                l.pick("tahun di luar periode rencana", "the year is outside the plan's period").into()
            }
            (CodeShape, l) => l
                .pick(
                    "kode nomenklatur harus berbentuk U.BB.PP, U.BB.PP.K.KK atau U.BB.PP.K.KK.SSSS",
                    "a nomenclature code has the shape U.BB.PP, U.BB.PP.K.KK or U.BB.PP.K.KK.SSSS",
                )
                .into(),
            (CodeSegment { position }, Locale::Id) => {
                format!("segmen ke-{position} kode nomenklatur tidak sesuai format (U.BB.PP.K.KK.SSSS)")
            }
            (CodeSegment { position }, Locale::En) => {
                format!("segment {position} of the nomenclature code is malformed (U.BB.PP.K.KK.SSSS)")
            }
            (CodeLevel, l) => l
                .pick("tingkat kode tidak sesuai jenis elemen", "the code's level does not match the element kind")
                .into(),
            (CodeOutsideParent, l) => {
                l.pick("kode tidak berada di bawah kode induknya", "the code does not extend its parent's code").into()
            }
            (UnknownCode, l) => l
                .pick(
                    "kode tidak ada dalam nomenklatur yang berlaku",
                    "the code is not in the nomenclature in force",
                )
                .into(),
            (WrongParent, l) => l.pick("induk tidak sesuai tingkatan", "the parent is of the wrong level").into(),
            (HasChildren, l) => l
                .pick("masih memiliki elemen di bawahnya", "still has elements under it")
                .into(),
            (NotAWorkbook, l) => l
                .pick("berkas bukan buku kerja Excel (.xlsx) yang dapat dibaca", "the file is not a readable Excel workbook (.xlsx)")
                .into(),
            (MissingSheet { sheet }, Locale::Id) => format!("lembar \"{sheet}\" tidak ditemukan; gunakan templat"),
            (MissingSheet { sheet }, Locale::En) => format!("the sheet \"{sheet}\" is missing; use the template"),
            (OtherSubject, l) => l
                .pick(
                    "berkas ini dibuat untuk perangkat daerah atau tahun lain; unduh templat dari halaman ini",
                    "this file was made for another OPD or year; download the template from this page",
                )
                .into(),
            (HeaderMismatch, l) => l
                .pick(
                    "judul kolom tidak sesuai templat (periode tahun harus sama dengan dokumen)",
                    "the column header differs from the template (the years must match the plan's period)",
                )
                .into(),
            (Negative, l) => l.pick("tidak boleh negatif", "must not be negative").into(),
            (TargetMissing, l) => l.pick("target tahun ini belum diisi", "the year's target is missing").into(),
            (RencanaAksiMissing, l) => l
                .pick(
                    "rencana aksi (target TW I–IV) belum lengkap",
                    "the rencana aksi (targets of quarters I–IV) is incomplete",
                )
                .into(),
            (RencanaAksi { aggregate }, Locale::Id) => format!(
                "target TW I–IV menghasilkan {} menurut cara agregasi indikator, tidak sama dengan target tahunan",
                crate::format::number(*aggregate, Locale::Id)
            ),
            (RencanaAksi { aggregate }, Locale::En) => format!(
                "quarters I–IV aggregate to {} by the indicator's aggregation, not to the annual target",
                crate::format::number(*aggregate, Locale::En)
            ),
            (StepNotAllowed, l) => l
                .pick("langkah ini tidak dapat dilakukan pada status sekarang", "this step is not possible in the current status")
                .into(),
            (NotACode, l) => l
                .pick("kode verifikasi terdiri dari 16 huruf/angka (mis. 7K2M-9QXA-…)", "a verification code has 16 letters or digits (e.g. 7K2M-9QXA-…)")
                .into(),
            (Vacant, l) => l.pick("jabatan ini sedang lowong", "nobody holds this position").into(),
            (NoAgreement, l) => l
                .pick("jabatan pada tingkat ini tidak menandatangani PK", "positions at this level sign no agreement")
                .into(),
            (Tampered, l) => l
                .pick(
                    "isi dokumen tidak lagi sama dengan yang disetujui; hubungi admin",
                    "the content no longer matches what was approved; contact the administrator",
                )
                .into(),
            (AmendmentOpen, l) => l
                .pick("PK Perubahan untuk perjanjian ini sedang diproses", "an amendment of this agreement is already in progress")
                .into(),
            (PeriodClosed, l) => l
                .pick(
                    "periode pelaporan ini tidak dibuka untuk perangkat daerah ini; minta admin pemda membukanya kembali",
                    "this reporting period is not open for this OPD; ask the pemda admin to reopen it",
                )
                .into(),
            (StaleEntry, l) => l
                .pick(
                    "isian ini sudah diubah orang lain sejak dibuka; muat ulang halaman lalu simpan lagi",
                    "someone changed this entry since it was opened; reload the page and save again",
                )
                .into(),
            (ReportFrozen, l) => l
                .pick(
                    "laporan sudah disetujui dan dibekukan; ajukan koreksi dengan alasan",
                    "the report is approved and frozen; start a correction with a reason",
                )
                .into(),
            (CorrectionOpen, l) => l
                .pick("koreksi laporan ini sedang diproses", "a correction of this report is already in progress")
                .into(),
            (FileTooLarge { max_mb }, Locale::Id) => format!("berkas melebihi batas {max_mb} MB"),
            (FileTooLarge { max_mb }, Locale::En) => format!("the file is larger than {max_mb} MB"),
            (FileType, l) => l
                .pick(
                    "isi berkas bukan PDF, gambar (PNG/JPEG) atau buku kerja Excel (.xlsx)",
                    "the file's content is not a PDF, an image (PNG/JPEG) or an Excel workbook (.xlsx)",
                )
                .into(),
            (ClosesBeforeOpens, l) => {
                l.pick("tanggal tutup sebelum tanggal buka", "the closing date is before the opening date").into()
            }
            (AmbiguousNumber { text, as_id, as_en }, l) => {
                let (a, b) = (crate::number::entry(*as_id, l), crate::number::entry(*as_en, l));
                match l {
                    Locale::Id => format!(
                        "«{text}» bisa berarti {a} (titik sebagai pemisah ribuan) atau {b} (titik sebagai tanda desimal); tulis {a} atau {b}"
                    ),
                    Locale::En => format!(
                        "“{text}” could mean {a} (the dot grouping thousands) or {b} (the dot as decimal mark); type {a} or {b}"
                    ),
                }
            }
            (OutOfRange { low, high }, l) => {
                let show = |d: &rust_decimal::Decimal| crate::format::decimal(*d, d.normalize().scale(), l);
                match l {
                    Locale::Id => format!("di luar rentang yang diizinkan ({} s.d. {})", show(low), show(high)),
                    Locale::En => format!("is outside the allowed range ({} to {})", show(low), show(high)),
                }
            }
            (WorkbookLimit(limit), l) => limit.message(l),
            (DamagedFile, l) => l
                .pick(
                    "isi berkas tidak dapat dibaca sebagai PDF, gambar atau buku kerja yang utuh (rusak, terkunci kata sandi, atau jenis sebenarnya lain)",
                    "the content does not read as a whole PDF, image or workbook (damaged, password-locked, or really of another kind)",
                )
                .into(),
            (ClearNotConfirmed, l) => l
                .pick(
                    "kosong, padahal sudah ada nilai tersimpan; isi nilainya, atau centang «Kosongkan realisasi» untuk menghapusnya",
                    "is empty but a value is saved; enter the value, or tick “Clear the actual” to remove it",
                )
                .into(),
            (Implausible { low, high }, l) => {
                let show = |d: &rust_decimal::Decimal| crate::format::decimal(*d, d.normalize().scale(), l);
                let range = match (low, high, l) {
                    (Some(low), Some(high), Locale::Id) => format!("{} s.d. {}", show(low), show(high)),
                    (Some(low), Some(high), Locale::En) => format!("{} to {}", show(low), show(high)),
                    (Some(low), None, Locale::Id) => format!("paling rendah {}", show(low)),
                    (Some(low), None, Locale::En) => format!("at least {}", show(low)),
                    (None, Some(high), Locale::Id) => format!("paling tinggi {}", show(high)),
                    (None, Some(high), Locale::En) => format!("at most {}", show(high)),
                    (None, None, _) => String::new(),
                };
                match l {
                    Locale::Id => format!(
                        "di luar rentang wajar indikator ini ({range}); periksa lagi, atau centang «Nilai ini benar» untuk tetap menyimpan"
                    ),
                    Locale::En => format!(
                        "is outside this indicator's plausible range ({range}); check it, or tick “This value is right” to save it anyway"
                    ),
                }
            }
            (EmptyLines { count }, Locale::Id) => format!(
                "{count} indikator belum diisi realisasinya; lengkapi, atau centang «Ajukan walaupun belum lengkap»"
            ),
            (EmptyLines { count }, Locale::En) => format!(
                "{count} indicators have no actual yet; fill them in, or tick “Submit although incomplete”"
            ),
            (TooManyDecimals { max }, Locale::Id) => format!("paling banyak {max} angka di belakang koma"),
            (TooManyDecimals { max }, Locale::En) => format!("must have at most {max} decimal places"),
            (Superseded, l) => l
                .pick(
                    "dokumen ini sudah diganti oleh perubahan dan hanya dapat dibaca",
                    "this plan was replaced by a revision and is read-only",
                )
                .into(),
        }
    }
}

/// One rejected field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form or JSON field name, e.g. `nip`.
    pub field: &'static str,
    pub reason: Reason,
}

/// Every rejected field of one request, so the user can fix them all at once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn one(field: &'static str, reason: Reason) -> Self {
        Invalid(vec![FieldError { field, reason }])
    }

    pub fn push(&mut self, field: &'static str, reason: Reason) {
        self.0.push(FieldError { field, reason });
    }

    /// Records the error of a parse, if any, and returns the value otherwise.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, Reason>) -> Option<T> {
        result.map_err(|reason| self.push(field, reason)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was rejected.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Invalid> {
        if !self.0.is_empty() {
            return Err(self);
        }
        // Every parse succeeded, so every Option is Some; a None here would be
        // a field that was parsed without being checked.
        value().ok_or(self)
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// The serialisable form used by the JSON API and the HTML forms.
    pub fn localized(&self, locale: Locale) -> Vec<LocalizedFieldError> {
        self.0.iter().map(|e| LocalizedFieldError { field: e.field, message: e.reason.message(locale) }).collect()
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.reason.message(Locale::Id))?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalizedFieldError {
    pub field: &'static str,
    pub message: String,
}
