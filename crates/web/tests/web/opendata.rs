//! Open data on both backends: every dataset in its three files with the codebook's columns,
//! 法人番号 and 全国地方公共団体コード as keys, CP932 that Excel reads, JSON with numbers as
//! numbers; and a canary test — a representative, an address, an e-mail, a telephone, a closed
//! listing and a private worksheet, each marked, appear in none of the twelve files. Small
//! statistics cells stay hidden in them too.

use kyodo_domain::interchange;
use serde_json::Value;

use crate::common::App;

const CANARIES: [&str; 6] = [
    "カナリア代表者",
    "kanaria-mail@example.jp",
    "083-000-9999",
    "カナリア番地1-2-3",
    "カナリア終了募集",
    "カナリア自己分析",
];

fn data() -> String {
    let mut lines = vec![
        r#"{"type":"organization","external_id":"npo:1250005001234","kind":"npo_corporation","name":"オープンデータ検証の会","municipality":"周南市","address":"周南市カナリア番地1-2-3","representative":"カナリア代表者","email":"kanaria-mail@example.jp","phone":"083-000-9999","public_contact":true,"mission":"まちの記録を残す","fields":[2,3],"members":12}"#.to_owned(),
        r#"{"type":"listing","external_id":"od-open","organization":"npo:1250005001234","direction":"need","resources":["people","goods"],"title":"写真の整理を手伝ってください","description":"月に一度の作業日です。"}"#.into(),
        r#"{"type":"listing","external_id":"od-closed","organization":"npo:1250005001234","direction":"offer","resources":["venue"],"title":"カナリア終了募集","status":"closed"}"#.into(),
        r#"{"type":"organization","external_id":"od-co","kind":"company","name":"𠮷野テスト株式会社","municipality":"萩市"}"#.into(),
    ];
    for i in 0..3 {
        lines.push(format!(r#"{{"type":"organization","external_id":"od-{i}","kind":"voluntary_group","name":"萩の会{i}","municipality":"萩市"}}"#));
    }
    lines.join("\n")
}

async fn fetch(app: &App, path: &str) -> (u16, String, Vec<u8>) {
    let res = reqwest::get(app.url(path)).await.unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, res.bytes().await.unwrap().to_vec())
}

kyodo_test_support::on_both_backends! {
    async fn open_data_holds_public_information_only_in_three_formats(db) {
        let app = App::spawn(db).await;
        app.store.import(&interchange::parse(&data()).unwrap(), 1).await.unwrap().unwrap();
        let org = app.store.organizations(&kyodo_store::OrganizationFilter { external_id: Some("npo:1250005001234".into()), ..Default::default() }, 1, 0).await.unwrap().0[0].id;
        // A group's private worksheet, saved as its members do.
        let browser = app.user("od-owner@example.jp").await;
        let own = app.create_org(&browser, "自己分析の会", "npo_corporation").await;
        let token = app.new_token(&browser).await;
        let sheet = serde_json::json!({"mission": "", "characteristics": "", "strengths": "カナリア自己分析", "weaknesses": "", "can_offer": "", "challenges": {"0": 3}});
        assert_eq!(crate::surveys::api(&app, &token, "PUT", &format!("/organizations/{own}/worksheet"), Some(sheet)).await.0, 200);

        let (_, page) = app.get_text(&app.browser(), "/opendata").await;
        assert!(page.contains("まだ作成していません"), "nothing before the first run");
        assert_eq!(fetch(&app, "/opendata/organizations.csv").await.0, 404);

        kyodo_app::statistics::refresh(&app.state.app).await.unwrap();
        let manifest = kyodo_app::opendata::generate(&app.state.app).await.unwrap();
        assert_eq!(manifest.datasets.iter().map(|d| d.files.len()).sum::<usize>(), 12);
        assert_eq!(manifest.dataset(kyodo_domain::opendata::Dataset::Listings).unwrap().rows, 1, "the closed one is left out");

        let mut everything = String::new();
        for d in &manifest.datasets {
            for f in &d.files {
                let (status, kind, bytes) = fetch(&app, &format!("/opendata/{}", f.name)).await;
                assert_eq!((status, bytes.len() as u64), (200, f.bytes), "{}", f.name);
                let text = if f.format == "csv-cp932" {
                    assert_eq!(kind, "text/csv; charset=Shift_JIS");
                    let (t, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
                    assert!(!bad, "{} is valid CP932", f.name);
                    t.into_owned()
                } else {
                    String::from_utf8(bytes).unwrap()
                };
                if f.format == "csv" {
                    assert!(text.starts_with('\u{feff}'), "{} starts with a BOM", f.name);
                }
                everything.push_str(&text);
            }
        }
        for canary in CANARIES {
            assert!(!everything.contains(canary), "{canary} leaked into open data");
        }

        let (_, _, csv) = fetch(&app, "/opendata/organizations.csv").await;
        let csv = String::from_utf8(csv).unwrap();
        let header = csv.lines().next().unwrap().trim_start_matches('\u{feff}');
        assert!(header.starts_with("id,corporate_number,name,name_kana,kind,kind_ja,prefecture,municipality,local_government_code"));
        let row = csv.lines().find(|l| l.contains("オープンデータ検証の会")).unwrap();
        assert!(row.contains(",1250005001234,") && row.contains(",周南市,352152,") && row.contains("社会教育；まちづくり"), "{row}");

        let (_, _, cp) = fetch(&app, "/opendata/organizations-cp932.csv").await;
        let (cp, _, _) = encoding_rs::SHIFT_JIS.decode(&cp);
        assert!(cp.contains("〓野テスト株式会社"), "𠮷 is not in CP932: written as 〓");
        assert!(csv.contains("𠮷野テスト株式会社"), "UTF-8 keeps it");

        let (_, kind, json) = fetch(&app, "/opendata/listings.json").await;
        assert_eq!(kind, "application/json");
        let listings: Value = serde_json::from_slice(&json).unwrap();
        let l = &listings[0];
        assert_eq!(l["organization_id"], org, "integers as numbers");
        assert_eq!((l["direction_ja"].as_str(), l["resources"].as_str()), (Some("ニーズ"), Some("people;goods")));
        assert_eq!(l["local_government_code"], "352152", "codes stay text");

        // The statistics file keeps 萩市's three groups hidden.
        let (_, _, stats) = fetch(&app, "/opendata/statistics.csv").await;
        let stats = String::from_utf8(stats).unwrap();
        let hagi: Vec<&str> = stats.lines().filter(|l| l.contains(",市町村,萩市,")).collect();
        assert!(!hagi.is_empty() && hagi.iter().all(|l| l.contains(",,,,")), "{hagi:?}");
        let (_, _, cases) = fetch(&app, "/opendata/cases.json").await;
        let cases: Value = serde_json::from_slice(&cases).unwrap();
        assert_eq!(cases[0]["source"], "手引");

        // The page and the API list what was written; only listed names are served.
        let (_, page) = app.get_text(&app.browser(), "/opendata").await;
        assert!(page.contains("公共データ利用規約") && page.contains("出典：kyodo") && page.contains(r#"href="/opendata/listings-cp932.csv""#));
        assert!(page.contains("<code>local_government_code</code>"), "the codebook");
        let v: Value = reqwest::get(app.url("/api/v1/opendata")).await.unwrap().json().await.unwrap();
        assert_eq!(v["datasets"][0]["id"], "organizations");
        assert_eq!(v["datasets"][0]["files"].as_array().unwrap().len(), 3);
        assert!(v["licence"].as_str().unwrap().contains("PDL1.0"));
        assert_eq!(fetch(&app, "/api/v1/opendata/organizations.json").await.0, 200);
        for bad in ["/opendata/manifest.json", "/opendata/..%2Fkyodo.db", "/api/v1/opendata/secret.csv"] {
            assert_eq!(fetch(&app, bad).await.0, 404, "{bad}");
        }
    }
}
