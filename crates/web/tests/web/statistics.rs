//! 協働の統計 on both backends: the white paper's indicators computed from imported groups, their
//! track records and needs; a town of three groups hidden (and a second one with it, so it
//! cannot be worked out from the total) on the page, in the API, the CSV and the workbook; and
//! the figures move only when the job recomputes them.

use std::io::Read;

use kyodo_domain::interchange;
use kyodo_domain::organization::track_record::TrackRecord;
use kyodo_store::OrganizationFilter;
use serde_json::Value;

use crate::common::App;

/// 11 groups in 周南市 (6 with a company in their track record, 6 asking for funds), 3 in 萩市
/// and 5 in 下関市, and one company.
fn groups() -> String {
    let mut lines = Vec::new();
    let town = |i: usize| match i {
        0..11 => "周南市",
        11..14 => "萩市",
        _ => "下関市",
    };
    for i in 0..19 {
        lines.push(format!(
            r#"{{"type":"organization","external_id":"st-{i}","kind":"npo_corporation","name":"統計テスト団体{i}","municipality":"{}"}}"#,
            town(i)
        ));
        if i < 6 {
            lines.push(format!(
                r#"{{"type":"listing","external_id":"st-need-{i}","organization":"st-{i}","direction":"need","resources":["funds"],"title":"活動資金の支援"}}"#
            ));
        }
    }
    lines.push(r#"{"type":"organization","external_id":"st-co","kind":"company","name":"統計テスト株式会社","municipality":"周南市"}"#.into());
    lines.join("\n")
}

async fn org_id(app: &App, external: &str) -> i64 {
    let filter = OrganizationFilter {
        external_id: Some(external.into()),
        ..OrganizationFilter::default()
    };
    app.store.organizations(&filter, 1, 0).await.unwrap().0[0].id
}

fn slice<'a>(figure: &'a Value, key: &str) -> &'a Value {
    figure["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap()
}

kyodo_test_support::on_both_backends! {
    async fn the_white_papers_indicators_from_kyodo_with_small_cells_hidden_everywhere(db) {
        let app = App::spawn(db).await;
        app.store.import(&interchange::parse(&groups()).unwrap(), 1).await.unwrap().unwrap();
        for i in 0..6 {
            let id = org_id(&app, &format!("st-{i}")).await;
            let r = TrackRecord { title: "商店街の清掃".into(), partners: Some("株式会社周南テスト".into()), year: Some(2024), description: None };
            app.store.add_track_record(id, &r, 1).await.unwrap();
        }
        // One more names only a public body: not a company collaboration.
        let id = org_id(&app, "st-7").await;
        let r = TrackRecord { title: "公民館まつり".into(), partners: Some("周南市社会福祉協議会".into()), year: Some(2024), description: None };
        app.store.add_track_record(id, &r, 1).await.unwrap();
        kyodo_app::statistics::refresh(&app.state.app).await.unwrap();

        let v: Value = reqwest::get(app.url("/api/v1/statistics")).await.unwrap().json().await.unwrap();
        assert_eq!(v["civic_groups"], 19, "the company is not a civic group");
        assert_eq!(v["min_cell"], 5);
        let fig = |id: &str| v["figures"].as_array().unwrap().iter().find(|f| f["id"] == id).unwrap().clone();
        let experience = fig("experience");
        assert_eq!(experience["all"]["base"]["count"], 19);
        assert_eq!(experience["all"]["cells"][0]["count"], 6);
        assert_eq!(experience["all"]["cells"][0]["percent"], 31.6);
        assert_eq!(experience["survey"][0]["values"][0], 36.3, "the white paper beside it");
        let shunan = slice(&experience, "周南市");
        assert_eq!((shunan["base"]["count"].as_u64(), shunan["cells"][0]["count"].as_u64(), shunan["cells"][1]["count"].as_u64()), (Some(11), Some(6), Some(5)));
        assert_eq!(slice(&experience, "萩市")["base"]["state"], "suppressed", "three groups");
        assert!(slice(&experience, "萩市")["cells"].as_array().unwrap().iter().all(|c| c["state"] == "suppressed" && c["count"].is_null()));
        assert_eq!(slice(&experience, "下関市")["base"]["state"], "suppressed", "else 萩市 = 19 - 11 - 5");
        assert_eq!(experience["years"][0]["key"], "2024");
        let expectations = fig("expectations");
        assert_eq!(expectations["all"]["base"]["count"], 6);
        assert_eq!(expectations["all"]["cells"][0]["count"], 6, "資金面での支援");
        assert_eq!(expectations["all"]["cells"][1]["state"], "not_collected", "連携した事業の実施");
        assert_eq!(fig("content")["all"]["base"]["state"], "shown", "no collaboration yet: a base of 0");

        // The page: the survey, kyodo's figures, hidden cells explained, downloads.
        let (status, page) = app.get_text(&app.browser(), "/statistics").await;
        assert_eq!(status, 200);
        assert!(page.contains("36.3%") && page.contains("6（31.6%）") && page.contains("周南市"));
        assert!(page.contains("5団体未満") && page.contains(r#"href="/statistics.csv""#));

        // The CSV: BOM, the survey's rows and kyodo's, 萩市's counts empty and said why.
        let res = reqwest::get(app.url("/statistics.csv")).await.unwrap();
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = res.text().await.unwrap();
        assert!(csv.starts_with("\u{feff}出典,指標ID"));
        assert!(csv.contains("令和２年度県民活動団体の活動実態調査（令和２年版県民活動白書）,experience,企業との協働の実績,調査年度,令和2年度（2020年度）,実績がある,,36.3,435"));
        assert!(csv.contains(",experience,企業との協働の実績,市町村,周南市,実績がある,6,54.5,11,"));
        let hagi: Vec<&str> = csv.lines().filter(|l| l.contains(",市町村,萩市,")).collect();
        assert!(!hagi.is_empty() && hagi.iter().all(|l| l.contains(",,,,秘匿") || l.contains("分からない")), "{hagi:?}");

        // The workbook holds the same rows, 萩市 as hidden.
        let res = reqwest::get(app.url("/api/v1/statistics.xlsx")).await.unwrap();
        assert_eq!(res.status(), 200);
        let bytes = res.bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut xml).unwrap();
        assert!(xml.contains("協働の統計"), "{xml}");
        let mut sheet = String::new();
        zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
        assert!(sheet.contains("萩市") && sheet.contains("秘匿"));

        // A new record counts only when the job recomputes: pages never compute.
        let id = org_id(&app, "st-6").await;
        let r = TrackRecord { title: "工場見学".into(), partners: Some("（株）テスト工業".into()), year: Some(2025), description: None };
        app.store.add_track_record(id, &r, 1).await.unwrap();
        let again: Value = reqwest::get(app.url("/api/v1/statistics")).await.unwrap().json().await.unwrap();
        assert_eq!(again["computed_at"], v["computed_at"]);
        kyodo_app::statistics::refresh(&app.state.app).await.unwrap();
        let v: Value = reqwest::get(app.url("/api/v1/statistics")).await.unwrap().json().await.unwrap();
        let experience = v["figures"][0].clone();
        assert_eq!(experience["all"]["cells"][0]["count"], 7);
    }
}
