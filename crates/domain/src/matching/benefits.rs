//! What each side gains, in the guide's own words (§Ⅱ-3 merits, §Ⅲ-5(3) outcomes and the
//! company motives of §Ⅲ-4), chosen from the resources that flow each way.

use crate::catalog::catalog;
use crate::listing::Resource;
use crate::organization::OrgKind;

/// The benefit for a party of `kind` that receives `gets` and gives `gives`, if any can be named.
pub fn for_party(kind: OrgKind, gets: &[Resource], gives: &[Resource]) -> Option<String> {
    let c = catalog();
    let has = |v: &[Resource], codes: &[&str]| v.iter().any(|r| codes.contains(&r.as_str()));
    let mut items: Vec<&str> = Vec::new();
    if kind.is_civic_group() {
        let o = &c.outcomes.civic_group;
        if has(gets, &["procurement"]) {
            items.push(&o[3]); // 取引先が増える
        }
        if has(gets, &["funds", "venue", "goods"]) {
            items.push(&o[2]); // 活動そのものが拡大する
        }
        if has(gets, &["publicity"]) {
            items.push(&o[6]); // 認知度が上がる
        }
        if has(gets, &["expertise", "people"]) {
            items.push(&o[8]); // ノウハウが構築できる
        }
        if has(gets, &["network"]) {
            items.push(&o[4]); // ネットワークが広がる
        }
        if has(gives, &["service", "goods", "planning"]) {
            items.push(&o[1]); // 商品化・プログラム化できる
        }
    } else if kind == OrgKind::Company {
        let o = &c.outcomes.company;
        if has(gets, &["goods", "service", "planning"]) {
            items.push(&o[1]); // 商品の差別化ができる
        }
        if has(gets, &["network", "information", "procurement"]) {
            items.push(&o[2]); // 事業や顧客の拡大につながる
        }
        if has(gives, &["funds", "goods", "venue", "people", "publicity"]) {
            items.push(&o[0]); // 「地域に貢献する企業」としてイメージが向上
        }
        if has(gives, &["people"]) || has(gets, &["expertise"]) {
            items.push(&o[3]); // 社内が活性化する
        }
    } else {
        // Universities and government: the guide's merits for them.
        let merits = c.merits.iter().find(|m| match kind {
            OrgKind::University => m.party == "university",
            _ => m.party == "government",
        })?;
        items.push(merits.items.first()?);
    }
    items.dedup();
    if items.is_empty() {
        None
    } else {
        Some(items.into_iter().take(2).collect::<Vec<_>>().join("、"))
    }
}
