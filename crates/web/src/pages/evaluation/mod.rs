//! 評価 as pages: the collaboration's surveys (built from the guide's templates, run, answered
//! and counted), each milestone's sheet and ふりかえりシート, media coverage and its clippings, third-party opinions
//! and outcomes. Thin handlers over `kyodo_app::evaluation`, which decides access and writes.

mod answer;
mod assessment;
mod builder;
mod clippings;
mod media;
mod opinions;
mod outcomes;
mod report;
mod results;
mod sheets;
mod summary;
mod surveys;
mod waves;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/collaborations/{cid}/surveys",
            get(surveys::list).post(surveys::create),
        )
        .route("/collaborations/{cid}/surveys/{sid}", get(builder::show))
        .route(
            "/collaborations/{cid}/surveys/{sid}/settings",
            post(builder::save_settings),
        )
        .route(
            "/collaborations/{cid}/surveys/{sid}/questions",
            post(builder::add_question),
        )
        .route(
            "/collaborations/{cid}/surveys/{sid}/questions/{key}",
            post(builder::save_question),
        )
        .route(
            "/collaborations/{cid}/surveys/{sid}/questions/{key}/remove",
            post(builder::remove_question),
        )
        .route(
            "/collaborations/{cid}/surveys/{sid}/questions/{key}/move",
            post(builder::move_question),
        )
        .route("/collaborations/{cid}/surveys/{sid}/open", post(surveys::open))
        .route("/collaborations/{cid}/surveys/{sid}/close", post(surveys::close))
        .route("/collaborations/{cid}/surveys/{sid}/results", get(results::show))
        .route("/collaborations/{cid}/surveys/{sid}/responses.csv", get(results::csv))
        .route("/collaborations/{cid}/surveys/{sid}/responses.xlsx", get(results::xlsx))
        .route(
            "/collaborations/{cid}/surveys/{sid}/answer",
            get(answer::member_form).post(answer::member_send),
        )
        .route("/s/{token}", get(answer::public_form).post(answer::public_send))
        .route("/r/{token}", get(answer::link_form).post(answer::link_send))
        .route("/collaborations/{cid}/surveys/{sid}/invitations", post(builder::invite))
        .route("/collaborations/{cid}/surveys/{sid}/reminders", post(builder::remind))
        .route("/collaborations/{cid}/surveys/{sid}/follow-up", post(waves::follow_up))
        .route(
            "/collaborations/{cid}/surveys/{sid}/invitations/first-wave",
            post(waves::invite_first_wave),
        )
        .route("/collaborations/{cid}/surveys/{sid}/change", get(waves::show))
        .route("/collaborations/{cid}/evaluation", get(sheets::overview))
        .route(
            "/collaborations/{cid}/evaluation/{milestone}",
            get(sheets::show).post(sheets::save),
        )
        .route(
            "/collaborations/{cid}/evaluation/{milestone}/next-cycle",
            post(sheets::next_cycle),
        )
        .route(
            "/collaborations/{cid}/evaluation/{milestone}/assessment",
            get(assessment::show).post(assessment::save),
        )
        .route("/collaborations/{cid}/evaluation/{milestone}/report", get(report::show))
        .route(
            "/collaborations/{cid}/evaluation/{milestone}/report.pdf",
            get(report::pdf),
        )
        .route(
            "/collaborations/{cid}/evaluation/{milestone}/report.docx",
            get(report::docx),
        )
        .route(
            "/collaborations/{cid}/evaluation/{milestone}/report/sign-off",
            post(report::sign),
        )
        .route(
            "/collaborations/{cid}/evaluation/{milestone}/summary",
            get(summary::show).post(summary::save),
        )
        .route(
            "/collaborations/{cid}/evaluation/{milestone}/summary/consent",
            post(summary::consent),
        )
        .route("/reports/{cid}/{milestone}", get(summary::public))
        .route("/collaborations/{cid}/media", get(media::show).post(media::add))
        .route("/collaborations/{cid}/media/{mid}/remove", post(media::remove))
        .route(
            "/collaborations/{cid}/media/clippings",
            post(clippings::add).layer(axum::extract::DefaultBodyLimit::max(
                crate::middleware::body::PHOTO_MAX_BODY,
            )),
        )
        .route("/collaborations/{cid}/media/{mid}/clipping", get(clippings::show))
        .route(
            "/collaborations/{cid}/media/{mid}/clipping/remove",
            post(clippings::remove),
        )
        .route(
            "/collaborations/{cid}/opinions",
            get(opinions::show).post(opinions::add),
        )
        .route("/collaborations/{cid}/opinions/requests", post(opinions::request))
        .route("/o/{token}", get(opinions::link_form).post(opinions::link_send))
        .route(
            "/collaborations/{cid}/outcomes",
            get(outcomes::show).post(outcomes::add),
        )
        .route("/collaborations/{cid}/outcomes/{oid}/remove", post(outcomes::remove))
}
