use std::process::ExitCode;

use anyhow::Context;
use kyodo_import::npo_portal::generate;

use crate::cli::{GenerateArgs, NpoPortalArgs};

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

pub fn generate(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let text = kyodo_import::interchange_gen::generate(args.organizations, args.listings, args.seed);
    match &args.out {
        Some(path) => std::fs::write(path, &text).with_context(|| format!("{} に書けません", path.display()))?,
        None => std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
