//! Partner candidates through the API and the pages.

use crate::common;

use common::App;
use serde_json::Value;

const GUIDE_CASES: &str = include_str!("../../../../demo/guide-cases.jsonl");

async fn id_of(app: &App, external: &str) -> i64 {
    let filter = kyodo_store::OrganizationFilter {
        external_id: Some(external.into()),
        ..Default::default()
    };
    app.store.organizations(&filter, 1, 0).await.unwrap().0[0].id
}

kyodo_test_support::on_both_backends! {
    async fn a_draft_theme_finds_partners_for_what_its_outline_asks(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        app.state.sync_search().await.unwrap();
        let c = app.user("uri@example.jp").await;
        let org = app.create_org(&c, "瓜を育てる会", "voluntary_group").await;
        let res = app.post_form(&c, &format!("/organizations/{org}/themes"), &[
            ("org_theme", "耕作放棄地の活用と就労体験"),
            ("collaboration_theme", "耕作放棄地で育てた白瓜を地元の漬物に"),
            ("element", "白瓜を育てて出荷する"), ("partner", "漬物をつくる企業"), ("contribution", "白瓜の買取"),
        ]).await;
        assert_eq!(res.status(), 303);
        let theme = res.headers()["location"].to_str().unwrap().to_owned();
        let (status, html) = app.get_text(&c, &format!("{theme}/matches")).await;
        assert_eq!(status, 200);
        assert!(html.contains("協働のテーマ『耕作放棄地で育てた白瓜を地元の漬物に』"));
        let first = html.find("<h2 class=\"h3\">").unwrap();
        let head: String = html[first..].chars().take(120).collect();
        assert!(head.contains("有限会社みかわ"), "{head}");
        let stranger = app.user("stranger-theme@example.jp").await;
        assert_eq!(app.get_text(&stranger, &format!("{theme}/matches")).await.0, 404);
        assert_eq!(app.get_text(&app.browser(), &format!("{theme}/matches")).await.0, 404);
    }

    async fn the_guides_cases_find_their_partners_first_through_the_api(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        for (a, b) in [("case1-sasaete", "case1-mikawa"), ("case2-baytokyo", "case2-atto"), ("case3-foodbank", "case3-marukyu")] {
            let (ia, ib) = (id_of(&app, a).await, id_of(&app, b).await);
            let body: Value = reqwest::get(app.url(&format!("/api/v1/organizations/{ia}/matches?limit=3"))).await.unwrap().json().await.unwrap();
            let first = &body["matches"][0];
            assert_eq!(first["organization"]["id"].as_i64(), Some(ib), "{a}: {body:#}");
            assert!(first["score"].as_f64().unwrap() > 0.0);
            assert!(first["reasons"].as_array().unwrap().iter().any(|r| r.as_str().unwrap().contains("（ニーズ）に")));
            assert!(body["matches"].as_array().unwrap().len() <= 3);
        }
        let ia = id_of(&app, "case3-marukyu").await;
        let only_npos: Value = reqwest::get(app.url(&format!("/api/v1/organizations/{ia}/matches?kind=npo_corporation,certified_npo"))).await.unwrap().json().await.unwrap();
        assert!(only_npos["matches"].as_array().unwrap().iter().all(|m| m["organization"]["kind"] != "company"));
        assert_eq!(only_npos["matches"][0]["suggested_type"]["id"], "business_cooperation");
    }

    async fn with_no_good_partner_the_page_says_so_and_what_would_help(db) {
        let app = App::spawn(db).await;
        let sparse: String = include_str!("../../../../demo/sparse-set.jsonl").lines().filter(|l| l.contains("\"s1-")).map(|l| format!("{l}\n")).collect();
        app.store.import(&kyodo_domain::interchange::parse(&sparse).unwrap(), 1).await.unwrap().unwrap();
        let kodomo = id_of(&app, "s1-kodomo").await;
        let body: Value = reqwest::get(app.url(&format!("/api/v1/organizations/{kodomo}/matches"))).await.unwrap().json().await.unwrap();
        let matches = body["matches"].as_array().unwrap();
        assert!(!matches.is_empty());
        assert!(matches.iter().all(|m| m["strength"] == "weak" && m["strength_label"] == "弱い"), "{body:#}");
        assert!(matches.iter().flat_map(|m| m["reasons"].as_array().unwrap()).all(|r| !r.as_str().unwrap().contains("応えます")), "{body:#}");
        let (status, html) = app.get_text(&app.browser(), &format!("/organizations/{kodomo}/matches")).await;
        assert_eq!(status, 200);
        assert!(html.contains("はっきり補い合える相手はまだ見つかっていません"), "{html}");
        assert!(html.contains("補い合う度合い：弱い"));
        // With a true partner the notice is gone and the fit is named.
        let (status, html) = {
            app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
            let sasaete = id_of(&app, "case1-sasaete").await;
            app.get_text(&app.browser(), &format!("/organizations/{sasaete}/matches")).await
        };
        assert_eq!(status, 200);
        assert!(!html.contains("はっきり補い合える相手はまだ見つかっていません"));
        assert!(html.contains("補い合う度合い：強い") || html.contains("補い合う度合い：中程度"), "{html}");
    }

    async fn dissolved_organisations_and_closed_listings_are_left_out(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        let sasaete = id_of(&app, "case1-sasaete").await;
        let mikawa = id_of(&app, "case1-mikawa").await;
        // みかわ closes both its listings: nothing left to exchange with it.
        for l in app.store.listings_of(mikawa, true).await.unwrap() {
            let mut new = kyodo_domain::listing::NewListing::parse(&kyodo_domain::listing::ListingInput {
                direction: l.direction.as_str().into(),
                resources: l.resources.iter().map(|r| r.as_str().to_owned()).collect(),
                title: l.title.clone(),
                ..Default::default()
            }).unwrap();
            new.status = kyodo_domain::listing::ListingStatus::Closed;
            app.store.update_listing(l.id, &new, 2).await.unwrap();
        }
        let body: Value = reqwest::get(app.url(&format!("/api/v1/organizations/{sasaete}/matches"))).await.unwrap().json().await.unwrap();
        assert_ne!(body["matches"][0]["organization"]["id"].as_i64(), Some(mikawa));
        // A dissolved 法人 is never a candidate.
        let line = r#"{"type":"organization","external_id":"x","kind":"npo_corporation","name":"解散した法人"}"#;
        app.store.import(&kyodo_domain::interchange::parse(line).unwrap(), 3).await.unwrap().unwrap();
        let rec = kyodo_import_record();
        app.store.import_registry(&[rec], 4, &|_| {}).await.unwrap();
        let body: Value = reqwest::get(app.url(&format!("/api/v1/organizations/{sasaete}/matches?limit=50"))).await.unwrap().json().await.unwrap();
        assert!(body["matches"].as_array().unwrap().iter().all(|m| m["organization"]["name"] != "解散したフードバンク"));
    }

    async fn bad_parameters_get_problem_json(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        let id = id_of(&app, "case1-sasaete").await;
        for q in ["limit=0", "limit=500", "limit=abc", "kind=club"] {
            let res = reqwest::get(app.url(&format!("/api/v1/organizations/{id}/matches?{q}"))).await.unwrap();
            assert_eq!(res.status(), 422, "{q}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
        }
        assert_eq!(reqwest::get(app.url("/api/v1/organizations/999999/matches")).await.unwrap().status(), 404);
        let ok = reqwest::get(app.url(&format!("/api/v1/organizations/{id}/matches?limit=２"))).await.unwrap();
        assert_eq!(ok.status(), 200, "full-width digits are read");
    }

    async fn the_candidates_page_shows_reasons_for_an_organisation_and_a_listing(db) {
        let app = App::spawn(db).await;
        app.store.import(&kyodo_domain::interchange::parse(GUIDE_CASES).unwrap(), 1).await.unwrap().unwrap();
        let id = id_of(&app, "case2-atto").await;
        let (status, html) = app.get_text(&app.browser(), &format!("/organizations/{id}/matches")).await;
        assert_eq!(status, 200);
        assert!(html.contains("BAY TOKYO（カットサロン）") && html.contains("（ニーズ）に") && html.contains("提案する協働の種類"));
        let lid = app.store.listings_of(id, false).await.unwrap().into_iter().find(|l| l.title == "託児サービスと子育てママの声").unwrap().id;
        let (status, html) = app.get_text(&app.browser(), &format!("/listings/{lid}/matches?kind=company")).await;
        assert_eq!(status, 200);
        assert!(html.contains("協働募集『託児サービスと子育てママの声』に合う相手です") && html.contains("BAY TOKYO"));
        let (status, _) = app.get_text(&app.browser(), "/listings/999999/matches").await;
        assert_eq!(status, 404);
    }
}

/// A dissolved 法人 from the registry (a food bank, so it would otherwise be a strong candidate).
fn kyodo_import_record() -> kyodo_import::npo_portal::NpoRecord {
    kyodo_import::npo_portal::NpoRecord {
        external_id: format!("npo:{}", kyodo_import::npo_portal::generate::corporate_number(42)),
        kind: kyodo_domain::organization::OrgKind::NpoCorporation,
        name: "解散したフードバンク".into(),
        name_kana: None,
        prefecture: Some("山口県".into()),
        municipality: Some("山口市".into()),
        address: None,
        representative: None,
        founded: None,
        mission: Some("白瓜の買取と奈良漬の原料の供給".into()),
        activities: Some("白瓜の買取".into()),
        fields: vec![1, 5, 17],
        dissolved_on: Some("2020-03-31".into()),
        website: None,
    }
}

/// Above the full-scoring limit, candidates come from the search index. They must not lose the
/// true partner, and must agree with scoring everyone exactly.
#[tokio::test]
async fn at_scale_candidates_from_the_index_keep_the_partner_and_agree_with_exact_scoring() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let text = format!(
        "{}{}",
        kyodo_import::interchange_gen::generate(3200, 6000, 11),
        GUIDE_CASES
    );
    app.store
        .import(&kyodo_domain::interchange::parse(&text).unwrap(), 1)
        .await
        .unwrap()
        .unwrap();
    app.state.sync_search().await.unwrap();
    assert!(app.store.more_matchable_than(3000).await.unwrap());
    let everyone = kyodo_app::matching::all_parties(&app.state.app).await.unwrap();
    let exact = kyodo_domain::matching::Universe::new(&everyone);
    for (a, b) in [
        ("case1-sasaete", "case1-mikawa"),
        ("case3-marukyu", "case3-foodbank"),
        ("case2-atto", "case2-baytokyo"),
    ] {
        let (ia, ib) = (id_of(&app, a).await, id_of(&app, b).await);
        let body: Value = reqwest::get(app.url(&format!("/api/v1/organizations/{ia}/matches?limit=5")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let fast: Vec<i64> = body["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["organization"]["id"].as_i64().unwrap())
            .collect();
        assert_eq!(
            fast[0], ib,
            "{a}: the partner {b} comes first among 3,200 others: {fast:?}"
        );
        let seeker = everyone.iter().position(|p| p.id == ia).unwrap();
        let full: Vec<i64> = exact.matches(seeker, &[], 5).iter().map(|c| c.id).collect();
        assert!(
            full.contains(&fast[0]),
            "{a}: the best candidate is also in the exact top 5 ({fast:?} vs {full:?})"
        );
    }
}
