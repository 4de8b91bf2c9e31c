//! `kyodo import` and `kyodo export` of the interchange format (whole file or nothing).

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use kyodo_domain::interchange::{self, LineError};

use super::{now, open_store};
use crate::cli::{ExportArgs, ImportArgs};
use crate::config::Config;

fn report(file: &str, errors: &[LineError]) -> ExitCode {
    for e in errors.iter().take(interchange::MAX_REPORTED_ERRORS) {
        eprintln!("{file}:{}: {}", e.line, e.message);
    }
    eprintln!("{} 件のエラーがあるため、何も取り込みませんでした。", errors.len());
    ExitCode::FAILURE
}

pub async fn import(config: &Config, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let (name, text) = if args.file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("標準入力を UTF-8 として読めません")?;
        ("-".to_owned(), s)
    } else {
        let bytes = std::fs::read(&args.file).with_context(|| format!("{} を読めません", args.file))?;
        let s = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "{}: UTF-8 ではありません（{} バイト目）。交換形式は UTF-8 の JSON Lines です",
                args.file,
                e.utf8_error().valid_up_to()
            )
        })?;
        (args.file.clone(), s)
    };
    let parsed = match interchange::parse(&text) {
        Ok(p) => p,
        Err(errors) => return Ok(report(&name, &errors)),
    };
    let store = open_store(config).await?;
    let result = store.import(&parsed, now()).await;
    store.close().await;
    match result? {
        Ok(s) => {
            eprintln!("取り込みました: 団体 {} 件、募集 {} 件", s.organizations, s.listings);
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => Ok(report(&name, &errors)),
    }
}

pub async fn export(config: &Config, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(config).await?;
    let records = store.export().await;
    store.close().await;
    let mut out = String::from("# kyodo interchange format v1\n");
    for r in &records? {
        out.push_str(&interchange::to_line(r));
        out.push('\n');
    }
    match &args.out {
        Some(path) => {
            // Write beside the target, then rename: the file is whole or absent.
            let tmp = path.with_extension("jsonl.tmp");
            std::fs::write(&tmp, &out).with_context(|| format!("{} に書けません", tmp.display()))?;
            std::fs::rename(&tmp, path).with_context(|| format!("{} に書けません", path.display()))?;
        }
        None => std::io::stdout().lock().write_all(out.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
