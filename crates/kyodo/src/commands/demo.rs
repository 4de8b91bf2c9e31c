use std::process::ExitCode;

use anyhow::Context;
use kyodo_import::npo_portal::generate;

use crate::cli::NpoPortalArgs;

pub fn npo_portal(args: &NpoPortalArgs) -> anyhow::Result<ExitCode> {
    let spec = generate::Spec {
        rows: args.rows,
        seed: args.seed,
        ..generate::Spec::default()
    };
    let csv = generate::encode_cp932(&generate::csv_text(&spec));
    let bytes = if args.zip { generate::zip(&csv) } else { csv };
    std::fs::write(&args.out, &bytes).with_context(|| format!("{} に書けません", args.out.display()))?;
    eprintln!(
        "{} 件の法人を {} に書き出しました（{} バイト）",
        args.rows,
        args.out.display(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}
