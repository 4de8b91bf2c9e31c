//! The collaboration's case as its parties write it (`/collaborations/{cid}/case`): the guide's
//! sections pre-filled from what kyodo holds, one row per party and per key person, then each
//! owner's approval of the exact version. Thin over `kyodo_app::case_studies`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::case_studies;
use kyodo_domain::Invalid;
use kyodo_domain::case_study::{CasePartyInput, CaseStudyInput, KeyPersonInput};
use kyodo_domain::catalog::catalog;
use kyodo_domain::ids::CollaborationId;
use kyodo_store::CollaborationRecord;

use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, first, render};
use crate::state::AppState;

/// One input of a repeated row, its id and message worked out here (the template cannot).
pub(super) struct Cell {
    id: String,
    name: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
    long: bool,
}

pub(super) struct Row {
    number: usize,
    cells: Vec<Cell>,
    /// A key person's consent (their row's index is the checkbox's value).
    consented: Option<bool>,
    index: usize,
}

fn cell(
    errors: &Invalid,
    prefix: &str,
    i: usize,
    key: &str,
    name: &'static str,
    label: &'static str,
    value: &str,
) -> Cell {
    let id = format!("{prefix}[{i}].{key}");
    Cell {
        error: errors.for_field(&id).map(|e| e.message.clone()),
        long: matches!(key, "did" | "gained" | "words"),
        id,
        name,
        label,
        value: value.to_owned(),
    }
}

fn party_rows(input: &CaseStudyInput, errors: &Invalid) -> Vec<Row> {
    let blank = CasePartyInput::default();
    (0..input.parties.len() + 1)
        .map(|i| {
            let p = input.parties.get(i).unwrap_or(&blank);
            Row {
                number: i + 1,
                index: i,
                consented: None,
                cells: vec![
                    cell(errors, "parties", i, "name", "party_name", "団体名", &p.name),
                    cell(
                        errors,
                        "parties",
                        i,
                        "kind",
                        "party_kind",
                        "団体の種類（NPO法人・企業など）",
                        &p.kind,
                    ),
                    cell(
                        errors,
                        "parties",
                        i,
                        "municipality",
                        "party_municipality",
                        "所在地（市町）",
                        &p.municipality,
                    ),
                    cell(
                        errors,
                        "parties",
                        i,
                        "did",
                        "party_did",
                        "協働の具体的な内容（この団体がしたこと）",
                        &p.did,
                    ),
                    cell(
                        errors,
                        "parties",
                        i,
                        "gained",
                        "party_gained",
                        "協働の成果（この団体にとって）",
                        &p.gained,
                    ),
                ],
            }
        })
        .collect()
}

fn key_rows(input: &CaseStudyInput, errors: &Invalid) -> Vec<Row> {
    let blank = KeyPersonInput::default();
    (0..input.key_persons.len() + 1)
        .map(|i| {
            let k = input.key_persons.get(i).unwrap_or(&blank);
            Row {
                number: i + 1,
                index: i,
                consented: Some(k.consented),
                cells: vec![
                    cell(errors, "key_persons", i, "name", "key_name", "お名前", &k.name),
                    cell(errors, "key_persons", i, "role", "key_role", "役職", &k.role),
                    cell(
                        errors,
                        "key_persons",
                        i,
                        "organization",
                        "key_organization",
                        "団体",
                        &k.organization,
                    ),
                    cell(
                        errors,
                        "key_persons",
                        i,
                        "words",
                        "key_words",
                        "お話（ご本人の言葉）",
                        &k.words,
                    ),
                ],
            }
        })
        .collect()
}

/// The form's pairs as a case: rows by position, a key person's consent by their row's index.
fn case_input(pairs: &[(String, String)]) -> CaseStudyInput {
    let all = |k: &str| -> Vec<String> { pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect() };
    let at = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
    let (names, kinds, towns, did, gained) = (
        all("party_name"),
        all("party_kind"),
        all("party_municipality"),
        all("party_did"),
        all("party_gained"),
    );
    let (knames, roles, korgs, words) = (
        all("key_name"),
        all("key_role"),
        all("key_organization"),
        all("key_words"),
    );
    let consented = all("key_consented");
    CaseStudyInput {
        title: first(pairs, "title"),
        theme: first(pairs, "theme"),
        field: first(pairs, "field"),
        collaboration_type: first(pairs, "collaboration_type"),
        period: first(pairs, "period"),
        year: first(pairs, "year"),
        resources: all("resources"),
        summary: first(pairs, "summary"),
        parties: (0..names.len())
            .map(|i| CasePartyInput {
                name: at(&names, i),
                kind: at(&kinds, i),
                municipality: at(&towns, i),
                did: at(&did, i),
                gained: at(&gained, i),
            })
            .collect(),
        key_persons: (0..knames.len())
            .map(|i| KeyPersonInput {
                name: at(&knames, i),
                role: at(&roles, i),
                organization: at(&korgs, i),
                words: at(&words, i),
                consented: consented.contains(&i.to_string()),
            })
            .collect(),
        references: first(pairs, "references"),
    }
}

#[derive(Template)]
#[template(path = "cases/edit.html")]
struct Page {
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    input: CaseStudyInput,
    /// (code, name, chosen)
    resources: Vec<(String, String, bool)>,
    parties: Vec<Row>,
    key_persons: Vec<Row>,
    version: Option<i64>,
    published: bool,
    case_id: Option<i64>,
    /// (party name, approved the latest version)
    approvals: Vec<(String, bool)>,
    mine: Vec<(i64, String, bool)>,
    blockers: Vec<String>,
    missing: Option<String>,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    typed: Option<CaseStudyInput>,
    errors: Invalid,
) -> Result<Response, PageError> {
    let status = if errors.0.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let layout = si.layout.in_section("running");
    let v = match case_studies::get(&state.app, &si.user, cid).await {
        Ok(v) => v,
        Err(kyodo_app::Error::Conflict { detail, .. }) => {
            let s = kyodo_app::access::collaboration(&state.app, &si.user, cid).await?;
            let input = CaseStudyInput::default();
            let t = Page {
                layout,
                c: s.c,
                can_edit: false,
                resources: Vec::new(),
                parties: Vec::new(),
                key_persons: Vec::new(),
                input,
                version: None,
                published: false,
                case_id: None,
                approvals: Vec::new(),
                mine: Vec::new(),
                blockers: Vec::new(),
                missing: Some(detail),
                errors: FormErrors(errors),
            };
            return Ok(render(StatusCode::OK, &t));
        }
        Err(e) => return Err(e.into()),
    };
    let latest = v.version();
    let input = typed.unwrap_or_else(|| v.input.clone());
    let t = Page {
        layout,
        can_edit: v.standing.can_edit(),
        resources: catalog()
            .resources
            .iter()
            .map(|r| (r.code.clone(), r.name.clone(), input.resources.contains(&r.code)))
            .collect(),
        parties: party_rows(&input, &errors),
        key_persons: key_rows(&input, &errors),
        version: latest,
        published: v.published,
        case_id: v.saved.as_ref().map(|s| s.id),
        approvals: v
            .parties
            .iter()
            .map(|p| (p.name.clone(), p.approved.is_some() && p.approved == latest))
            .collect(),
        mine: v.mine(),
        blockers: v.blockers.clone(),
        missing: None,
        input,
        errors: FormErrors(errors),
        c: v.standing.c,
    };
    Ok(render(status, &t))
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    page(&state, si, cid, None, Invalid::default()).await
}

pub(super) async fn save(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let input = case_input(&pairs);
    match case_studies::save(&state.app, &si.user, cid, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/collaborations/{cid}/case#approval")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => page(&state, si, cid, Some(input), e).await,
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn approve(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let party = first(&pairs, "party").trim().parse::<i64>().ok();
    let version = (first(&pairs, "approve") != "0")
        .then(|| first(&pairs, "version").trim().parse::<i64>().ok())
        .flatten();
    if first(&pairs, "approve") != "0" && version.is_none() {
        return Err(kyodo_app::Error::Conflict {
            code: "case_study_changed",
            detail: "承認する版がわかりません。ページを開き直してください。".into(),
        }
        .into());
    }
    case_studies::approve(&state.app, &si.user, cid, party, version).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/case#approval")).into_response())
}
