//! Writes the guide's example proposal as PDF, DOCX and XLSX into a folder, to look at:
//! `cargo run -p kyodo-docs --example guide_example -- /tmp/out`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let p = kyodo_domain::proposal::guide_example();
    let h = kyodo_docs::Header {
        organization: "里山を守る会".into(),
        version: 1,
        date: time::OffsetDateTime::now_utc().date(),
        addressee: Some("山口そば株式会社".into()),
    };
    std::fs::write(format!("{dir}/proposal.pdf"), kyodo_docs::proposal_pdf(&p, &h)?)?;
    std::fs::write(format!("{dir}/proposal.docx"), kyodo_docs::proposal_docx(&p, &h)?)?;
    std::fs::write(format!("{dir}/budget.xlsx"), kyodo_docs::budget_xlsx(&p, &h)?)?;
    Ok(())
}
