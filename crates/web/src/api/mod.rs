//! The JSON API under `/api/v1`. The OpenAPI document is generated from these handlers.

mod accounts;
mod admin;
mod agreement;
mod case_studies;
mod catalog;
mod centre_requests;
mod clippings;
mod collaborations;
mod common;
mod coordinators;
mod evaluation_records;
mod evaluation_report;
mod evaluation_summary;
mod evaluations;
mod extract;
mod knowing;
mod listings;
mod matching;
mod meetings;
mod members;
mod notifications;
mod opendata;
mod organizations;
mod partners;
mod passwords;
mod photos;
mod progress;
mod proposal_sharing;
mod proposals;
mod records;
mod search;
mod start;
mod statistics;
mod survey_answers;
mod survey_links;
mod survey_waves;
mod surveys;
mod themes;
mod verification;
mod vocab;

pub use matching::parse_kinds;

use axum::Router;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kyodo API",
        version = "1",
        description = "市民団体・企業・大学・行政の協働を支える kyodo の API。エラーは application/problem+json（安定した `code` 付き）で返します。\
                       状態を変える要求は、アクセストークン（`Authorization: Bearer …`）か、ブラウザのセッションと `X-CSRF-Token` ヘッダーで認証します。"
    ),
    // Paths below are relative to this server entry, so a generated client calls them as served.
    servers((url = "/api/v1", description = "この kyodo の API")),
    modifiers(&SecurityAddon),
    tags(
        (name = "accounts", description = "アカウントとアクセストークン"),
        (name = "organizations", description = "団体"),
        (name = "listings", description = "協働募集（ニーズ・提供）"),
        (name = "search", description = "検索とパートナー候補"),
        (name = "proposals", description = "協働のテーマ・企画書（版・共有・コメント・Word/Excel/PDF）"),
        (name = "collaborations", description = "協働の記録・段階・アプローチ・合意（協定書）・自己紹介シート"),
        (name = "workspace", description = "協働の場：定例会・議事録・宿題・指標・PDCAサイクル"),
        (name = "evaluation", description = "評価：アンケート（つくる・配る・答える・集計）、節目ごとの計画と実績、ふりかえりシート、報道、第三者意見、成果"),
        (name = "cases", description = "協働事例：協働から事例をつくり、全団体の承認で公開する・事例集（検索と絞り込み）"),
        (name = "centres", description = "支援センター：団体からの相談（相手探し・企画書）と返事"),
        (name = "statistics", description = "協働の統計：県民活動白書の指標を kyodo の記録から集計（5団体未満は秘匿）・CSV/Excel"),
        (name = "opendata", description = "オープンデータ：公開情報だけのデータセット（CSV UTF-8 BOM・CP932・JSON）、コードブック、利用条件"),
        (name = "catalog", description = "協働のてびき（参照データ）"),
        (name = "admin", description = "サイトでの役割（コーディネーター・管理者）と変更の記録"),
    )
)]
struct ApiDoc;

struct SecurityAddon;

impl Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("kyodo_session"))),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::router())
        .merge(admin::router())
        .merge(passwords::router())
        .merge(organizations::router())
        .merge(members::router())
        .merge(knowing::router())
        .merge(records::router())
        .merge(photos::router())
        .merge(verification::router())
        .merge(listings::router())
        .merge(matching::router())
        .merge(partners::router())
        .merge(search::router())
        .merge(proposals::router())
        .merge(collaborations::router())
        .merge(coordinators::router())
        .merge(agreement::router())
        .merge(meetings::router())
        .merge(progress::router())
        .merge(surveys::router())
        .merge(survey_answers::router())
        .merge(survey_links::router())
        .merge(survey_waves::router())
        .merge(evaluations::router())
        .merge(evaluation_records::router())
        .merge(clippings::router())
        .merge(evaluation_report::router())
        .merge(evaluation_summary::router())
        .merge(case_studies::router())
        .merge(centre_requests::router())
        .merge(statistics::router())
        .merge(opendata::router())
        .merge(notifications::router())
        .merge(start::router())
        .merge(catalog::router())
        .fallback(|| async { crate::error::ApiError::NotFound })
}

/// Every writing operation accepts an `Idempotency-Key` header (see `middleware::idempotency`):
/// said once here, for all of them, as the middleware does.
pub fn with_idempotency_key(mut openapi: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};
    let param = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "8〜255文字の英数字・記号（UUID など）。同じキーで送り直すと最初の応答をそのまま返し（`Idempotent-Replayed: true`）、二重に書き込みません。\
             別の内容に同じキーを使うと 422 `idempotency_key_reused`、最初の要求が処理中なら 409 `idempotency_pending`。キーは1日保存します。",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(8))
                .max_length(Some(255))
                // Visible ASCII only, as the middleware checks.
                .pattern(Some("^[!-~]{8,255}$")),
        ))
        .build();
    for item in openapi.paths.paths.values_mut() {
        for op in [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete]
            .into_iter()
            .flatten()
        {
            op.parameters.get_or_insert_with(Vec::new).push(param.clone());
            // And the middleware's own answers about the key.
            for (code, what) in [
                (
                    "400",
                    "Idempotency-Key の形式が正しくありません（problem+json `idempotency_key_invalid`）",
                ),
                (
                    "409",
                    "同じキーの最初の要求がまだ処理中です（problem+json `idempotency_pending`）",
                ),
                (
                    "422",
                    "同じキーが別の内容の要求に使われています（problem+json `idempotency_key_reused`）",
                ),
            ] {
                op.responses
                    .responses
                    .entry(code.to_owned())
                    .or_insert_with(|| problem(what).into());
            }
        }
    }
    openapi
}

fn problem(what: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(what)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

/// Declares, on every operation, the answers the shared extractors give whatever the handler:
/// 401 where a security requirement is declared (`ApiUser`), 404 where the path holds an id
/// (`ApiPath`, and ids nobody may see), 400 where the body is JSON (`ApiJson`: unreadable JSON).
/// One place instead of a hand-kept line on each handler, so the document cannot drift.
pub fn with_standard_responses(mut openapi: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    for (path, item) in &mut openapi.paths.paths {
        let has_id = path.split('/').any(|seg| seg.starts_with('{') && seg.contains("id"));
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let json_body = op
                .request_body
                .as_ref()
                .is_some_and(|b| b.content.contains_key("application/json"));
            let responses = &mut op.responses.responses;
            for (wanted, code, what) in [
                (
                    secured,
                    "401",
                    "ログインまたはトークンが必要です（problem+json `unauthorized`）",
                ),
                (
                    has_id,
                    "404",
                    "見つからないか、見る権限がありません（problem+json `not_found`）",
                ),
                (json_body, "400", "JSON を読み取れません（problem+json `invalid_json`）"),
            ] {
                if wanted && !responses.contains_key(code) {
                    responses.insert(code.to_owned(), problem(what).into());
                }
            }
        }
    }
    openapi
}

/// The OpenAPI document and the browsable explorer (served from the binary, no CDN).
pub fn docs(openapi: utoipa::openapi::OpenApi) -> Router<AppState> {
    Router::new().merge(SwaggerUi::new("/api/v1/docs").url("/api/v1/openapi.json", openapi))
}
