//! Every field the server refuses as missing is marked 必須 beside its label: each form of every
//! page the owner, the partner and the admin can open is sent with its text emptied, and every
//! 「…を入力してください。」 that comes back must stand under a label that says 必須.

use scraper::{Html, Selector};

use crate::common::App;
use crate::matrix::world::{self, Who};

#[tokio::test]
async fn every_field_refused_as_missing_is_marked_required() {
    let app = App::spawn(kyodo_test_support::TestDb::sqlite()).await;
    let w = world::build(&app).await;
    let forms = Selector::parse("form[method=post]").unwrap();
    let fields = Selector::parse("input[name], textarea[name], select[name]").unwrap();
    let errors = Selector::parse("p.field-error[id]").unwrap();
    let mut unmarked = Vec::new();
    let mut checked = 0;
    for (_, template) in crate::common::routes::page_routes()
        .into_iter()
        .filter(|(m, _)| m == "GET")
    {
        let path = crate::matrix::concrete(&template, &w.ids, false);
        for who in [Who::Owner, Who::Partner, Who::Admin] {
            let browser = &w.subject(who).browser;
            let res = browser.get(app.url(&path)).send().await.unwrap();
            let html_page = res
                .headers()
                .get("content-type")
                .is_some_and(|t| t.to_str().unwrap_or("").starts_with("text/html"));
            if !res.status().is_success() || !html_page {
                continue;
            }
            let page = Html::parse_document(&res.text().await.unwrap());
            for form in page.select(&forms) {
                let Some(action) = form.value().attr("action").map(str::to_owned) else {
                    continue;
                };
                if form.value().attr("enctype").is_some() {
                    continue;
                }
                let mut sent = Vec::new();
                let mut typed = false;
                for f in form.select(&fields) {
                    let el = f.value();
                    let name = el.attr("name").unwrap_or_default().to_owned();
                    match (el.name(), el.attr("type").unwrap_or("text")) {
                        ("input", "hidden") => sent.push((name, el.attr("value").unwrap_or_default().to_owned())),
                        ("input", "checkbox" | "radio" | "submit" | "file") => {}
                        _ => {
                            typed = true;
                            sent.push((name, String::new()));
                        }
                    }
                }
                // A form with nothing to type acts at once (revoke, withdraw): not sent here.
                if !typed {
                    continue;
                }
                let pairs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let answer = app.post_form(browser, action.split('#').next().unwrap(), &pairs).await;
                if answer.status() != 422 {
                    continue;
                }
                let back = Html::parse_document(&answer.text().await.unwrap());
                for e in back.select(&errors) {
                    let message: String = e.text().collect();
                    // 「AまたはBを…」 asks for one of two fields: neither is required alone.
                    if !message.ends_with("を入力してください。") || message.contains("または") {
                        continue;
                    }
                    let id = e.value().attr("id").unwrap().trim_end_matches("-error");
                    let label = Selector::parse(&format!("label[for=\"{id}\"]")).unwrap();
                    let Some(label) = back.select(&label).next() else {
                        continue;
                    };
                    checked += 1;
                    if !label.inner_html().contains("必須") {
                        unmarked.push(format!(
                            "{action} (from {path}): {id} 「{}」",
                            label.text().collect::<String>()
                        ));
                    }
                }
            }
        }
    }
    unmarked.sort();
    unmarked.dedup();
    assert!(checked > 15, "required fields were found and checked: {checked}");
    assert!(
        unmarked.is_empty(),
        "{} required fields without 必須:\n{}",
        unmarked.len(),
        unmarked.join("\n")
    );
}
