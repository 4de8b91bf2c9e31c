//! Prefecture and municipality from an address such as 「山口県熊毛郡田布施町大字下田布施…」.

use kyodo_domain::catalog::catalog;

/// (prefecture, municipality, rest). For Yamaguchi the municipality is one of its 19; elsewhere
/// the text up to the first 市・区・町・村 after any 郡.
pub fn split_address(address: &str) -> (Option<String>, Option<String>, String) {
    let a = address.trim();
    let pref_end = ["都", "道", "府", "県"]
        .iter()
        .filter_map(|s| a.find(s).map(|i| i + s.len()))
        .filter(|i| *i <= 12)
        .min();
    let (prefecture, rest) = match pref_end {
        Some(i) => (Some(a[..i].to_owned()), &a[i..]),
        None => (None, a),
    };
    // 「熊毛郡田布施町」: the 郡 is not part of the municipality's name.
    let rest = match rest.find('郡') {
        Some(i) if i <= 12 => &rest[i + '郡'.len_utf8()..],
        _ => rest,
    };
    if prefecture.as_deref() == Some("山口県") || prefecture.is_none() {
        if let Some(m) = catalog()
            .municipalities
            .iter()
            .map(|m| m.name.as_str())
            .filter(|m| rest.starts_with(m))
            .max_by_key(|m| m.len())
        {
            return (
                prefecture.or_else(|| Some("山口県".into())),
                Some(m.to_owned()),
                rest[m.len()..].to_owned(),
            );
        }
        if prefecture.is_none() {
            return (None, None, rest.to_owned());
        }
    }
    // Designated cities have wards (「広島市中区」): the city is the municipality.
    let end = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '市' | '区' | '町' | '村'))
        .map(|(i, c)| i + c.len_utf8());
    match end {
        Some(i) => (prefecture, Some(rest[..i].to_owned()), rest[i..].to_owned()),
        None => (prefecture, None, rest.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::split_address;

    #[test]
    fn municipalities_of_yamaguchi_and_elsewhere() {
        let m = |a: &str| split_address(a).1;
        assert_eq!(m("山口県山口市秋穂西1267番地1").as_deref(), Some("山口市"));
        assert_eq!(m("山口県熊毛郡田布施町大字下田布施1").as_deref(), Some("田布施町"));
        assert_eq!(m("山口県大島郡周防大島町大字小松").as_deref(), Some("周防大島町"));
        assert_eq!(m("山口県山陽小野田市日の出1-1-1").as_deref(), Some("山陽小野田市"));
        assert_eq!(m("山口県周南市御幸通2丁目").as_deref(), Some("周南市"));
        assert_eq!(m("広島県広島市中区基町10-52").as_deref(), Some("広島市"));
        assert_eq!(m("東京都千代田区霞が関3-1-1").as_deref(), Some("千代田区"));
        assert_eq!(split_address("東京都千代田区霞が関").0.as_deref(), Some("東京都"));
        assert_eq!(m("").as_deref(), None);
    }
}
