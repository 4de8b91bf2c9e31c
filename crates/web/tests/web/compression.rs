//! Responses are compressed for clients that accept it (HTML, CSS, JSON), never the files that
//! are compressed already; and the CSRF token in a compressed page differs in every response.

use crate::common::App;

#[tokio::test]
async fn text_is_sent_compressed_and_exports_are_not() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let raw = reqwest::Client::builder().build().unwrap();
    for (path, enc) in [
        ("/guide", "br"),
        ("/assets/kyodo.css", "gzip"),
        ("/api/v1/openapi.json", "br"),
    ] {
        let plain = raw.get(app.url(path)).send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none(), "{path} unasked");
        let plain = plain.bytes().await.unwrap().len();
        let res = raw
            .get(app.url(path))
            .header("accept-encoding", enc)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-encoding"], enc, "{path}");
        let vary: Vec<String> = res
            .headers()
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_lowercase())
            .collect();
        assert!(vary.iter().any(|v| v.contains("accept-encoding")), "{vary:?}");
        let sent = res.bytes().await.unwrap().len();
        assert!(sent * 2 < plain, "{path}: {sent} bytes sent for {plain}");
    }
    // A PDF is compressed inside already: sent as it is.
    let user = app.user("zip@example.jp").await;
    let org = app.create_org(&user, "圧縮の会", "voluntary_group").await;
    let fields = crate::proposals::fields(&kyodo_domain::proposal::guide_example().to_input());
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = app
        .post_form(&user, &format!("/organizations/{org}/proposals"), &pairs)
        .await;
    let pid = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/proposals/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let res = user
        .get(app.url(&format!("/proposals/{pid}/export.pdf")))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("content-encoding").is_none());
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));

    // Two responses never carry the same token bytes, so compression leaks nothing about it.
    let a = app.csrf(&user, "/account").await;
    let b = app.csrf(&user, "/account").await;
    assert_ne!(a, b);
    // Both work.
    for t in [a, b] {
        let res = user
            .post(app.url("/notifications/read"))
            .form(&[("csrf_token", t.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
    }
}
