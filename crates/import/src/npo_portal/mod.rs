//! The national NPO registry's bulk CSV (内閣府NPO法人ポータルサイト「全NPO法人情報」), as described in
//! `shared/spec/npo-portal-csv.md`: CP932, a header row, columns matched by name.
//!
//! Reading is pure: bytes in, records or line-numbered errors out. The whole file is checked
//! before anything is written, so an import is whole or absent.

mod address;
mod columns;
mod corporate_number;
pub mod generate;

use std::io::{Cursor, Read};

use kyodo_domain::era;
use kyodo_domain::organization::OrgKind;
use kyodo_domain::text;
use time::Date;

pub use address::split_address;
use columns::Column;
pub use columns::HEADER;
pub use corporate_number::{check_digit, is_valid as is_valid_corporate_number};

/// The registry's record of one 法人, as the store takes it (a domain type: the store does not
/// depend on this crate).
pub use kyodo_domain::organization::registry::RegistryRecord as NpoRecord;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// What was read, and what was noticed without failing (unknown or missing optional columns).
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<NpoRecord>,
    pub warnings: Vec<String>,
    /// Rows left out by the prefecture filter.
    pub skipped: usize,
}

pub const MAX_ERRORS: usize = 100;

/// The CSV inside a registry ZIP (the first `.csv` entry), or the bytes as they are.
pub fn unpack(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(bytes.to_vec());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("ZIP を読めません: {e}"))?;
    let name = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.to_lowercase().ends_with(".csv"))
        .map(|n| n.into_owned())
        .ok_or_else(|| "ZIP の中に CSV ファイルがありません".to_owned())?;
    let mut out = Vec::new();
    archive
        .by_name(&name)
        .map_err(|e| format!("ZIP の {name} を読めません: {e}"))?
        .read_to_end(&mut out)
        .map_err(|e| format!("ZIP の {name} を展開できません: {e}"))?;
    Ok(out)
}

/// Decodes CP932 (Windows-31J). A byte sequence that is not CP932 is an error at its line.
pub fn decode(bytes: &[u8]) -> Result<String, LineError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    // Find the first bad line to say where, so the person can look.
    let line = text.lines().position(|l| l.contains('\u{FFFD}')).map_or(1, |i| i + 1);
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let hint = if utf8 {
        "（UTF-8 のファイルのようです。ポータルサイトの CSV は CP932（Shift_JIS）です）"
    } else {
        ""
    };
    Err(LineError {
        line,
        message: format!("CP932（Shift_JIS）として読めない文字があります{hint}"),
    })
}

/// Filters and clock for a read.
#[derive(Debug, Clone)]
pub struct Options {
    /// Keep only 法人 of this prefecture (e.g. `山口県`), judged by address or 所轄庁.
    pub prefecture: Option<String>,
    /// Today, to tell whether a 特例認定 is still current.
    pub today: Date,
}

/// Reads a decoded registry CSV. All errors (up to 100) are returned, or none and the records.
pub fn parse(text: &str, options: &Options) -> Result<Parsed, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![LineError {
                line: 1,
                message: format!("見出し行を読めません: {e}"),
            }]);
        }
    };
    let mut parsed = Parsed::default();
    let map = match columns::map_header(&header) {
        Ok((map, warnings)) => {
            parsed.warnings = warnings;
            map
        }
        Err(message) => return Err(vec![LineError { line: 1, message }]),
    };
    let lines = LineIndex::new(text);
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!(
                            "列の数が見出しと違います（見出し {expected_len} 列、この行 {len} 列）。引用符（\"）の閉じ忘れがないか確認してください"
                        )
                    }
                    _ => format!("CSV として読めません: {e}"),
                };
                errors.push(LineError { line, message });
                if errors.len() >= MAX_ERRORS {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        let get = |c: Column| {
            map.get(&c)
                .and_then(|i| record.get(*i))
                .map(|s| text::clean(s, true))
                .filter(|s| !s.is_empty())
        };
        match row(&get, options) {
            Ok(None) => parsed.skipped += 1,
            Ok(Some(rec)) => {
                if let Some(first) = seen.insert(rec.external_id.clone(), line) {
                    errors.push(LineError {
                        line,
                        message: format!("法人番号が {first} 行目と重複しています"),
                    });
                } else {
                    parsed.records.push(rec);
                }
            }
            Err(message) => errors.push(LineError { line, message }),
        }
        if errors.len() >= MAX_ERRORS {
            break;
        }
    }
    if errors.is_empty() { Ok(parsed) } else { Err(errors) }
}

fn row(get: &dyn Fn(Column) -> Option<String>, options: &Options) -> Result<Option<NpoRecord>, String> {
    let name = get(Column::Name).ok_or("法人名称が空です")?;
    let number = get(Column::CorporateNumber)
        .map(|n| text::to_halfwidth_ascii(&n))
        .ok_or_else(|| format!("「{name}」の法人番号が空です"))?;
    if !corporate_number::is_valid(&number) {
        return Err(format!(
            "「{name}」の法人番号「{number}」は13桁の正しい法人番号ではありません"
        ));
    }
    let full_address = get(Column::Address);
    let (prefecture, municipality, _) = full_address.as_deref().map(split_address).unwrap_or_default();
    if let Some(want) = &options.prefecture {
        let by_address = prefecture.as_deref() == Some(want.as_str());
        let by_authority = get(Column::Authority).is_some_and(|a| a.starts_with(want.as_str()));
        if !by_address && !by_authority {
            return Ok(None);
        }
    }
    let mut fields = Vec::new();
    for n in 1..=20u8 {
        match get(Column::Field(n)).as_deref() {
            None => {}
            Some(mark) if is_mark(mark) => fields.push(n),
            Some(other) => {
                return Err(format!(
                    "「{name}」の活動分野{n}の値「{other}」は読めません（○ などの印か空欄）"
                ));
            }
        }
    }
    let date = |c: Column, label: &str| -> Result<Option<Date>, String> {
        match get(c) {
            None => Ok(None),
            Some(s) => full_date(&s)
                .map(Some)
                .ok_or_else(|| format!("「{name}」の{label}「{s}」を日付として読めません")),
        }
    };
    let certified_from = date(Column::CertifiedFrom, "認定開始日")?;
    let certified_revoked = date(Column::CertifiedRevoked, "認定取消日")?;
    let special_from = date(Column::SpecialFrom, "特例認定年月日")?;
    let special_until = date(Column::SpecialUntil, "特例認定満了日")?;
    let special_revoked = date(Column::SpecialRevoked, "特例認定取消日")?;
    let certified = (certified_from.is_some() && certified_revoked.is_none())
        || (special_from.is_some() && special_revoked.is_none() && special_until.is_none_or(|d| d >= options.today));
    let founded = get(Column::Founded).or_else(|| get(Column::Certification));
    let founded = match founded {
        None => None,
        Some(s) => Some(
            era::parse_partial_date(&s)
                .ok_or_else(|| format!("「{name}」の設立年月日「{s}」を日付として読めません"))?,
        ),
    };
    let dissolved_on = get(Column::Dissolution).map(|s| {
        // 解散情報 is free text; keep the date when there is one in it.
        s.split(|c: char| c.is_whitespace() || c == '（' || c == '(')
            .find_map(era::parse_partial_date)
            .unwrap_or(s)
    });
    Ok(Some(NpoRecord {
        external_id: format!("npo:{number}"),
        kind: if certified {
            OrgKind::CertifiedNpo
        } else {
            OrgKind::NpoCorporation
        },
        name,
        name_kana: get(Column::NameKana),
        prefecture,
        municipality,
        address: full_address,
        representative: get(Column::Representative),
        founded,
        mission: get(Column::Purpose),
        activities: get(Column::Business),
        fields,
        dissolved_on,
        website: None,
    }))
}

/// Line numbers as an editor shows them, from byte offsets. (csv's own count is one short for
/// CRLF files: the LF after a record's CR is consumed after the next record's position is taken.)
struct LineIndex<'a> {
    text: &'a [u8],
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let text = text.as_bytes();
        Self {
            text,
            newlines: text
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    fn at(&self, byte: u64) -> usize {
        let mut b = usize::try_from(byte).unwrap_or(usize::MAX);
        if self.text.get(b) == Some(&b'\n') {
            b += 1;
        }
        self.newlines.partition_point(|&n| n < b) + 1
    }
}

fn is_mark(s: &str) -> bool {
    matches!(s, "○" | "〇" | "◯" | "●" | "1" | "１" | "有" | "*" | "＊" | "レ" | "✓")
}

/// A whole date (`YYYY/MM/DD`, `YYYY年M月D日`, 和暦 …).
fn full_date(s: &str) -> Option<Date> {
    let iso = era::parse_partial_date(s)?;
    let mut parts = iso.split('-').map(|p| p.parse::<i32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests;
