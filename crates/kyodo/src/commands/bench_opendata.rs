//! `kyodo bench opendata`: every open data file written from a national-scale database, timed
//! against `kyodo export` (a plain streamed dump of the same rows) in the same run, with each
//! process's peak memory. Bounded memory shows as a peak far below what was written.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use kyodo_import::interchange_gen;
use kyodo_store::Store;

use super::bench_search::{proc_mb, verdict};
use crate::cli::BenchOpendataArgs;

/// The files are written daily in the background: a few times a plain export is fine.
const RATIO_TARGET: f64 = 4.0;
/// Peak memory of the writer, whatever the size of the area.
const PEAK_TARGET_MB: f64 = 256.0;

/// Runs `kyodo ARGS --data-dir DIR`, polling its peak memory; (time, peak MB).
fn timed(dir: &Path, args: &[&str]) -> anyhow::Result<(Duration, f64)> {
    let started = Instant::now();
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .spawn()?;
    let mut peak: f64 = 0.0;
    loop {
        if let Some(mb) = proc_mb(child.id(), "VmHWM") {
            peak = peak.max(mb);
        }
        if let Some(status) = child.try_wait()? {
            anyhow::ensure!(status.success(), "kyodo {} failed: {status}", args.join(" "));
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((started.elapsed(), peak))
}

pub async fn run(args: &BenchOpendataArgs) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    println!(
        "kyodo bench opendata — {} organisations, {} listings (SQLite)",
        args.organizations, args.listings
    );
    let text = interchange_gen::generate_with(args.organizations, args.listings, 750_000, 0.2);
    let parsed =
        kyodo_domain::interchange::parse(&text).map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    drop(text);
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("kyodo.db").display())).await?;
    store.migrate().await?;
    let t = Instant::now();
    store
        .import(&parsed, 0)
        .await?
        .map_err(|e| anyhow::anyhow!("line {}: {}", e[0].line, e[0].message))?;
    drop(parsed);
    store.close().await;
    println!("  import                      {:>8.1} s", t.elapsed().as_secs_f64());

    let out = dir.path().join("export.jsonl");
    let out_arg = out.display().to_string();
    let (export, export_peak) = timed(dir.path(), &["export", "--out", &out_arg])?;
    let exported = std::fs::metadata(&out)?.len();
    let (written, peak) = timed(dir.path(), &["opendata"])?;
    let files: u64 = std::fs::read_dir(dir.path().join("opendata"))?
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    println!(
        "  kyodo export (baseline)     {:>8.1} s  peak {:>6.0} MB  ({:.0} MB written)",
        export.as_secs_f64(),
        export_peak,
        exported as f64 / 1e6
    );
    println!(
        "  kyodo opendata              {:>8.1} s  peak {:>6.0} MB  ({:.0} MB written: 4 datasets × 3 files, statistics recomputed)",
        written.as_secs_f64(),
        peak,
        files as f64 / 1e6
    );
    let ratio = written.as_secs_f64() / export.as_secs_f64().max(1e-3);
    let ok_time = ratio <= RATIO_TARGET;
    let ok_peak = peak <= PEAK_TARGET_MB;
    println!();
    println!(
        "  opendata ÷ export           {ratio:>8.2}×  (target ≤ {RATIO_TARGET}×)  {}",
        verdict(ok_time)
    );
    println!(
        "  peak memory                 {peak:>8.0} MB (target ≤ {PEAK_TARGET_MB} MB)  {}",
        verdict(ok_peak)
    );
    Ok(ExitCode::SUCCESS)
}
