//! `kyodo import` and `kyodo export` of the interchange format (whole file or nothing).

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use kyodo_domain::interchange::{self, LineError};

use super::open_store;
use crate::cli::{ExportArgs, ImportArgs};
use crate::config::Config;

fn report(file: &str, errors: &[LineError]) -> ExitCode {
    for e in errors.iter().take(interchange::MAX_REPORTED_ERRORS) {
        eprintln!("{file}:{}: {}", e.line, e.message);
    }
    eprintln!("{} 件のエラーがあるため、何も取り込みませんでした。", errors.len());
    ExitCode::FAILURE
}

/// A progress bar on a terminal; nothing when output goes to a file or a pipe.
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 件 {elapsed_precise}") {
        bar.set_style(style);
    }
    bar
}

fn read_input(file: &str) -> anyhow::Result<Vec<u8>> {
    if file == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).context("標準入力を読めません")?;
        Ok(b)
    } else {
        std::fs::read(file).with_context(|| format!("{file} を読めません"))
    }
}

pub async fn import(config: &Config, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    match args.format.as_str() {
        "interchange" => import_interchange(config, args).await,
        "npo-portal" => import_npo_portal(config, args).await,
        other => anyhow::bail!("--format「{other}」は不明です（interchange または npo-portal）"),
    }
}

async fn import_npo_portal(config: &Config, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    use kyodo_import::npo_portal::{self, Options};
    let bytes = read_input(&args.file)?;
    let csv = npo_portal::unpack(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", args.file))?;
    let text = match npo_portal::decode(&csv) {
        Ok(t) => t,
        Err(e) => {
            return Ok(report(
                &args.file,
                &[LineError {
                    line: e.line,
                    message: e.message,
                }],
            ));
        }
    };
    let today = time::OffsetDateTime::now_utc().date();
    let options = Options {
        prefecture: args.prefecture.clone(),
        today,
    };
    let parsed = match npo_portal::parse(&text, &options) {
        Ok(p) => p,
        Err(errors) => {
            let errors: Vec<LineError> = errors
                .into_iter()
                .map(|e| LineError {
                    line: e.line,
                    message: e.message,
                })
                .collect();
            return Ok(report(&args.file, &errors));
        }
    };
    for w in &parsed.warnings {
        eprintln!("{}: 注意: {w}", args.file);
    }
    let store = open_store(config).await?;
    let app = super::offline_app(config, store.clone())?;
    let bar = progress_bar(parsed.records.len());
    let result = kyodo_app::imports::registry(&app, &parsed.records, &|n| bar.set_position(n as u64)).await;
    bar.finish_and_clear();
    store.close().await;
    let n = result?;
    let dissolved = parsed.records.iter().filter(|r| r.dissolved_on.is_some()).count();
    eprintln!(
        "取り込みました: NPO法人 {n} 件（うち解散 {dissolved} 件は記録として保存し、検索には出しません）{}",
        if parsed.skipped > 0 {
            format!("、対象外の都道府県 {} 件は読み飛ばし", parsed.skipped)
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

async fn import_interchange(config: &Config, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    if args.prefecture.is_some() {
        anyhow::bail!("--prefecture は --format npo-portal のときだけ使えます");
    }
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
    let app = super::offline_app(config, store.clone())?;
    let bar = progress_bar(parsed.records.len());
    let result = kyodo_app::imports::interchange(&app, &parsed, &|n| bar.set_position(n as u64)).await;
    bar.finish_and_clear();
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
    let app = super::offline_app(config, store.clone())?;
    let records = kyodo_app::imports::export(&app).await;
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
