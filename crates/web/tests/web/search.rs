//! Search over HTTP: Japanese words, filters, freshness after writes, privacy, hostile input.

use crate::common;

use common::App;
use serde_json::Value;

const GUIDE_CASES: &str = include_str!("../../../../demo/guide-cases.jsonl");

async fn api(app: &App, query: &str) -> Value {
    reqwest::get(app.url(&format!("/api/v1/search?{query}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn titles(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect()
}

kyodo_test_support::on_both_backends! {
    async fn a_new_user_finds_kodomo_shokudo_and_shirouri(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        app.state.sync_search().await.unwrap();
        let v = api(&app, "q=白瓜").await;
        let t = titles(&v);
        assert!(t.contains(&"県産白瓜の買取".to_owned()) && t.contains(&"耕作放棄地で育てた白瓜の供給".to_owned()), "{t:?}");
        let v = api(&app, "q=子ども食堂&type=organization").await;
        assert_eq!(titles(&v), ["NPO法人フードバンク山口"]);
        assert!(v["items"][0]["snippet"].as_array().unwrap().iter().any(|p| p["highlight"] == true && p["text"] == "子ども食堂"));
        let v = api(&app, "q=福祉").await;
        assert!(v["total"].as_u64().unwrap() >= 1, "two-character words");
        let v = api(&app, "type=listing&resource=procurement&direction=offer").await;
        assert_eq!(titles(&v), ["県産白瓜の買取"], "filters alone");
        let (status, html) = app.get_text(&app.browser(), "/search?q=白瓜").await;
        assert_eq!(status, 200);
        assert!(html.contains("<mark>白瓜</mark>"));
        // The guide's case studies are searchable too, and link to their place on the cases page.
        kyodo_app::jobs::index_feed::refresh_guide_cases(&app.state.search).await.unwrap();
        let v = api(&app, "q=フードドライブ&type=case").await;
        assert_eq!(titles(&v), ["ローカルスーパーマーケットの特徴を活かした社会貢献活動"]);
        let (_, html) = app.get_text(&app.browser(), "/search?q=奈良漬&type=case").await;
        assert!(html.contains("href=\"/guide/cases#uriuri\""), "{html}");
        let (status, html) = app.get_text(&app.browser(), "/guide/cases").await;
        assert_eq!(status, 200);
        assert!(html.contains("事例2　産後のきれいなママを応援プロジェクト"));
    }

    async fn kana_and_other_spellings_find_what_is_written_in_kanji(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        app.state.sync_search().await.unwrap();
        // The issue's own examples: each found nothing with bigrams alone.
        for q in ["こども食堂", "子供食堂", "コドモ食堂"] {
            let v = api(&app, &format!("q={q}&type=organization")).await;
            assert_eq!(titles(&v), ["NPO法人フードバンク山口"], "{q}");
        }
        let v = api(&app, "q=しろうり").await;
        let t = titles(&v);
        assert!(t.contains(&"県産白瓜の買取".to_owned()), "{t:?}");
        assert_eq!(v["read_as"][0]["word"], "しろうり");
        assert_eq!(v["read_as"][0]["found"][0], "白瓜");
        let v = api(&app, "q=ふくし").await;
        assert!(v["total"].as_u64().unwrap() >= 1, "ふくし finds 福祉");
        // Written matches stay first: 白瓜 as typed ranks the records that have it.
        let exact = titles(&api(&app, "q=白瓜").await);
        assert_eq!(&t[..exact.len()], &exact[..], "the reading finds the same records, in the same order");
        let (status, html) = app.get_text(&app.browser(), "/search?q=しろうり").await;
        assert_eq!(status, 200);
        assert!(html.contains("「しろうり」の読みで「白瓜」も検索しました。"), "{html}");
        assert!(html.contains("<mark>白瓜</mark>"), "the spelling found is marked");
        let (_, html) = app.get_text(&app.browser(), "/search?q=白瓜").await;
        assert!(!html.contains("の読みで"), "an exact search says nothing of readings");
    }

    async fn suggestions_follow_what_is_typed_by_spelling_and_reading(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        app.state.sync_search().await.unwrap();
        let texts = |v: &Value| -> Vec<String> {
            v["items"].as_array().unwrap().iter().map(|i| i["text"].as_str().unwrap().to_owned()).collect()
        };
        let v: Value = reqwest::get(app.url("/api/v1/search/suggestions?q=しろうり")).await.unwrap().json().await.unwrap();
        assert!(texts(&v).iter().any(|t| t.contains("白瓜")), "a listing by its reading: {v}");
        let hit = v["items"].as_array().unwrap().iter().find(|i| i["kind"] == "listing").unwrap();
        assert!(hit["href"].as_str().unwrap().starts_with("/listings/"), "{hit}");
        let v: Value = reqwest::get(app.url("/api/v1/search/suggestions?q=ふくし")).await.unwrap().json().await.unwrap();
        assert!(
            v["items"].as_array().unwrap().iter().any(|i| i["kind"] == "term" && i["text"].as_str().unwrap().contains("福祉")),
            "a field of activity from the guide by its reading: {v}"
        );
        let v: Value = reqwest::get(app.url("/api/v1/search/suggestions?q=フードバンク")).await.unwrap().json().await.unwrap();
        assert!(texts(&v).contains(&"NPO法人フードバンク山口".to_owned()), "{v}");
        assert!(texts(&v).len() <= 8);
        let v: Value = reqwest::get(app.url("/api/v1/search/suggestions?q=")).await.unwrap().json().await.unwrap();
        assert_eq!(texts(&v).len(), 0, "nothing typed, nothing suggested");
        // Without JavaScript the box is a plain search with the guide's terms offered under it.
        let (_, html) = app.get_text(&app.browser(), "/search").await;
        assert!(html.contains("list=\"q-suggestions\"") && html.contains("<option value=\"協働\">"), "{html}");
    }

    async fn facets_count_all_matches_and_link_to_the_narrowed_search(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        app.state.sync_search().await.unwrap();
        let v = api(&app, "q=白瓜&per_page=20").await;
        let facet = |name: &str| -> Vec<(String, u64)> {
            v["facets"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap()["values"]
                .as_array().unwrap().iter()
                .map(|x| (x["value"].as_str().unwrap().to_owned(), x["count"].as_u64().unwrap()))
                .collect()
        };
        let total = v["total"].as_u64().unwrap();
        assert_eq!(facet("type").iter().map(|(_, n)| n).sum::<u64>(), total, "each match is one type");
        let dirs = facet("direction");
        let offers = dirs.iter().find(|(d, _)| d == "offer").unwrap().1;
        assert!(dirs.iter().any(|(d, n)| d == "need" && *n >= 1), "{dirs:?}");
        // Following a facet's link gives exactly its count.
        let (status, html) = app.get_text(&app.browser(), "/search?q=白瓜").await;
        assert_eq!(status, 200);
        assert!(html.contains("件数で絞り込む"));
        assert!(html.contains(&format!("href=\"/search?q=%E7%99%BD%E7%93%9C&#38;direction=offer\">提供（{offers}）</a>")), "{html}");
        assert_eq!(api(&app, "q=白瓜&direction=offer").await["total"], offers);
    }

    async fn what_is_saved_is_found_at_once_and_what_is_removed_is_gone(db) {
        let app = App::spawn(db).await;
        let c = app.user("fresh@example.jp").await;
        let id = app.create_org(&c, "ほたるの里を守る会", "voluntary_group").await;
        assert_eq!(api(&app, "q=ほたる").await["total"], 1, "searchable in the same request");
        let r = app.post_form(&c, &format!("/organizations/{id}/edit"), &[("kind", "voluntary_group"), ("name", "かわせみの会"), ("mission", "清流の生き物を守る")]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(api(&app, "q=ほたる").await["total"], 0);
        assert_eq!(api(&app, "q=清流").await["total"], 1);
        let r = app.post_form(&c, &format!("/organizations/{id}/listings"), &[("direction", "need"), ("resources", "people"), ("title", "川の清掃ボランティア")]).await;
        assert_eq!(r.status(), 303);
        let lid = app.store.listings_of(id, true).await.unwrap()[0].id;
        assert_eq!(api(&app, "q=清掃&type=listing").await["items"][0]["organization_name"], "かわせみの会");
        app.post_form(&c, &format!("/listings/{lid}/delete"), &[]).await;
        let left = api(&app, "q=清掃").await;
        assert_eq!(left["total"], 0, "{left}");
    }

    async fn contact_persons_dissolved_npos_and_closed_listings_are_not_searchable(db) {
        let app = App::spawn(db).await;
        let lines = concat!(
            "{\"type\":\"organization\",\"external_id\":\"p\",\"kind\":\"npo_corporation\",\"name\":\"見守りの会\",\"representative\":\"山口太郎\",\"email\":\"taro@example.jp\",\"mission\":\"見守り\"}\n",
            "{\"type\":\"listing\",\"external_id\":\"l\",\"organization\":\"p\",\"direction\":\"need\",\"resources\":[\"funds\"],\"title\":\"募集終了の件\",\"status\":\"closed\"}\n",
        );
        app.store.import(&kyodo_domain::interchange::parse(lines).unwrap(), 1).await.unwrap().unwrap();
        let dissolved = kyodo_import::npo_portal::NpoRecord {
            external_id: format!("npo:{}", kyodo_import::npo_portal::generate::corporate_number(7)),
            kind: kyodo_domain::organization::OrgKind::NpoCorporation,
            name: "解散済みの白瓜の会".into(),
            name_kana: None, prefecture: Some("山口県".into()), municipality: None, address: None,
            representative: None, founded: None, mission: None, activities: None, fields: vec![],
            dissolved_on: Some("2020-01-01".into()), website: None,
        };
        app.store.import_registry(&[dissolved], 2, &|_| {}).await.unwrap();
        app.state.sync_search().await.unwrap();
        assert_eq!(api(&app, "q=見守り").await["total"], 1);
        for q in ["太郎", "taro", "募集終了", "解散済み"] {
            assert_eq!(api(&app, &format!("q={q}")).await["total"], 0, "{q}");
        }
    }

    async fn hostile_and_odd_queries(db) {
        let app = App::spawn(db).await;
        for q in ["%22", "*", "%3A", "(", "title%3A*%20OR%20x", "%00%07", ""] {
            let res = reqwest::get(app.url(&format!("/api/v1/search?q={q}"))).await.unwrap();
            assert_eq!(res.status(), 200, "{q}");
            let (status, _) = app.get_text(&app.browser(), &format!("/search?q={q}")).await;
            assert_eq!(status, 200, "{q}");
        }
        // 10,000 characters (ASCII, so the URL stays within what HTTP clients send) and a long Japanese one.
        let long = "a".repeat(10_000);
        let res = reqwest::get(app.url(&format!("/api/v1/search?q={long}"))).await.unwrap();
        assert_eq!(res.status(), 422);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let long_ja = "あ".repeat(2_000);
        let (status, html) = app.get_text(&app.browser(), &format!("/search?q={long_ja}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("先頭の200文字で検索しました"));
        for q in ["type=people", "kind=club", "municipality=広島市", "field=21", "resource=money", "direction=up", "page=0"] {
            let res = reqwest::get(app.url(&format!("/api/v1/search?{q}"))).await.unwrap();
            assert_eq!(res.status(), 422, "{q}");
        }
        let (status, _) = app.get_text(&app.browser(), "/search?type=people&kind=club&page=abc").await;
        assert_eq!(status, 200, "the page ignores unknown filters");
    }
}
