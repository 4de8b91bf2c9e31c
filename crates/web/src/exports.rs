//! Proposal exports as downloads: Word, Excel (the budget) and PDF, of the latest readable version
//! or `?version=N`. The documents are built off the async threads: PDF layout is CPU work.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use kyodo_docs::Header;
use kyodo_store::{ProposalSummary, ProposalVersion};

use crate::state::AppState;
use kyodo_app::access::ProposalAccess as Access;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
    Xlsx,
}

impl Kind {
    fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
        }
    }
}

pub enum ExportError {
    /// No such version for this caller.
    NotFound,
    Internal(String),
}

/// The version asked for (`None`: the newest readable), if this caller may read it.
pub async fn version(
    state: &AppState,
    p: &ProposalSummary,
    access: Access,
    asked: Option<i64>,
) -> Result<ProposalVersion, ExportError> {
    let n = asked.unwrap_or_else(|| access.latest(p));
    if !access.may_read(p, n) {
        return Err(ExportError::NotFound);
    }
    state
        .store
        .proposal_version(p.id, n)
        .await
        .map_err(|e| ExportError::Internal(e.to_string()))?
        .ok_or(ExportError::NotFound)
}

pub async fn render(
    state: &AppState,
    p: &ProposalSummary,
    access: Access,
    v: ProposalVersion,
    kind: Kind,
) -> Result<Response, ExportError> {
    // The track record's photos go into Word and PDF (not the budget workbook).
    let photos = if kind == Kind::Xlsx {
        Vec::new()
    } else {
        state
            .store
            .proposal_photo_files(p.id, access.photos_until())
            .await
            .map_err(|e| ExportError::Internal(e.to_string()))?
    };
    // Addressed to the partner: the organisation reading it, or the one it was written for.
    let to = match access {
        Access::Partner { organization, .. } => Some(organization),
        Access::Author { .. } => p.partner_id,
    };
    let addressee = match to {
        Some(id) => state
            .store
            .organization(id)
            .await
            .map_err(|e| ExportError::Internal(e.to_string()))?
            .map(|o| o.name),
        None => None,
    };
    let header = Header {
        addressee,
        organization: p.organization_name.clone(),
        version: v.version,
        date: time::OffsetDateTime::from_unix_timestamp(v.created_at)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
            .date(),
    };
    let content = v.content;
    let title = if content.title.is_empty() {
        "企画書".to_owned()
    } else {
        content.title.clone()
    };
    let bytes = tokio::task::spawn_blocking(move || match kind {
        Kind::Pdf => kyodo_docs::proposal_pdf_with_photos(&content, &header, &photos),
        Kind::Docx => kyodo_docs::proposal_docx_with_photos(&content, &header, &photos),
        Kind::Xlsx => kyodo_docs::budget_xlsx(&content, &header),
    })
    .await
    .map_err(|e| ExportError::Internal(e.to_string()))?
    .map_err(|e| ExportError::Internal(e.to_string()))?;
    let name = format!("{title}_第{}版.{}", v.version, kind.extension());
    // RFC 6266/5987: an ASCII fallback and the Japanese name percent-encoded.
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let disposition = format!(
        "attachment; filename=\"proposal-{}-v{}.{}\"; filename*=UTF-8''{encoded}",
        p.id,
        v.version,
        kind.extension()
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.content_type()));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // Private documents: never kept by shared caches.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}
