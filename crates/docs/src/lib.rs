//! kyodo's documents: a proposal (企画書) as Word, Excel and PDF. Pure functions from the domain's
//! content to bytes; the web layer serves them.

pub mod agreement;
pub mod bars;
pub mod case;
pub mod chart;
mod docx;
pub mod ics;
mod pdf;
pub mod photo;
pub mod report;
pub mod responses;
pub mod sheet;
mod view;
mod xlsx;

pub use view::Header;

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("docx: {0}")]
    Docx(String),
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("pdf: {0}")]
    Pdf(String),
    /// A temporary file a large document is written to.
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, DocError>;

pub use docx::{proposal_docx, proposal_docx_with_photos};
pub use pdf::{proposal_pdf, proposal_pdf_with_photos};
pub use xlsx::budget_xlsx;
