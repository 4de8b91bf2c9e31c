//! A survey's whole life, through the pages and the API on both backends: built from the guide's
//! template (a refused question keeps what was typed), opened (the partner is told), answered by
//! the public link (consent first, one answer per browser, bots turned away) and by a member
//! (once), counted by the database, exported as CSV, closed (answers refused with a clear page).
//! An outsider finds nothing.

use crate::common;

use common::App;
use serde_json::{Value, json};

pub(crate) async fn api(app: &App, token: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = reqwest::Client::new()
        .request(m, app.url(&format!("/api/v1{path}")))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (
        status,
        serde_json::from_str(&res.text().await.unwrap()).unwrap_or(Value::Null),
    )
}

/// Two parties and their collaboration; the NPO's browser and both tokens.
pub(crate) async fn collaboration(app: &App) -> (reqwest::Client, String, String, i64) {
    let npo_browser = app.user("sv-npo@example.jp").await;
    let npo = app.new_token(&npo_browser).await;
    let csr = app.token_for("sv-csr@example.jp").await;
    let org = api(
        app,
        &npo,
        "POST",
        "/organizations",
        Some(json!({"kind": "npo_corporation", "name": "こども食堂ひだまり", "municipality": "山口市"})),
    )
    .await
    .1["id"]
        .as_i64()
        .unwrap();
    let company = api(
        app,
        &csr,
        "POST",
        "/organizations",
        Some(json!({"kind": "company", "name": "周南フーズ株式会社", "municipality": "周南市"})),
    )
    .await
    .1["id"]
        .as_i64()
        .unwrap();
    let content = serde_json::to_value(kyodo_domain::proposal::guide_example().to_input()).unwrap();
    let pid = api(
        app,
        &npo,
        "POST",
        &format!("/organizations/{org}/proposals"),
        Some(json!({"content": content})),
    )
    .await
    .1["id"]
        .as_i64()
        .unwrap();
    api(
        app,
        &npo,
        "POST",
        &format!("/proposals/{pid}/shares"),
        Some(json!({"organization_id": company})),
    )
    .await;
    let cid = api(app, &npo, "POST", &format!("/proposals/{pid}/collaboration"), None)
        .await
        .1["id"]
        .as_i64()
        .unwrap();
    (npo_browser, npo, csr, cid)
}

/// Sends the public form as this browser would: the page first (its device cookie and CSRF
/// token), then the answers.
async fn answer(app: &App, browser: &reqwest::Client, token: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let page = browser
        .get(app.url(&format!("/s/{token}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = common::extract_csrf(&page).expect("the answer form has a CSRF token");
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", &csrf));
    let res = browser
        .post(app.url(&format!("/s/{token}")))
        .form(&form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

kyodo_test_support::on_both_backends! {
    async fn a_survey_is_built_opened_answered_counted_exported_and_closed(db) {
        let app = App::spawn(db).await;
        let (npo_browser, npo, csr, cid) = collaboration(&app).await;
        let outsider = app.user("sv-out@example.jp").await;

        // From the guide's template, on the page.
        let res = app.post_form(&npo_browser, &format!("/collaborations/{cid}/surveys"), &[("start", "template"), ("template", "beneficiaries")]).await;
        assert_eq!(res.status(), 303);
        let at = res.headers()["location"].to_str().unwrap().to_owned();
        let sid: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
        let (status, builder) = app.get_text(&npo_browser, &at).await;
        assert_eq!(status, 200);
        assert!(builder.contains("この取り組みに満足しましたか。") && builder.contains("問4で「参加したくない」を選んだ方のみ"), "the template's questions and its condition");
        assert_eq!(app.get_text(&outsider, &at).await.0, 404, "an outsider finds nothing");

        // A refused question comes back with what was typed and the message beside its field.
        let long = "本事業における協働事業評価の観点から、満足度についてお聞かせいただけますでしょうか。";
        let res = app.post_form(&npo_browser, &format!("{at}/questions"), &[("kind", "single"), ("text", long), ("options", "はい")]).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains(long), "the typed question is kept");
        assert!(page.contains(r#"id="add-options-error""#) && page.contains("選択肢を2つ以上"), "the message is beside the options");
        let res = app.post_form(&npo_browser, &format!("{at}/questions"), &[("kind", "single"), ("text", long), ("options", "はい\nいいえ")]).await;
        assert_eq!(res.status(), 303);
        let builder = app.get_text(&npo_browser, &at).await.1;
        assert!(builder.contains("敬語はやさしく") && builder.contains("文を短くしましょう"), "wording tips for やさしい日本語");
        // Removed again through the API twin; the template's own six questions stay.
        let (status, v) = api(&app, &npo, "DELETE", &format!("/collaborations/{cid}/surveys/{sid}/questions/q6"), None).await;
        assert_eq!((status, v["questions"].as_array().unwrap().len()), (200, 5));
        let (status, v) = api(&app, &npo, "DELETE", &format!("/collaborations/{cid}/surveys/{sid}/questions/q4"), None).await;
        assert_eq!((status, v["errors"][0]["code"].as_str()), (422, Some("in_use")), "q5 is shown by q4");

        // Opened: the partner is told, with a link to the survey; the questions are now fixed.
        let res = app.post_form(&npo_browser, &format!("{at}/open"), &[]).await;
        assert_eq!(res.status(), 303);
        let told = api(&app, &csr, "GET", "/me/notifications", None).await.1;
        let n = told["items"].as_array().unwrap().iter().find(|n| n["text"].as_str().unwrap().contains("回答受付を始めました")).expect("the partner is told");
        assert!(n["link"].as_str().unwrap().ends_with(&format!("/collaborations/{cid}/surveys/{sid}")));
        let (status, v) = api(&app, &npo, "POST", &format!("/collaborations/{cid}/surveys/{sid}/questions"), Some(json!({"kind": "date", "text": "いつ"}))).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("survey_not_draft")));
        let survey = api(&app, &npo, "GET", &format!("/collaborations/{cid}/surveys/{sid}"), None).await.1;
        let token = survey["public_url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();

        // The public link: the purpose comes before the first question; consent is required and
        // a refused answer keeps every choice.
        let visitor = app.browser();
        let page = visitor.get(app.url(&format!("/s/{token}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.find("回答の利用目的").unwrap() < page.find("問1").unwrap());
        let (status, page) = answer(&app, &visitor, &token, &[("q1", "3"), ("q2", "0"), ("q2", "3"), ("q4", "0")]).await;
        assert_eq!(status, 422);
        assert!(page.contains(r#"id="consent-error""#));
        assert!(page.contains(r#"name="q2" value="3" checked"#), "the choices made are kept");
        let (status, page) = answer(&app, &visitor, &token, &[("consent", "on"), ("q1", "3"), ("q2", "0"), ("q2", "3"), ("q4", "0")]).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("回答を受け付けました"));
        // One answer per browser; a bot filling the hidden field is turned away.
        assert_eq!(answer(&app, &visitor, &token, &[("consent", "on"), ("q1", "4"), ("q4", "0")]).await.0, 429);
        assert_eq!(answer(&app, &app.browser(), &token, &[("consent", "on"), ("q1", "4"), ("q4", "0"), ("website", "http://spam.example")]).await.0, 429);
        for (q1, q2, q4, q5) in [("4", "0", "0", ""), ("1", "1", "2", "時間が合わない"), ("4", "3", "1", "")] {
            let mut f = vec![("consent", "on"), ("q1", q1), ("q2", q2), ("q4", q4)];
            if !q5.is_empty() {
                f.push(("q5", q5));
            }
            assert_eq!(answer(&app, &app.browser(), &token, &f).await.0, 200);
        }
        // A member of a party answers by the API, once.
        let body = json!({"consent": true, "answers": {"q1": 2, "q4": 0}});
        assert_eq!(api(&app, &csr, "POST", &format!("/collaborations/{cid}/surveys/{sid}/responses"), Some(body.clone())).await.0, 201);
        let (status, v) = api(&app, &csr, "POST", &format!("/collaborations/{cid}/surveys/{sid}/responses"), Some(body)).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("already_answered")));

        // Counted by the database: 5 responses; each option of a multiple choice on its own.
        let r = api(&app, &csr, "GET", &format!("/collaborations/{cid}/surveys/{sid}/results"), None).await.1;
        assert_eq!(r["responses"], 5);
        let q1 = &r["questions"][0];
        assert_eq!((q1["answered"].as_i64(), q1["mean"].as_f64()), (Some(5), Some(3.8)), "(4+5+2+5+3)/5");
        let q2 = &r["questions"][1];
        let shares: Vec<f64> = q2["options"].as_array().unwrap().iter().map(|o| o["percent"].as_f64().unwrap()).collect();
        assert_eq!(q2["answered"], 4);
        assert_eq!(shares, [50.0, 25.0, 0.0, 50.0, 0.0], "two of four chose the first, two the fourth");
        assert_eq!(r["questions"][4]["texts"], json!(["時間が合わない"]), "the conditional question, answered where shown");
        let (status, page) = app.get_text(&npo_browser, &format!("{at}/results")).await;
        assert_eq!(status, 200);
        assert!(page.contains(r#"aria-labelledby="chart-q2-t chart-q2-d""#) && page.contains("<caption>問2の集計</caption>"));

        // CSV: UTF-8 with a BOM, a line per response, choices in words.
        let csv = npo_browser.get(app.url(&format!("{at}/responses.csv"))).send().await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 6, "{text}");
        assert!(lines[0].contains("問1 この取り組みに満足しましたか。"));
        assert!(lines[1].contains("公開リンク") && lines[1].contains("チラシ・ポスター、知り合いから"), "{}", lines[1]);
        assert!(lines[5].contains("ログインして回答"));
        assert_eq!(outsider.get(app.url(&format!("{at}/responses.csv"))).send().await.unwrap().status(), 404);
        // And as an Excel workbook: a sheet with the same headings and a row per response.
        let book = npo_browser.get(app.url(&format!("{at}/responses.xlsx"))).send().await.unwrap().bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book.to_vec())).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
        // Written row by row (constant memory), the text is inline or shared: read both.
        let mut strings = sheet.clone();
        if let Ok(mut f) = zip.by_name("xl/sharedStrings.xml") {
            std::io::Read::read_to_string(&mut f, &mut strings).unwrap();
        }
        assert!(strings.contains("問1 この取り組みに満足しましたか。") && strings.contains("チラシ・ポスター、知り合いから"));
        assert_eq!(sheet.matches("<row ").count(), 6, "a heading and five responses");

        // A member answers on the page too, and finds the answer in their own data export (APPI).
        let form = app.get_text(&npo_browser, &format!("{at}/answer")).await.1;
        assert!(form.contains("回答の利用目的"));
        let res = app.post_form(&npo_browser, &format!("{at}/answer"), &[("consent", "on"), ("q1", "4"), ("q4", "0"), ("q3", "子どもの笑顔が増えた")]).await;
        assert_eq!(res.status(), 200);
        let res = app.post_form(&npo_browser, &format!("{at}/answer"), &[("consent", "on"), ("q1", "4"), ("q4", "0")]).await;
        assert_eq!(res.status(), 409, "once per person");
        let mine = app.get_text(&npo_browser, "/account/export").await.1;
        let mine: Value = serde_json::from_str(&mine).unwrap();
        let given = &mine["survey_answers"][0];
        assert!(given["survey"].as_str().unwrap().starts_with("受益者アンケート"));
        assert!(given["answers"].as_array().unwrap().iter().any(|a| a["answer"] == "子どもの笑顔が増えた"));

        // Personal links: each invitee is mailed their own; one answer per link; the parties see
        // who answered, never what; a reminder waits a day.
        let res = app.post_form(&npo_browser, &format!("{at}/invitations"), &[("people", "山田 花子 <hanako@example.jp>\nnot-an-address")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("2行目"), "the bad line is named");
        let res = app.post_form(&npo_browser, &format!("{at}/invitations"), &[("people", "山田 花子 <hanako@example.jp>\ntaro@example.jp")]).await;
        assert_eq!(res.status(), 303);
        let link = app.link_in_mail("hanako@example.jp", "/r/").await;
        let visitor = app.browser();
        let page = visitor.get(app.url(&link)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("問1") && !page.contains(r#"name="audience""#), "the link knows whom it was sent to");
        let csrf = common::extract_csrf(&page).unwrap();
        let send = |v: &reqwest::Client| v.post(app.url(&link)).form(&[("consent", "on"), ("q1", "4"), ("q4", "0"), ("csrf_token", csrf.as_str())]).send();
        assert_eq!(send(&visitor).await.unwrap().status(), 200);
        assert_eq!(send(&visitor).await.unwrap().status(), 409, "one answer per link");
        let list = api(&app, &npo, "GET", &format!("/collaborations/{cid}/surveys/{sid}/invitations"), None).await.1;
        let answered: Vec<bool> = list.as_array().unwrap().iter().map(|i| i["answered"].as_bool().unwrap()).collect();
        assert_eq!(answered, [true, false]);
        assert!(list.to_string().find("\"q1\"").is_none(), "no answers in the list");
        assert_eq!(api(&app, &npo, "POST", &format!("/collaborations/{cid}/surveys/{sid}/reminders"), None).await.1["count"], 0, "reminded only after a day");
        assert_eq!(api(&app, &csr, "GET", &format!("/collaborations/{cid}/surveys/{sid}/results"), None).await.1["responses"], 7);

        // Closed: the link says so plainly, and answers are refused.
        assert_eq!(api(&app, &npo, "POST", &format!("/collaborations/{cid}/surveys/{sid}/close"), None).await.0, 200);
        let res = app.browser().get(app.url(&format!("/s/{token}"))).send().await.unwrap();
        assert_eq!(res.status(), 410);
        assert!(res.text().await.unwrap().contains("回答の受付は終了しました"));
        let (status, v) = api(&app, &npo, "POST", &format!("/public-surveys/{token}/responses"), Some(json!({"consent": true, "answers": {"q1": 1, "q4": 0}}))).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("survey_closed")));
        assert_eq!(api(&app, &npo, "GET", "/public-surveys/not-a-token", None).await.0, 404);
    }
}
