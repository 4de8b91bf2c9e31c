//! A whole collaboration through the JSON API alone, with two organisations' tokens: proposal →
//! share → comment → collaboration → approach → agreement → both confirm → 実施 → meeting →
//! minutes → approve → item done → indicator entry. Each party is told what needs it, an outsider
//! finds nothing, and every path called is in the OpenAPI document as served.

use crate::common;

use common::App;
use kyodo_domain::proposal::guide_example;
use serde_json::{Value, json};

struct Api<'a> {
    app: &'a App,
    http: reqwest::Client,
    /// Every (method, path template) called, to check against the OpenAPI document.
    called: std::cell::RefCell<Vec<(String, String)>>,
}

impl Api<'_> {
    async fn call(&self, token: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.called.borrow_mut().push((method.to_lowercase(), template(path)));
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self
            .http
            .request(m, self.app.url(&format!("/api/v1{path}")))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn ok(&self, token: &str, method: &str, path: &str, body: Option<Value>, want: u16) -> Value {
        let (status, v) = self.call(token, method, path, body).await;
        assert_eq!(status, want, "{method} {path}: {v}");
        v
    }

    async fn bytes(&self, token: &str, path: &str) -> Vec<u8> {
        self.called.borrow_mut().push(("get".into(), template(path)));
        let res = self
            .http
            .get(self.app.url(&format!("/api/v1{path}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "GET {path}");
        res.bytes().await.unwrap().to_vec()
    }

    /// The notifications' texts of a token's owner.
    async fn told(&self, token: &str) -> Vec<String> {
        let v = self.ok(token, "GET", "/me/notifications", None, 200).await;
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["text"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// `/collaborations/12/meetings/3/minutes` → `/collaborations/{}/meetings/{}/minutes`.
fn template(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "{}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn openapi_template(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "{}" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

kyodo_test_support::on_both_backends! {
    async fn a_whole_collaboration_runs_through_the_json_api(db) {
        let app = App::spawn(db).await;
        let api = Api { app: &app, http: reqwest::Client::new(), called: Default::default() };
        let npo = app.token_for("j-npo@example.jp").await;
        let csr = app.token_for("j-csr@example.jp").await;
        let outsider = app.token_for("j-out@example.jp").await;

        let org = api.ok(&npo, "POST", "/organizations", Some(json!({"kind": "npo_corporation", "name": "里山を守る会", "municipality": "山口市"})), 201).await["id"].as_i64().unwrap();
        let company = api.ok(&csr, "POST", "/organizations", Some(json!({"kind": "company", "name": "山口そば株式会社", "municipality": "周南市"})), 201).await["id"].as_i64().unwrap();

        // Proposal → share → the company is told and comments → the NPO is told.
        let content = serde_json::to_value(guide_example().to_input()).unwrap();
        let p = api.ok(&npo, "POST", &format!("/organizations/{org}/proposals"), Some(json!({"content": content})), 201).await;
        let pid = p["id"].as_i64().unwrap();
        api.ok(&npo, "POST", &format!("/proposals/{pid}/shares"), Some(json!({"organization_id": company})), 200).await;
        assert!(api.told(&csr).await.iter().any(|t| t.contains("を共有しました")), "the partner is told of the share");
        api.ok(&csr, "POST", &format!("/proposals/{pid}/comments"), Some(json!({"section": "budget", "body": "人件費の内訳を教えてください"})), 201).await;
        assert!(api.told(&npo).await.iter().any(|t| t.contains("コメントがありました")), "a comment from the API notifies the author");
        let (status, v) = api.call(&csr, "POST", &format!("/proposals/{pid}/comments"), Some(json!({"version": 9, "section": "budget", "body": "x"}))).await;
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some("version")), "an unreadable version is refused");

        // The collaboration: both are parties; the outsider finds nothing.
        let c = api.ok(&npo, "POST", &format!("/proposals/{pid}/collaboration"), None, 201).await;
        let cid = c["id"].as_i64().unwrap();
        assert_eq!(c["stage"], "negotiation");
        assert_eq!(c["parties"].as_array().unwrap().len(), 2);
        assert!(api.told(&csr).await.iter().any(|t| t.contains("協働の記録を始めました")));
        assert_eq!(api.call(&outsider, "GET", &format!("/collaborations/{cid}"), None).await.0, 404);
        let mine = api.ok(&csr, "GET", &format!("/organizations/{company}/collaborations"), None, 200).await;
        assert_eq!(mine[0]["id"].as_i64(), Some(cid));

        // The approach log.
        api.ok(&csr, "POST", &format!("/collaborations/{cid}/contacts"), Some(json!({
            "date": "2026-11-24", "channel": "in_person", "people": "代表 山田", "key_person": "代表 山田",
            "said": "社員の参加人数を相談", "partner_opinion": "5名で了承", "next_step": "合意の案を送る", "next_due": "2026-12-10"
        })), 201).await;
        let log = api.ok(&npo, "GET", &format!("/collaborations/{cid}/contacts"), None, 200).await;
        assert_eq!(log[0]["key_person"], "代表 山田");
        assert_eq!(api.call(&outsider, "GET", &format!("/collaborations/{cid}/contacts"), None).await.0, 404);

        // The agreement: a party left out is refused; both owners confirm; 実施 waits for both.
        let (status, v) = api.call(&npo, "POST", &format!("/collaborations/{cid}/agreement"), Some(json!({
            "collaboration_type": "business_cooperation", "purpose": "里山の再生", "start": "2026-12-01", "end": "2027-11-30",
            "roles": [{"organization_id": org, "guide_roles": ["c1"]}],
            "targets": [{"what": "参加者", "value": 50, "unit": "人", "due": "2027-06-30", "method": "名簿", "timing": "毎月"}]
        }))).await;
        assert_eq!((status, v["errors"][0]["field"].as_str()), (422, Some(format!("roles_{company}").as_str())), "{v}");
        let a = api.ok(&npo, "POST", &format!("/collaborations/{cid}/agreement"), Some(json!({
            "collaboration_type": "business_cooperation", "purpose": "里山の再生", "start": "2026-12-01", "end": "2027-11-30",
            "roles": [{"organization_id": org, "guide_roles": ["c1"]}, {"organization_id": company, "guide_roles": ["k1"], "cost_share": "材料費"}],
            "targets": [{"what": "参加者", "baseline": "１０", "value": 50, "unit": "人", "due": "2027-06-30", "method": "名簿", "timing": "毎月"}]
        })), 201).await;
        assert_eq!((a["version"].as_i64(), a["targets"][0]["baseline"].as_f64()), (Some(1), Some(10.0)));
        assert!(api.told(&csr).await.iter().any(|t| t.contains("確認をお願いします")), "the partner's owner is asked to confirm");
        assert_eq!(api.ok(&npo, "POST", &format!("/collaborations/{cid}/agreement/confirmations"), Some(json!({"version": 1})), 200).await["all_confirmed"], false);
        api.ok(&npo, "POST", &format!("/collaborations/{cid}/stage"), Some(json!({"stage": "agreement"})), 200).await;
        let (status, v) = api.call(&npo, "POST", &format!("/collaborations/{cid}/stage"), Some(json!({"stage": "running"}))).await;
        assert_eq!((status, v["errors"][0]["code"].as_str()), (422, Some("agreement_not_confirmed")));
        let (status, v) = api.call(&csr, "POST", &format!("/collaborations/{cid}/agreement/confirmations"), Some(json!({"version": 2}))).await;
        assert_eq!((status, v["code"].as_str()), (409, Some("agreement_changed")));
        assert_eq!(api.ok(&csr, "POST", &format!("/collaborations/{cid}/agreement/confirmations"), Some(json!({"version": 1})), 200).await["all_confirmed"], true);
        assert!(api.told(&npo).await.iter().any(|t| t.contains("すべての団体が確認しました")));
        assert_eq!(api.ok(&npo, "POST", &format!("/collaborations/{cid}/stage"), Some(json!({"stage": "running"})), 200).await["stage"], "running");
        assert!(api.bytes(&csr, &format!("/collaborations/{cid}/agreement.pdf")).await.starts_with(b"%PDF"));

        // A meeting, its minutes with an item for the company, both approve, the item is done.
        let mid = api.ok(&npo, "POST", &format!("/collaborations/{cid}/meetings"), Some(json!({
            "date": "2027-01-15", "time": "14:00", "place": "山口市民活動支援センター", "purpose": "第1回定例会", "issues": "役割の確認"
        })), 201).await["id"].as_i64().unwrap();
        assert!(api.told(&csr).await.iter().any(|t| t.contains("定例会")));
        let ics = api.bytes(&csr, &format!("/collaborations/{cid}/meetings.ics")).await;
        assert!(String::from_utf8(ics).unwrap().contains("第1回定例会"));
        api.ok(&npo, "PUT", &format!("/collaborations/{cid}/meetings/{mid}/minutes"), Some(json!({
            "decisions": "5名で参加", "items": [{"title": "参加者名簿", "owner_name": "鈴木", "organization_id": company, "due": "2027-01-31"}]
        })), 204).await;
        assert!(api.told(&csr).await.iter().any(|t| t.contains("宿題「参加者名簿」")));
        api.ok(&csr, "POST", &format!("/collaborations/{cid}/meetings/{mid}/approvals"), None, 204).await;
        assert!(api.told(&npo).await.iter().any(|t| t.contains("議事録（第1回定例会）を承認しました")));
        api.ok(&npo, "POST", &format!("/collaborations/{cid}/meetings/{mid}/approvals"), None, 204).await;
        let meetings = api.ok(&npo, "GET", &format!("/collaborations/{cid}/meetings"), None, 200).await;
        assert_eq!(meetings[0]["approved_by"].as_array().unwrap().len(), 2);
        let items = api.ok(&csr, "GET", &format!("/organizations/{company}/action-items"), None, 200).await;
        let iid = items[0]["id"].as_i64().unwrap();
        api.ok(&csr, "PATCH", &format!("/collaborations/{cid}/action-items/{iid}"), Some(json!({"done": true})), 204).await;
        assert_eq!(api.ok(&npo, "GET", &format!("/collaborations/{cid}/action-items"), None, 200).await[0]["done"], true);
        assert_eq!(api.ok(&csr, "GET", &format!("/organizations/{company}/action-items"), None, 200).await.as_array().unwrap().len(), 0);

        // The agreed target is an indicator; an entry moves it along; a PDCA cycle.
        let ks = api.ok(&npo, "GET", &format!("/collaborations/{cid}/indicators"), None, 200).await;
        let kid = ks[0]["id"].as_i64().unwrap();
        let (status, v) = api.call(&npo, "POST", &format!("/collaborations/{cid}/indicators/{kid}/entries"), Some(json!({"date": "2027-02-01", "value": -1}))).await;
        assert_eq!((status, v["errors"].as_array().unwrap().len()), (422, 2), "{v}");
        let k = api.ok(&csr, "POST", &format!("/collaborations/{cid}/indicators/{kid}/entries"), Some(json!({"date": "2027-02-01", "value": "２０", "source": "参加者名簿"})), 201).await;
        assert_eq!((k["entries"][0]["value"].as_f64(), k["track"].as_str().is_some()), (Some(20.0), true));
        assert!(String::from_utf8(api.bytes(&npo, &format!("/collaborations/{cid}/indicators/{kid}/chart.svg")).await).unwrap().contains("<svg"));
        let cycle = api.ok(&npo, "POST", &format!("/collaborations/{cid}/cycles"), Some(json!({"plan": "月1回の作業"})), 201).await;
        api.ok(&csr, "PUT", &format!("/collaborations/{cid}/cycles/{}", cycle["id"]), Some(json!({"plan": "月1回の作業", "done": "2回実施"})), 204).await;
        assert_eq!(api.ok(&npo, "GET", &format!("/collaborations/{cid}/cycles"), None, 200).await[0]["done"], "2回実施");
        for path in ["/indicators", "/meetings", "/cycles", "/action-items", "/agreement", "/introduction"] {
            assert_eq!(api.call(&outsider, "GET", &format!("/collaborations/{cid}{path}"), None).await.0, 404, "{path}");
        }

        // Notifications: marked read, and switched off per kind.
        api.ok(&csr, "POST", "/me/notifications/read", None, 204).await;
        assert_eq!(api.ok(&csr, "GET", "/me/notifications", None, 200).await["unread"], 0);
        let s = api.ok(&csr, "PUT", "/me/notification-settings", Some(json!([{"kind": "meeting", "in_app": false, "email": false}])), 200).await;
        assert!(s.as_array().unwrap().iter().any(|k| k["kind"] == "meeting" && k["in_app"] == false));
        assert_eq!(api.call(&csr, "PUT", "/me/notification-settings", Some(json!([{"kind": "nope", "in_app": true, "email": true}]))).await.0, 422);

        // Every path called is in the OpenAPI document, relative to its `servers` entry.
        let doc: Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
        assert_eq!(doc["servers"][0]["url"], "/api/v1");
        let documented: Vec<(String, String)> = doc["paths"].as_object().unwrap().iter()
            .flat_map(|(p, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), openapi_template(p))))
            .collect();
        for call in api.called.borrow().iter() {
            assert!(documented.contains(call), "{call:?} is not in the OpenAPI document");
        }
    }
}
