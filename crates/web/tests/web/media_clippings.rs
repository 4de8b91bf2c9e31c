//! An article's clipping on both backends: added on the media page (a damaged file is refused
//! beside its field, the article chosen kept), kept as a re-encoded JPEG that only the parties
//! open, listed by the API, replaced and removed by its twins.

use crate::common;
use crate::surveys::{api, collaboration};

use common::App;
use serde_json::json;

async fn upload(app: &App, browser: &reqwest::Client, cid: i64, media: i64, bytes: Vec<u8>) -> reqwest::Response {
    let token = app.form_token(browser).await;
    let form = reqwest::multipart::Form::new()
        .text("media_id", media.to_string())
        .part("clipping", reqwest::multipart::Part::bytes(bytes).file_name("kiri.png"));
    browser
        .post(app.url(&format!("/collaborations/{cid}/media/clippings?csrf_token={token}")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

kyodo_test_support::on_both_backends! {
    async fn a_clipping_is_kept_with_its_article_for_the_parties_only(db) {
        let app = App::spawn(db).await;
        let (npo_browser, npo, csr, cid) = collaboration(&app).await;
        let base = format!("/collaborations/{cid}");
        let first = json!({"kind": "article", "on": "2027-01-08", "title": "食堂に笑顔", "outlet": "山口新聞", "medium": "newspaper"});
        let _other = api(&app, &npo, "POST", &format!("{base}/media"), Some(first)).await.1["id"].as_i64().unwrap();
        let second = json!({"kind": "article", "on": "2027-01-15", "title": "食堂の輪広がる", "outlet": "周南テレビ", "medium": "tv"});
        let article = api(&app, &npo, "POST", &format!("{base}/media"), Some(second)).await.1["id"].as_i64().unwrap();

        // A file that is not an image: refused beside the field, the chosen article kept.
        let res = upload(&app, &npo_browser, cid, article, b"not an image".to_vec()).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains(r#"id="clipping-error""#) && page.contains(r#"aria-describedby="clipping-error""#), "the message beside the field");
        assert!(page.contains(&format!(r#"<option value="{article}" selected>"#)), "the article chosen is kept");

        // A real image: kept as JPEG, its link beside the article.
        let png = crate::matrix::world::tiny_png();
        let res = upload(&app, &npo_browser, cid, article, png.clone()).await;
        assert_eq!(res.status(), 303);
        let page = app.get_text(&npo_browser, &format!("{base}/media")).await.1;
        assert!(page.contains(&format!("{base}/media/{article}/clipping\">切り抜きを見る")));
        let got = npo_browser.get(app.url(&format!("{base}/media/{article}/clipping"))).send().await.unwrap();
        assert_eq!((got.status().as_u16(), got.headers()["content-type"].to_str().unwrap()), (200, "image/jpeg"));
        assert!(got.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]), "re-encoded as JPEG");
        let (_, list) = api(&app, &csr, "GET", &format!("{base}/media"), None).await;
        let flags: Vec<(i64, bool)> = list["items"].as_array().unwrap().iter().map(|m| (m["id"].as_i64().unwrap(), m["has_clipping"].as_bool().unwrap())).collect();
        assert!(flags.contains(&(article, true)) && flags.iter().filter(|(_, c)| *c).count() == 1, "{flags:?}");

        // Nobody else opens it, by page or API; another collaboration's path finds nothing.
        let outsider = app.user("mc-out@example.jp").await;
        assert_eq!(outsider.get(app.url(&format!("{base}/media/{article}/clipping"))).send().await.unwrap().status(), 404);
        let stranger = app.new_token(&outsider).await;
        assert_eq!(api(&app, &stranger, "GET", &format!("{base}/media/{article}/clipping"), None).await.0, 404);
        let anonymous = app.browser().get(app.url(&format!("{base}/media/{article}/clipping"))).send().await.unwrap();
        assert_ne!(anonymous.status(), 200);

        // The partner replaces it through the API, then removes it: gone, and once only.
        let put = |token: String, body: Vec<u8>| reqwest::Client::new()
            .put(app.url(&format!("/api/v1{base}/media/{article}/clipping")))
            .bearer_auth(token).header("content-type", "image/png").body(body).send();
        assert_eq!(put(csr.clone(), png).await.unwrap().status(), 204);
        assert_eq!(put(csr.clone(), Vec::new()).await.unwrap().status(), 422, "an empty body is refused");
        assert_eq!(put(stranger.clone(), crate::matrix::world::tiny_png()).await.unwrap().status(), 404);
        assert_eq!(api(&app, &csr, "DELETE", &format!("{base}/media/{article}/clipping"), None).await.0, 204);
        assert_eq!(api(&app, &csr, "DELETE", &format!("{base}/media/{article}/clipping"), None).await.0, 404);
        assert_eq!(npo_browser.get(app.url(&format!("{base}/media/{article}/clipping"))).send().await.unwrap().status(), 404);
    }
}
