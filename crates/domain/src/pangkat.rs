//! Pangkat and golongan ruang of civil servants (PP 99/2000 as amended).

use crate::Reason;
use serde::{Deserialize, Serialize};

macro_rules! golongan {
    ($($variant:ident => $code:literal, $pangkat:literal;)*) => {
        /// A golongan ruang, from I/a (Juru Muda) to IV/e (Pembina Utama).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Golongan { $($variant),* }

        impl Golongan {
            pub const ALL: &[Golongan] = &[$(Golongan::$variant),*];

            /// The printed code, e.g. `IV/c`.
            pub fn code(self) -> &'static str {
                match self { $(Golongan::$variant => $code),* }
            }

            /// The rank name, e.g. `Pembina Utama Muda`.
            pub fn pangkat(self) -> &'static str {
                match self { $(Golongan::$variant => $pangkat),* }
            }
        }
    };
}

golongan! {
    Ia => "I/a", "Juru Muda";
    Ib => "I/b", "Juru Muda Tingkat I";
    Ic => "I/c", "Juru";
    Id => "I/d", "Juru Tingkat I";
    IIa => "II/a", "Pengatur Muda";
    IIb => "II/b", "Pengatur Muda Tingkat I";
    IIc => "II/c", "Pengatur";
    IId => "II/d", "Pengatur Tingkat I";
    IIIa => "III/a", "Penata Muda";
    IIIb => "III/b", "Penata Muda Tingkat I";
    IIIc => "III/c", "Penata";
    IIId => "III/d", "Penata Tingkat I";
    IVa => "IV/a", "Pembina";
    IVb => "IV/b", "Pembina Tingkat I";
    IVc => "IV/c", "Pembina Utama Muda";
    IVd => "IV/d", "Pembina Utama Madya";
    IVe => "IV/e", "Pembina Utama";
}

impl Golongan {
    /// Accepts `IV/c`, `iv/c`, `IVc` or `IV-c`.
    pub fn parse(raw: &str) -> Result<Golongan, Reason> {
        let wanted: String = raw.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
        if wanted.is_empty() {
            return Err(Reason::Required);
        }
        Golongan::ALL
            .iter()
            .copied()
            .find(|g| g.code().replace('/', "").to_ascii_uppercase() == wanted)
            .ok_or(Reason::UnknownOption)
    }

    /// `Pembina Utama Muda (IV/c)`, as printed under a signature.
    pub fn label(self) -> String {
        format!("{} ({})", self.pangkat(), self.code())
    }
}

impl TryFrom<String> for Golongan {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Golongan::parse(&value).map_err(|_| format!("unknown golongan `{value}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        assert_eq!(Golongan::parse("IV/c"), Ok(Golongan::IVc));
        assert_eq!(Golongan::parse("iv-c"), Ok(Golongan::IVc));
        assert_eq!(Golongan::parse("IIIa"), Ok(Golongan::IIIa));
        assert_eq!(Golongan::parse("V/a"), Err(Reason::UnknownOption));
        assert_eq!(Golongan::IVc.label(), "Pembina Utama Muda (IV/c)");
    }

    #[test]
    fn every_code_round_trips() {
        for g in Golongan::ALL {
            assert_eq!(Golongan::parse(g.code()), Ok(*g));
        }
        assert_eq!(Golongan::ALL.len(), 17);
    }
}
