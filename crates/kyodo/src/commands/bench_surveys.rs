//! `kyodo bench surveys`: a survey's results and exports stay fast however many answers come in.
//! One run, one real `kyodo serve` on SQLite: the results page of a survey with few responses
//! beside the same page of one with many (their ratio), and the CSV and the Excel workbook of the
//! largest survey read through while the server's peak memory is watched (its growth over what
//! it held before).

use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use kyodo_domain::account::Email;
use kyodo_domain::collaboration::stage::Stage;
use kyodo_domain::evaluation::survey::{Status, answers, templates};
use kyodo_domain::organization::{NewOrganization, OrganizationInput};
use kyodo_store::{NewCollaboration, Store};

use super::bench_load::{PASSWORD, signed_in};
use super::bench_search::{Server, percentiles, proc_mb, verdict, wait_ready};
use crate::cli::BenchSurveysArgs;

/// Responses written per transaction while loading.
const CHUNK: usize = 5_000;

/// A deterministic spread of answers to the beneficiary template (questions q1–q5).
fn responses(d: &kyodo_domain::evaluation::survey::Definition, n: usize, seed: u64) -> Vec<answers::Response> {
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move |m: u64| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % m
    };
    let offered = [kyodo_domain::evaluation::survey::Audience::Beneficiaries];
    (0..n)
        .map(|_| {
            let mut form = vec![
                ("consent".to_owned(), "on".to_owned()),
                ("q1".to_owned(), next(5).to_string()),
                ("q4".to_owned(), next(3).to_string()),
            ];
            for o in 0..5 {
                if next(3) == 0 {
                    form.push(("q2".to_owned(), o.to_string()));
                }
            }
            if next(4) == 0 {
                form.push(("q3".to_owned(), "子どもたちと話せる時間が増えました。".to_owned()));
            }
            form.push(("q5".to_owned(), "日程が合わないことが多かった".to_owned()));
            answers::parse(d, &form, None, &offered).expect("the generated answers fit the template")
        })
        .collect()
}

/// Creates a survey of `n` responses in `cid`; its id.
async fn survey_of(store: &Store, cid: i64, owner: i64, n: usize) -> anyhow::Result<i64> {
    let (settings, d) = templates::build(templates::find("beneficiaries").context("template")?, &format!("{n}件"));
    let sid = store.create_survey(cid, &settings, &d, owner, 1).await?;
    store.set_survey_status(cid, sid, Status::Open, None, owner, 1).await?;
    let mut left = n;
    let mut seed = sid as u64;
    while left > 0 {
        let take = left.min(CHUNK);
        store
            .add_survey_responses(sid, &responses(&d, take, seed), "public", 2)
            .await?;
        left -= take;
        seed += 1;
    }
    Ok(sid)
}

/// Times `rounds` fetches of `url`, one at a time; the body is read whole.
async fn timed(http: &reqwest::Client, url: &str, rounds: usize) -> anyhow::Result<Vec<Duration>> {
    let mut out = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        let res = http.get(url).send().await?;
        anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
        res.bytes().await?;
        out.push(t.elapsed());
    }
    Ok(out)
}

pub async fn run(args: &BenchSurveysArgs) -> anyhow::Result<ExitCode> {
    println!(
        "kyodo bench surveys — SQLite; results page at {} and at {} responses, CSV and XLSX of {}",
        args.small, args.large, args.export
    );
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("kyodo.db").display());
    let exe = std::env::current_exe()?;
    // The person the pages are read as: created as an admin would, with a password to log in.
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    store.close().await;
    let mut child = std::process::Command::new(&exe)
        .args(["--database-url", &url, "--data-dir"])
        .arg(dir.path())
        .args(["admin", "create-user", "--email", "bench@example.jp"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .context("stdin")?
            .write_all(format!("{PASSWORD}\n").as_bytes())?;
    }
    anyhow::ensure!(child.wait()?.success(), "create the bench user");

    let store = Store::connect(&url).await?;
    let owner = store
        .user_by_email(&Email::parse("email", "bench@example.jp").map_err(|e| anyhow::anyhow!(e.message))?)
        .await?
        .context("the bench user")?
        .id;
    let mut orgs = Vec::new();
    for (name, kind) in [
        ("こども食堂ひだまり", "voluntary_group"),
        ("周南フーズ株式会社", "company"),
    ] {
        let new = NewOrganization::parse(&OrganizationInput {
            kind: kind.into(),
            name: name.into(),
            municipality: Some("山口市".into()),
            ..Default::default()
        })
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        orgs.push(store.create_organization(&new, owner, 1).await?);
    }
    let collaboration = NewCollaboration {
        title: "フードバンク",
        lead: orgs[0],
        partners: &orgs[1..],
        theme_id: None,
        proposal_id: None,
        stage: Stage::Evaluation,
    };
    let cid = store.create_collaboration(&collaboration, owner, 1).await?;
    let t = Instant::now();
    let small = survey_of(&store, cid, owner, args.small).await?;
    let large = survey_of(&store, cid, owner, args.large).await?;
    let export = survey_of(&store, cid, owner, args.export).await?;
    println!(
        "  loaded {} responses in {:.1} s",
        args.small + args.large + args.export,
        t.elapsed().as_secs_f64()
    );
    store.close().await;

    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let log = dir.path().join("serve.log");
    let server = Server(
        std::process::Command::new(&exe)
            .args(["--database-url", &url, "--data-dir"])
            .arg(dir.path())
            .args(["--bind", &format!("127.0.0.1:{port}"), "serve"])
            .env("KYODO_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .context("start kyodo serve")?,
    );
    let pid = server.0.id();
    wait_ready(&base, &log).await?;
    let browser = signed_in(&base).await?;

    // The results page, few against many, interleaved so both see the same machine.
    let page = |sid: i64| format!("{base}/collaborations/{cid}/surveys/{sid}/results");
    timed(&browser, &page(small), 5).await?;
    timed(&browser, &page(large), 5).await?;
    let (mut few, mut many) = (Vec::new(), Vec::new());
    for _ in 0..args.rounds.div_ceil(10) {
        few.extend(timed(&browser, &page(small), 10).await?);
        many.extend(timed(&browser, &page(large), 10).await?);
    }
    let ((f50, f99), (m50, m99)) = (percentiles(few), percentiles(many));
    let ratio = m50 / f50.max(1e-6);
    println!("  results page (median, p99)");
    println!("    {:>7} responses   {f50:>8.2} ms   {f99:>8.2} ms", args.small);
    println!("    {:>7} responses   {m50:>8.2} ms   {m99:>8.2} ms", args.large);
    println!("    ratio {ratio:.2}×  (goal ≤ 2×: {})", verdict(ratio <= 2.0));

    // The CSV and the workbook of every response, read as they come; the server's peak memory
    // reset just before each.
    let csv = download(
        &browser,
        &format!("{base}/collaborations/{cid}/surveys/{export}/responses.csv"),
        pid,
    )
    .await?;
    let lines = csv.body.iter().filter(|b| **b == b'\n').count();
    anyhow::ensure!(
        lines > args.export,
        "the CSV has {lines} lines for {} responses",
        args.export
    );
    csv.report("CSV ", args.export);
    let xlsx = download(
        &browser,
        &format!("{base}/collaborations/{cid}/surveys/{export}/responses.xlsx"),
        pid,
    )
    .await?;
    let rows = xlsx_rows(&xlsx.body)?;
    anyhow::ensure!(
        rows == args.export + 1,
        "the workbook has {rows} rows for {} responses",
        args.export
    );
    xlsx.report("XLSX", args.export);
    drop(server);
    Ok(ExitCode::SUCCESS)
}

/// A download and what it cost the server.
struct Download {
    body: Vec<u8>,
    took: f64,
    before: f64,
    peak: f64,
}

impl Download {
    fn report(&self, what: &str, n: usize) {
        let growth = self.peak - self.before;
        println!(
            "  {what} of {n} responses: {:.1} MB in {:.1} s; server memory {:.0} MB before, peak {:.0} MB: growth {growth:.1} MB (goal < 50 MB: {})",
            self.body.len() as f64 / 1e6,
            self.took,
            self.before,
            self.peak,
            verdict(growth < 50.0)
        );
    }
}

async fn download(http: &reqwest::Client, url: &str, pid: u32) -> anyhow::Result<Download> {
    let before = proc_mb(pid, "VmRSS:").unwrap_or(0.0);
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").context("reset the server's peak memory")?;
    let t = Instant::now();
    let mut res = http.get(url).send().await?;
    anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    let took = t.elapsed().as_secs_f64();
    let peak = proc_mb(pid, "VmHWM:").unwrap_or(0.0);
    Ok(Download {
        body,
        took,
        before,
        peak,
    })
}

/// Rows of the workbook's first sheet, the heading included.
fn xlsx_rows(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).context("the export is not an xlsx")?;
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml")?, &mut sheet)?;
    Ok(sheet.matches("<row ").count())
}
