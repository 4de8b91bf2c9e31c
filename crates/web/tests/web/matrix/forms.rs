//! The forms the entitled see: every page the owner, the partner, the invited coordinator and the
//! admin can open is read, and each `<form method="post">`'s fields (with the values it shows)
//! are kept by its action, to be sent by every subject.

use std::collections::BTreeMap;

use scraper::{Html, Selector};

use super::world::{Who, World};
use crate::common::App;

#[derive(Default)]
pub struct Forms(BTreeMap<String, Vec<(String, String)>>);

impl Forms {
    /// The fields of the form that posts to `path` (none when no page shows one).
    pub fn fields_for(&self, path: &str) -> Vec<(String, String)> {
        self.0
            .get(path)
            .map(|f| f.iter().filter(|(k, _)| k != "csrf_token").cloned().collect())
            .unwrap_or_default()
    }
}

pub async fn crawl(app: &App, world: &World) -> Forms {
    let mut forms = Forms::default();
    for (_, template) in crate::common::routes::page_routes()
        .into_iter()
        .filter(|(m, _)| m == "GET")
    {
        let path = super::concrete(&template, &world.ids, false);
        for who in [Who::Owner, Who::Partner, Who::InvitedCoordinator, Who::Admin] {
            let res = world.subject(who).browser.get(app.url(&path)).send().await.unwrap();
            let is_html = res
                .headers()
                .get("content-type")
                .is_some_and(|t| t.to_str().unwrap_or("").starts_with("text/html"));
            if !res.status().is_success() || !is_html {
                continue;
            }
            read(&res.text().await.unwrap(), &mut forms);
        }
    }
    assert!(forms.0.len() > 30, "forms were found: {:?}", forms.0.keys());
    forms
}

fn read(html: &str, forms: &mut Forms) {
    let doc = Html::parse_document(html);
    let form_sel = Selector::parse("form[method=post]").unwrap();
    let field_sel = Selector::parse("input[name], textarea[name], select[name]").unwrap();
    let option_sel = Selector::parse("option").unwrap();
    for form in doc.select(&form_sel) {
        let Some(action) = form.value().attr("action") else {
            continue;
        };
        let action = action.split(['?', '#']).next().unwrap_or("").to_owned();
        if forms.0.contains_key(&action) {
            continue;
        }
        let mut fields = Vec::new();
        for field in form.select(&field_sel) {
            let el = field.value();
            let name = el.attr("name").unwrap_or_default().to_owned();
            let value = match el.name() {
                "textarea" => field.text().collect::<String>(),
                "select" => {
                    let options: Vec<_> = field.select(&option_sel).collect();
                    let chosen = options
                        .iter()
                        .find(|o| o.value().attr("selected").is_some())
                        .or_else(|| {
                            options
                                .iter()
                                .find(|o| o.value().attr("value").is_some_and(|v| !v.is_empty()))
                        });
                    chosen
                        .and_then(|o| o.value().attr("value"))
                        .unwrap_or_default()
                        .to_owned()
                }
                _ => match el.attr("type").unwrap_or("text") {
                    "checkbox" | "radio" if el.attr("checked").is_none() => continue,
                    "checkbox" | "radio" => el.attr("value").unwrap_or("on").to_owned(),
                    "file" => continue,
                    _ => el.attr("value").unwrap_or_default().to_owned(),
                },
            };
            fields.push((name, value));
        }
        forms.0.insert(action, fields);
    }
}
